import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../../src/lib/content/load.ts';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import {
  ALGORITMEREGISTER,
  ATRS,
  EUROCITIES,
  fromAlgoritmeregister,
  fromAtrs,
  fromEurocities,
  conformance,
  STANDARD_EXPORTS,
  toAlgoritmeregister,
  toAtrs,
  toEurocities,
} from '../../src/lib/open-data/standards/index.ts';
import { roundTripDifferences } from '../../src/lib/open-data/standards/shared.ts';
import { builtFile, clientDir, requireBuild, type BuiltSite } from '../helpers/dist.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { PROJECT } from '../helpers/project.ts';

let content: Content;

beforeAll(() => {
  requireBuild();
  content = loadContent(path.join(PROJECT, 'content'));
});

describe('exports vers les autres standards, tels que construits', () => {
  it('sont dans dist/client/donnees/standards/', () => {
    for (const standard of STANDARD_EXPORTS) {
      expect(existsSync(path.join(clientDir(), standard.href)), standard.href).toBe(true);
    }
  });

  it('eurocities.json : un enregistrement par fiche de content/, avec les champs du standard, fidèle au contenu', () => {
    const records = JSON.parse(builtFile('donnees/standards/eurocities.json'));
    expect(records).toEqual(JSON.parse(JSON.stringify(toEurocities(content))));
    expect(records).toHaveLength(content.register.length);
    for (const record of records) {
      expect(Object.keys(record)).toEqual(EUROCITIES.fields);
      expect(record.standard_version).toBe('0.3.1');
    }
    const { compared, differences } = roundTripDifferences(EUROCITIES, content, fromEurocities(records));
    expect(differences).toEqual([]);
    expect(compared).toBe(content.register.length * Object.keys(EUROCITIES.carried).length);
  });

  it('algoritmeregister.csv : les colonnes du standard, une ligne par fiche, fidèle au contenu', () => {
    const csv = builtFile('donnees/standards/algoritmeregister.csv');
    expect(csv).toBe(toAlgoritmeregister(content));
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual(ALGORITMEREGISTER.fields);
    expect(rows.map((row) => row[header!.indexOf('source_id')])).toEqual(content.register.map((e) => e.slug));
    const { differences } = roundTripDifferences(ALGORITMEREGISTER, content, fromAlgoritmeregister(csv));
    expect(differences).toEqual([]);
  });

  it('atrs.csv : les colonnes du standard, une ligne par fiche, fidèle au contenu', () => {
    const csv = builtFile('donnees/standards/atrs.csv');
    expect(csv).toBe(toAtrs(content));
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual(ATRS.fields);
    expect(rows).toHaveLength(content.register.length);
    const { differences } = roundTripDifferences(ATRS, content, fromAtrs(csv));
    expect(differences).toEqual([]);
  });

  it('sont listés sur /donnees/ avec leur standard, leur version et ce qu’ils ne peuvent pas transmettre', () => {
    const page = builtFile('donnees/index.html');
    expect(page).toContain('Exports aux formats d’autres standards');
    for (const standard of STANDARD_EXPORTS) {
      expect(page).toContain(`href="${standard.href}"`);
      expect(page).toContain(`version ${standard.version}`);
      for (const { fields, reason } of standard.notCarried) {
        for (const field of fields) expect(page).toContain(`<code>${field}</code>`);
        expect(page).toContain(reason.replace(/&/g, '&amp;'));
      }
    }
    const headings = [...page.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    headings.forEach((level, i) =>
      expect(level - (headings[i - 1] ?? 0), `titre h${level} après h${headings[i - 1]}`).toBeLessThanOrEqual(1),
    );
    const tables = page.split('<table').slice(1);
    for (const table of tables) {
      expect(table).toMatch(/^[^>]*>\s*<caption[^>]*>/);
      expect(table.match(/<th(?=[\s>])(?![^>]*scope=)/g)).toBeNull();
    }
  });
});

/** Every record of every export file of a built site, checked against its standard's field rules. */
function expectConformingExports(site: BuiltSite | undefined, entries: number): void {
  for (const standard of STANDARD_EXPORTS) {
    const result = conformance(standard, builtFile(standard.href, site));
    expect(result.records, standard.key).toBe(entries);
    expect(result.violations, standard.key).toEqual([]);
    for (const { field } of result.tolerated) expect(standard.tolerated.map((t) => t.field)).toContain(field);
  }
}

describe('exports vers les autres standards, conformes aux définitions de chaque standard', () => {
  it('démonstration : chaque enregistrement remplit les champs obligatoires et respecte types, valeurs permises et longueurs', () => {
    expectConformingExports(undefined, content.register.length);
  });

  it('site de test : chaque enregistrement remplit les champs obligatoires et respecte types, valeurs permises et longueurs', () => {
    const essai = fixtureSite('essai');
    expectConformingExports(essai, essai.content.register.length);
  });
});
