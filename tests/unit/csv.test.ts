import { describe, expect, it } from 'vitest';
import { csvColumns, parseCsv, quote, toCsv } from '../../src/lib/open-data/csv.ts';
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
