/** registre-tableur.csv: the register made for a French spreadsheet opened by double-click. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { toOpenDataEntry } from '../../src/lib/open-data/json.ts';
import { spreadsheetColumns, toSpreadsheetCsv } from '../../src/lib/open-data/spreadsheet.ts';
import type { OpenDataEntry } from '../../src/lib/open-data/schema.ts';
import { FIXTURE } from '../helpers/content.ts';

const content = loadContent(FIXTURE);
const entry = toOpenDataEntry(content.register[0]!, content);

/** The file's single row, as a record keyed by header. */
function recordOf(csv: string): Record<string, string> {
  const [header, row, ...rest] = parseCsv(csv.slice(1), ';');
  expect(rest).toEqual([]);
  return Object.fromEntries(header!.map((name, i) => [name, row![i]!]));
}

describe('registre-tableur.csv', () => {
  it('commence par la marque d’ordre d’octets, sépare par des points-virgules et finit ses lignes par CRLF', () => {
    const csv = toSpreadsheetCsv([entry, entry]);
    expect(csv.startsWith('\uFEFFIdentifiant;Adresse de la fiche;Nom de l’usage;En bref;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv.slice(1, csv.indexOf('\r\n')).split(';')).toEqual(spreadsheetColumns().map((c) => c.header));
  });

  it('nomme les colonnes par leur libellé français, sans le code du service', () => {
    const headers = spreadsheetColumns().map((c) => c.header);
    expect(headers).toEqual(
      expect.arrayContaining([
        'Nom du service responsable',
        'Statut',
        'Étapes',
        'Les données — Données personnelles',
        'Les données — Analyse d’impact relative à la protection des données (AIPD) — Analyse réalisée',
      ]),
    );
    expect(headers).not.toContain('service');
    expect(headers.filter((h) => /^[a-z_.]+$/.test(h))).toEqual([]);
    expect(new Set(headers).size).toBe(headers.length);
  });

  it('écrit les valeurs en toutes lettres : libellés, Oui/Non, dates JJ/MM/AAAA, virgule décimale', () => {
    const record = recordOf(toSpreadsheetCsv([{ ...entry, environment: { ...entry.environment!, estimate: 12.5 } } as OpenDataEntry]));
    expect(record['Statut']).toBe('En service');
    expect(record['Le système — Type d’IA']).toBe('Apprentissage automatique (prédiction, classement)');
    expect(record['Les données — Données personnelles']).toBe('Non');
    expect(record['Date de publication']).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(record['Dernière révision — Date de révision']).toBe(entry.revision.date.split('-').reverse().join('/'));
    expect(record['Empreinte environnementale — Estimation']).toBe('12,5');
    expect(record['Grille d’évaluation — Valeur créée — Note sur 5']).toBe('4');
    expect(record['Mots-clés']).toBe('eau ; fuites');
  });

  it('met les étapes en clair, une par ligne de la cellule, sans JSON', () => {
    const steps = recordOf(toSpreadsheetCsv([entry]))['Étapes']!;
    expect(steps.split('\n')).toEqual([
      'Date : 1 mars 2024 ; Nouveau statut : Expérimentation ; Ce qui a été décidé : Essai sur un secteur.',
      'Date : 15 janvier 2025 ; Nouveau statut : En service ; Ce qui a été décidé : Généralisation après bilan.',
    ]);
    expect(toSpreadsheetCsv([entry])).not.toMatch(/[[{]"/);
  });

  it('nomme ce que désignent les références (décisions, articles de la charte) au lieu de leurs identifiants', () => {
    const withRefs = {
      ...entry,
      lifecycle: [{ ...entry.lifecycle[0]!, decision: 'cdia-2024-02' }],
      charter_articles: ['humain-decide', 'article-inconnu'],
    } as OpenDataEntry;
    const known: Record<string, string> = {
      'decisions:cdia-2024-02': 'Essai de la détection (Comité de l’IA, 12 février 2024)',
      'charter-articles:humain-decide': 'Article 1 de la charte : Une personne décide',
    };
    const names = (target: string, id: string) => known[`${target}:${id}`];
    const record = recordOf(toSpreadsheetCsv([withRefs], names));
    expect(record['Étapes']).toContain('Décision de comité : Essai de la détection (Comité de l’IA, 12 février 2024)');
    expect(record['Articles de la charte appliqués']).toBe('Article 1 de la charte : Une personne décide ; article-inconnu');
    // Without names, the ids are kept: nothing is lost.
    expect(recordOf(toSpreadsheetCsv([withRefs]))['Articles de la charte appliqués']).toBe('humain-decide ; article-inconnu');
  });

  it('neutralise les cellules qu’un tableur prendrait pour une formule, et garde intact un texte à points-virgules', () => {
    const hostile = {
      ...entry,
      title: '=HYPERLINK("http://ailleurs.example";"clic")',
      summary: '+33 6 00 00 00 00',
      keywords: ['@SOMME(A1)', 'b'],
      purpose: { ...entry.purpose, problem: '-2 ; un texte; avec "guillemets"\net deux lignes' },
    } as OpenDataEntry;
    const record = recordOf(toSpreadsheetCsv([hostile]));
    expect(record['Nom de l’usage']).toBe('\'=HYPERLINK("http://ailleurs.example";"clic")');
    expect(record['En bref']).toBe("'+33 6 00 00 00 00");
    expect(record['Mots-clés']).toBe("'@SOMME(A1) ; b");
    expect(record['Finalité — Le problème à résoudre']).toBe('\'-2 ; un texte; avec "guillemets"\net deux lignes');
  });
});
