/**
 * The same spreadsheet also adds dated milestones (one row each) and the council's assessment of
 * each answer; a bad milestone or assessment is refused with its line and column, nothing written.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { answersTemplate, planAnswersImport, writePlannedFiles, type ImportProblem } from '../../src/lib/follow-up/answers-csv.ts';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { dayFrom, frenchToday } from '../helpers/dates.ts';
import { FIXTURE_SITES, materializeContent } from '../helpers/fixture-site.ts';

let base: string;
let root: string;
let today: string;
beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'registre-import-etapes-'));
  root = path.join(base, 'content');
  today = frenchToday();
  materializeContent('essai', root, today);
  cpSync(path.join(FIXTURE_SITES, 'essai', 'public'), path.join(base, 'public'), { recursive: true });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const toCsv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\r\n');
const snapshot = () =>
  Object.fromEntries(readdirSync(path.join(root, 'avis')).map((f) => [f, readFileSync(path.join(root, 'avis', f), 'utf8')]));
/** The cells of a milestone row; a cell left undefined stays empty. */
function step(date: string | undefined, title: string, kind?: string, evidence?: string): Record<string, string> {
  const cells = { 'Étape : date': date, 'Étape : ce qui a été fait': title, 'Étape : type de preuve': kind, 'Étape : preuve': evidence };
  return Object.fromEntries(Object.entries(cells).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
/** A date as a French spreadsheet shows it. */
const french = (iso: string) => iso.split('-').reverse().join('/');

/** The template's rows, and a way to add a row for one recommendation with some columns filled. */
function template() {
  const rows = parseCsv(answersTemplate(loadContent(root)).slice(1), ';');
  const header = rows[0]!;
  const add = (recommendation: string, cells: Record<string, string>) => {
    const row = header.map(() => '');
    row[header.indexOf('Avis')] = 'avis-aides-logement';
    row[header.indexOf('Recommandation')] = recommendation;
    for (const [column, value] of Object.entries(cells)) {
      if (header.indexOf(column) < 0) throw new Error(`colonne inconnue : ${column}`);
      row[header.indexOf(column)] = value;
    }
    rows.push(row);
    return rows.length;
  };
  const set = (recommendation: string, column: string, value: string) => {
    rows.find((r) => r[1] === recommendation)![header.indexOf(column)] = value;
  };
  return { rows, add, set, lineOf: (recommendation: string) => rows.findIndex((r) => r[1] === recommendation) + 1 };
}

function refused(csv: string): ImportProblem[] {
  const plan = planAnswersImport(root, loadContent(root), csv);
  if (plan.ok) throw new Error('the import was accepted');
  return plan.problems;
}
const recommendation = (id: string) => loadContent(root).opinions[0]!.recommendations.find((r) => r.id === id)!;

describe('import des étapes et des appréciations du conseil', () => {
  it('le modèle porte les appréciations actuelles et, réimporté, ne change ni étapes ni appréciations', () => {
    const before = loadContent(root).opinions[0]!.recommendations;
    const { rows } = template();
    expect(rows[0]).toEqual(expect.arrayContaining(['Appréciation du conseil', 'Note du conseil sur 10', 'Étape : preuve']));
    const plan = planAnswersImport(root, loadContent(root), toCsv(rows));
    expect(plan.ok && [plan.milestones, plan.assessed]).toEqual([0, before.filter((r) => r.assessment).length]);
    if (plan.ok) writePlannedFiles(plan.files);
    expect(loadContent(root).opinions[0]!.recommendations).toEqual(before);
  });

  it('des lignes d’étape s’ajoutent dans l’ordre des dates, une étape déjà publiée n’est pas doublée', () => {
    const t = template();
    const existing = recommendation('regle-urgence').answer!.milestones;
    const early = dayFrom(today, -70);
    const late = dayFrom(today, -2);
    t.add('regle-urgence', step(french(late), 'Le comité vérifie la règle', 'Décision', 'cdia-2026-06'));
    t.add('regle-urgence', step(early, 'La charte révisée reprend la règle', 'version de la charte', 'charte-v2'));
    t.add('regle-urgence', step(french(existing[0]!.date), existing[0]!.title, 'fiche du registre', 'priorisation-demandes-fsl'));
    const plan = planAnswersImport(root, loadContent(root), toCsv(t.rows));
    expect(plan.ok && plan.milestones).toBe(2);
    if (plan.ok) writePlannedFiles(plan.files);
    const milestones = recommendation('regle-urgence').answer!.milestones;
    expect(milestones.map((m) => m.date)).toEqual([...milestones.map((m) => m.date)].sort());
    expect(milestones).toHaveLength(existing.length + 2);
    expect(milestones).toContainEqual({ date: early, title: 'La charte révisée reprend la règle', charter: 'charte-v2' });
    expect(milestones).toContainEqual({ date: late, title: 'Le comité vérifie la règle', decision: 'cdia-2026-06' });
  });

  it('une appréciation nouvelle, avec la note, la date à la française et le libellé du verdict', () => {
    const t = template();
    const day = dayFrom(today, -1);
    t.set('controle-independant', 'Appréciation du conseil', 'Réponse insuffisante');
    t.set('controle-independant', 'Note du conseil sur 10', '2');
    t.set('controle-independant', 'Date de l’appréciation', french(day));
    t.set('controle-independant', 'Séance de l’appréciation', 'cc-2026-01');
    const plan = planAnswersImport(root, loadContent(root), toCsv(t.rows));
    expect(plan.ok).toBe(true);
    if (plan.ok) writePlannedFiles(plan.files);
    expect(recommendation('controle-independant').assessment).toEqual({
      verdict: 'insuffisante',
      grade: 2,
      date: day,
      session: 'cc-2026-01',
    });
  });

  it('chaque sorte d’erreur d’une étape ou d’une appréciation nomme sa ligne et sa colonne, et rien n’est écrit', () => {
    const t = template();
    const answerDate = recommendation('regle-urgence').answer!.date;
    const before = snapshot();
    t.set('formulaire', 'Appréciation du conseil', 'Bof');
    t.set('controle-independant', 'Appréciation du conseil', 'Réponse satisfaisante');
    t.set('controle-independant', 'Note du conseil sur 10', 'dix');
    t.set('controle-independant', 'Date de l’appréciation', french(dayFrom(today, -1)));
    t.set('controle-independant', 'Séance de l’appréciation', 'cc-2026-01');
    const noDate = t.add('regle-urgence', step(undefined, 'Sans date', 'décision', 'cdia-2026-06'));
    const badKind = t.add('regle-urgence', step(today, 'Preuve inconnue', 'photo', 'x'));
    const noEvidence = t.add('regle-urgence', step(today, 'Sans preuve'));
    expect(refused(toCsv(t.rows))).toEqual([
      {
        line: t.lineOf('formulaire'),
        column: 'Appréciation du conseil',
        message: expect.stringMatching(/^« Bof » n’est pas une appréciation possible \(Réponse satisfaisante/),
      },
      { line: t.lineOf('controle-independant'), column: 'Note du conseil sur 10', message: 'note entière de 0 à 10 attendue' },
      { line: noDate, column: 'Étape : date', message: 'valeur obligatoire manquante' },
      {
        line: badKind,
        column: 'Étape : type de preuve',
        message: expect.stringMatching(/^« photo » n’est pas un type de preuve \(types : décision, délibération/),
      },
      { line: noEvidence, column: 'Étape : preuve', message: expect.stringMatching(/^une étape indique sa preuve/) },
    ]);
    expect(snapshot()).toEqual(before);

    // Once every row is right on its own: what only the answer, or the whole content, can tell.
    const second = template();
    const early = second.add('regle-urgence', {
      'Étape : date': dayFrom(answerDate, -1),
      'Étape : ce qui a été fait': 'Avant la réponse',
      'Étape : type de preuve': 'décision',
      'Étape : preuve': 'cdia-2026-06',
    });
    const orphan = second.add('atelier', step(today, 'Trop tôt', 'adresse web', 'https://exemple.test/'));
    expect(refused(toCsv(second.rows))).toEqual([
      { line: early, column: 'Étape : date', message: `une étape ne peut précéder la réponse (${answerDate})` },
      { line: orphan, column: 'Réponse', message: expect.stringMatching(/^une étape suit une réponse/) },
    ]);

    const third = template();
    const unknown = third.add('regle-urgence', step(today, 'Décision inconnue', 'décision', 'cdia-1999-99'));
    third.set('formulaire', 'Séance de l’appréciation', 'seance-inconnue');
    expect(refused(toCsv(third.rows))).toEqual(
      expect.arrayContaining([
        {
          line: unknown,
          column: 'Étape : preuve',
          message: expect.stringMatching(/^la décision « cdia-1999-99 » n’existe dans aucun compte rendu/),
        },
        {
          line: third.lineOf('formulaire'),
          column: 'Séance de l’appréciation',
          message: expect.stringMatching(/^la décision « seance-inconnue » n’existe/),
        },
      ]),
    );
    expect(snapshot()).toEqual(before);
  });

  it('une recommandation n’a qu’une ligne de réponse ; les lignes de plus ne portent qu’une étape', () => {
    const t = template();
    const twice = t.add('formulaire', { Réponse: 'Retenue' });
    expect(refused(toCsv(t.rows))).toEqual([
      {
        line: twice,
        column: 'Recommandation',
        message: `cette recommandation a déjà une ligne (ligne ${t.lineOf('formulaire')}) ; une ligne de plus ne peut porter qu’une étape`,
      },
    ]);
  });
});
