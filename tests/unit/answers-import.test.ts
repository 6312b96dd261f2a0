/**
 * The answers imported from a spreadsheet: the pre-filled template goes back in unchanged, a new
 * answer is written, and a bad row is refused with its line and column while nothing is written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { answersTemplate, planAnswersImport, writePlannedFiles, type ImportProblem } from '../../src/lib/follow-up/answers-csv.ts';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { frenchToday } from '../helpers/dates.ts';
import { FIXTURE_SITES, materializeContent } from '../helpers/fixture-site.ts';
import { PROJECT } from '../helpers/project.ts';

let base: string;
let root: string;
beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'registre-import-'));
  root = path.join(base, 'content');
  materializeContent('essai', root, frenchToday());
  cpSync(path.join(FIXTURE_SITES, 'essai', 'public'), path.join(base, 'public'), { recursive: true });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** The template's rows as cells, to change some before writing them back. */
function templateRows(): string[][] {
  return parseCsv(answersTemplate(loadContent(root)).slice(1), ';');
}
const toCsv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\r\n');
const snapshot = () =>
  Object.fromEntries(readdirSync(path.join(root, 'avis')).map((f) => [f, readFileSync(path.join(root, 'avis', f), 'utf8')]));

function refused(csv: string): ImportProblem[] {
  const plan = planAnswersImport(root, loadContent(root), csv);
  if (plan.ok) throw new Error('the import was accepted');
  return plan.problems;
}

describe('import des réponses depuis un tableur', () => {
  it('le modèle pré-rempli, réimporté tel quel, redonne les mêmes réponses', () => {
    const before = loadContent(root).opinions[0]!.recommendations.map((r) => r.answer);
    const plan = planAnswersImport(root, loadContent(root), answersTemplate(loadContent(root)));
    expect(plan.ok && plan.answered).toBe(4);
    if (plan.ok) writePlannedFiles(plan.files);
    expect(loadContent(root).opinions[0]!.recommendations.map((r) => r.answer)).toEqual(before);
  });

  it('une nouvelle réponse, écrite avec une date à la française et le libellé de la réponse', () => {
    const rows = templateRows();
    const header = rows[0]!;
    const row = rows.find((r) => r[1] === 'atelier')!;
    row[header.indexOf('Réponse')] = 'Retenue en partie';
    row[header.indexOf('Motifs')] = 'Un atelier d’écriture aura lieu avec le conseil.';
    row[header.indexOf('Date de la réponse')] = '2/1/2099'.replace('2099', String(new Date().getFullYear() + 1));
    row[header.indexOf('Délibération')] = 'Délibération n° 2027-001';
    row[header.indexOf('Service responsable')] = 'direction-solidarites';
    row[header.indexOf('Échéance')] = `31/12/${new Date().getFullYear() + 2}`;
    const plan = planAnswersImport(root, loadContent(root), toCsv(rows));
    expect(plan.ok).toBe(true);
    if (plan.ok) writePlannedFiles(plan.files);
    const answer = loadContent(root).opinions[0]!.recommendations.find((r) => r.id === 'atelier')!.answer!;
    expect(answer).toMatchObject({
      status: 'retenue-en-partie',
      date: `${new Date().getFullYear() + 1}-01-02`,
      due: `${new Date().getFullYear() + 2}-12-31`,
    });
  });

  it('une ligne fausse est refusée avec sa ligne et sa colonne, et rien n’est écrit, pas même les bonnes lignes', () => {
    const rows = templateRows();
    const header = rows[0]!;
    rows[1]![header.indexOf('Motifs')] = 'Des motifs changés, sur une ligne juste.';
    rows[2]![header.indexOf('Réponse')] = 'Acceptée';
    const before = snapshot();
    expect(refused(toCsv(rows))).toEqual([
      {
        line: 3,
        column: 'Réponse',
        message: '« Acceptée » n’est pas une réponse possible (Retenue, Retenue en partie, Non retenue, À l’étude)',
      },
    ]);
    expect(snapshot()).toEqual(before);
  });

  it('chaque sorte d’erreur nomme la ligne et la colonne', () => {
    const rows = templateRows();
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    rows[1]![col('Échéance')] = '';
    rows[2]![col('Date de la réponse')] = '32/01/2000';
    rows[3]![col('Service responsable')] = 'service-inconnu';
    rows[4]![col('Recommandation')] = 'inconnue';
    rows.push(['avis-inconnu', 'r1', '', '', 'Retenue']);
    const problems = refused(toCsv(rows));
    expect(problems).toEqual([
      { line: 2, column: 'Échéance', message: 'une recommandation retenue, même en partie, a une échéance' },
      { line: 3, column: 'Date de la réponse', message: 'date attendue au format AAAA-MM-JJ (par exemple 2025-06-30)' },
      {
        line: 5,
        column: 'Recommandation',
        message: expect.stringMatching(/^l’avis « avis-aides-logement » n’a pas de recommandation « inconnue »/),
      },
      { line: 7, column: 'Avis', message: expect.stringMatching(/^l’avis « avis-inconnu » n’existe pas/) },
    ]);
    // The references are checked once every row passed its own checks.
    const second = templateRows();
    second[4]![col('Service responsable')] = 'service-inconnu';
    expect(refused(toCsv(second))).toEqual([
      { line: 5, column: 'Service responsable', message: expect.stringMatching(/^le service « service-inconnu » n’existe pas/) },
    ]);
  });

  it('un en-tête sans la colonne des réponses est refusé', () => {
    expect(refused('Avis;Recommandation\r\navis-aides-logement;regle-urgence\r\n')[0]).toEqual({
      line: 1,
      column: 'Réponse',
      message: 'colonne absente de l’en-tête',
    });
  });
});

describe('la commande npm run suivi', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(PROJECT, 'scripts/suivi.ts'), ...args], {
      env: { ...process.env, REGISTRE_CONTENT_DIR: root },
      encoding: 'utf8',
    });

  it('écrit le modèle, refuse un fichier faux avec le code 1 sans rien écrire, importe un fichier juste', () => {
    const template = path.join(base, 'modele.csv');
    execFileSync(process.execPath, [path.join(PROJECT, 'scripts/suivi.ts'), 'modele', template], {
      env: { ...process.env, REGISTRE_CONTENT_DIR: root },
    });
    const good = readFileSync(template, 'utf8');
    const bad = path.join(base, 'faux.csv');
    writeFileSync(bad, good.replace(';Retenue;', ';Peut-être;'));
    const before = snapshot();
    const refusal = run('importer', bad);
    expect(refusal.status).toBe(1);
    expect(refusal.stderr).toContain('ligne 2, colonne « Réponse » : « Peut-être » n’est pas une réponse possible');
    expect(refusal.stderr).toContain('rien n’a été écrit');
    expect(snapshot()).toEqual(before);
    const accepted = run('importer', template);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain('4 réponses importées');
    expect(run().status).toBe(2);
  });
});
