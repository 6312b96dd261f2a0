import { describe, expect, it } from 'vitest';
import { csvColumns, csvText, parseCsv, quote, spreadsheetSafe, toCsv } from '../../src/lib/open-data/csv.ts';
import { toOpenDataEntry } from '../../src/lib/open-data/json.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import { FIXTURE } from '../helpers/content.ts';

describe('export CSV', () => {
  it('met entre guillemets selon la RFC 4180', () => {
    expect(quote('simple')).toBe('simple');
    expect(quote('a,b')).toBe('"a,b"');
    expect(quote('il a dit "non"')).toBe('"il a dit ""non"""');
    expect(quote('deux\nlignes')).toBe('"deux\nlignes"');
  });

  it('relit ce qu’elle écrit, texte hostile compris', () => {
    const hostile = ['"', ',', '\r\n', '""', 'é ’ « »', '=SUM(A1)', ''];
    const rows = parseCsv([hostile.map(quote).join(','), 'a,b'].join('\r\n') + '\r\n');
    expect(rows).toEqual([hostile, ['a', 'b']]);
  });

  it('a une colonne par champ terminal, l’identité d’abord', () => {
    const columns = csvColumns().map((c) => c.name);
    expect(columns.slice(0, 4)).toEqual(['id', 'url', 'title', 'summary']);
    expect(columns).toEqual(
      expect.arrayContaining(['data.dpia.done', 'evaluation.ethique.score', 'ai_act.eu_database.url', 'revision.note']),
    );
    expect(new Set(columns).size).toBe(columns.length);
  });

  it('écrit une ligne qui, relue, redonne la fiche', () => {
    const content = loadContent(FIXTURE);
    const entry = toOpenDataEntry(content.register[0]!, content);
    const [header, row] = parseCsv(toCsv([entry]));
    const record = Object.fromEntries(header!.map((name, i) => [name, row![i]]));
    expect(record.id).toBe('detection-fuites');
    expect(record.url).toBe('https://registre.essai.example/registre/detection-fuites/');
    expect(record['data.personal_data']).toBe('non');
    expect(record.keywords).toBe('eau ; fuites');
    expect(JSON.parse(record.lifecycle!)).toEqual(entry.lifecycle);
    expect(record['evaluation.valeur.score']).toBe('4');
    expect(record['system.source_code']).toBe('');
  });
});

describe('écriture CSV (csv-stringify)', () => {
  const hostile = ['"', ',', ';', '\r\n', '\n', '\r', '""', 'é ’ « »', '=SUM(A1)', '', ' -1', '＝1+1'];

  it('relit à l’identique chaque cellule, séparée par des virgules ou des points-virgules', () => {
    for (const separator of [',', ';'] as const) {
      const text = csvText([hostile, ['a', 'b']], { separator });
      expect(text.endsWith('\r\n')).toBe(true);
      expect(parseCsv(text, separator)).toEqual([hostile, ['a', 'b']]);
    }
  });

  it('neutralise les formules pour un tableur comme `spreadsheetSafe`, formes pleine chasse comprises', () => {
    const cells = ['=1+1', '+33', '-2', '@A1', '\t=1', '\r=1', '＝1', '＋1', '－1', '＠A1', 'Bonjour', ' =1', 'a=b', ''];
    const [row] = parseCsv(csvText([cells], { separator: ';', spreadsheet: true }), ';');
    expect(row).toEqual(cells.map(spreadsheetSafe));
    expect(row!.slice(0, 10).every((cell) => cell.startsWith("'"))).toBe(true);
    expect(parseCsv(csvText([cells]))[0]).toEqual(cells);
  });

  it('refuse un guillemet mal placé en nommant la ligne', () => {
    expect(() => parseCsv('a,b\r\nc,"d\r\n')).toThrow(/^CSV illisible, ligne \d+ : /);
    expect(() => parseCsv('a,b"c\r\n')).toThrow(/CSV illisible/);
  });
});
