/**
 * The councils' opinions: what the schemas refuse and which references are checked, each with a
 * French message naming the file and the field; and lateness, computed for a given day.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError, type Problem } from '../../src/lib/content/problems.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import { followRecommendations, followUpFigures, isLate } from '../../src/lib/follow-up/recommendations.ts';
import type { AnswerData } from '../../src/schemas/opinions.ts';
import { frenchToday } from '../helpers/dates.ts';
import { FIXTURE_SITES, materializeContent } from '../helpers/fixture-site.ts';

const OPINION = 'avis/avis-aides-logement.yaml';
let base: string;
const today = frenchToday();

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'registre-avis-'));
  materializeContent('essai', path.join(base, 'content'), today);
  cpSync(path.join(FIXTURE_SITES, 'essai', 'public'), path.join(base, 'public'), { recursive: true });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The problems of the fixture's content once `change` altered one of its files (restored after). */
function problemsAfter(file: string, change: (data: Record<string, any>) => void): Problem[] {
  const full = path.join(base, 'content', file);
  const original = readFileSync(full, 'utf8');
  const data = yaml.load(original, { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
  change(data);
  writeFileSync(full, yaml.dump(data, { schema: yaml.CORE_SCHEMA }));
  try {
    loadContent(path.join(base, 'content'));
  } catch (error) {
    if (error instanceof ContentError) return error.problems;
    throw error;
  } finally {
    writeFileSync(full, original);
  }
  throw new Error('the content was accepted');
}

const onlyProblem = (problems: Problem[]) => {
  expect(problems).toHaveLength(1);
  return problems[0]!;
};

describe('avis : contenu valide', () => {
  it('le site de test se charge, avec son avis et sa saisine', () => {
    const content = loadContent(path.join(base, 'content'));
    expect(content.opinions.map((o) => o.id)).toEqual(['avis-aides-logement']);
    expect([...content.referrals.keys()]).toEqual(['saisine-aides-logement']);
  });
});

describe('avis : erreurs de schéma, en français', () => {
  it('une recommandation retenue sans échéance', () => {
    const p = onlyProblem(problemsAfter(OPINION, (d) => delete d.recommendations[0].answer.due));
    expect(p).toMatchObject({
      file: expect.stringContaining(OPINION),
      field: 'recommendations.0.answer.due',
      message: 'une recommandation retenue, même en partie, a une échéance',
    });
  });
  it('une réponse qui n’indique ni décision ni délibération', () => {
    const p = onlyProblem(problemsAfter(OPINION, (d) => delete d.recommendations[2].answer.decision));
    expect(p.field).toBe('recommendations.2.answer.decision');
    expect(p.message).toBe('indiquez la décision ou la délibération qui porte la réponse');
  });
  it('une réponse hors du vocabulaire', () => {
    const p = onlyProblem(problemsAfter(OPINION, (d) => (d.recommendations[0].answer.status = 'acceptee')));
    expect(p.field).toBe('recommendations.0.answer.status');
    expect(p.label).toBe('Réponse de la collectivité');
  });
  it('une appréciation hors du vocabulaire, une note au-delà de 10', () => {
    const problems = problemsAfter(OPINION, (d) => {
      d.recommendations[0].assessment.verdict = 'bof';
      d.recommendations[0].assessment.grade = 12;
    });
    expect(problems.map((p) => p.field).sort()).toEqual(['recommendations.0.assessment.grade', 'recommendations.0.assessment.verdict']);
    expect(problems.find((p) => p.field.endsWith('grade'))!.message).toBe('note de 0 à 10');
  });
  it('deux recommandations avec le même identifiant', () => {
    const p = onlyProblem(problemsAfter(OPINION, (d) => (d.recommendations[1].id = 'regle-urgence')));
    expect(p.field).toBe('recommendations.1.id');
    expect(p.message).toBe('l’identifiant « regle-urgence » est déjà celui d’une autre recommandation de l’avis');
  });
  it('une étape sans preuve', () => {
    const p = onlyProblem(problemsAfter(OPINION, (d) => delete d.recommendations[0].answer.milestones[0].entry));
    expect(p.field).toBe('recommendations.0.answer.milestones.0.decision');
    expect(p.message).toMatch(/^une étape indique sa preuve/);
  });
  it('une appréciation d’une recommandation sans réponse', () => {
    const p = onlyProblem(
      problemsAfter(
        OPINION,
        (d) => (d.recommendations[4].assessment = { verdict: 'insuffisante', date: '2026-01-01', session: 'cc-2026-01' }),
      ),
    );
    expect(p.field).toBe('recommendations.4.assessment');
    expect(p.message).toBe('le conseil apprécie une réponse : la recommandation n’en a pas encore');
  });
  it('une réponse antérieure à l’avis', () => {
    const p = onlyProblem(problemsAfter(OPINION, (d) => (d.recommendations[3].answer.date = '2000-01-01')));
    expect(p.field).toBe('recommendations.3.answer.date');
    expect(p.message).toMatch(/^la réponse précède l’avis/);
  });
});

describe('avis : références vérifiées à la construction', () => {
  it('une saisine qui n’existe pas', () => {
    const p = onlyProblem(problemsAfter(OPINION, (d) => (d.referral = 'saisine-inconnue')));
    expect(p).toMatchObject({ field: 'referral', label: 'Saisine' });
    expect(p.message).toBe('la saisine « saisine-inconnue » n’existe pas (saisines connues : saisine-aides-logement)');
  });
  it('une saisine adressée à une autre instance', () => {
    const p = onlyProblem(problemsAfter('saisines/saisine-aides-logement.yaml', (d) => (d.committee = 'comite-donnee-ia')));
    expect(p.file).toContain(OPINION);
    expect(p.message).toBe(
      'la saisine « saisine-aides-logement » a été adressée à l’instance « comite-donnee-ia », pas à « conseil-citoyen-ia »',
    );
  });
  it('une appréciation adoptée par une autre instance que le conseil', () => {
    const p = onlyProblem(problemsAfter(OPINION, (d) => (d.recommendations[0].assessment.session = 'cdia-2026-06')));
    expect(p.field).toBe('recommendations.0.assessment.session');
    expect(p.message).toMatch(/^l’appréciation est celle du conseil/);
  });
  it('une décision, un service, un usage, un article, une version de charte, une consultation inconnus', () => {
    const problems = problemsAfter(OPINION, (d) => {
      const answer = d.recommendations[0].answer;
      answer.decision = 'decision-inconnue';
      answer.responsible = 'service-inconnu';
      d.recommendations[0].entries = ['usage-inconnu'];
      d.recommendations[0].articles = ['article-inconnu'];
      d.recommendations[0].consultations = ['consultation-inconnue'];
      answer.milestones[0].charter = 'charte-v9';
    });
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
    expect(byField).toEqual({
      'recommendations.0.answer.decision': 'la décision « decision-inconnue » n’existe dans aucun compte rendu',
      'recommendations.0.answer.responsible': expect.stringMatching(/^le service « service-inconnu » n’existe pas/),
      'recommendations.0.entries.0': 'l’usage « usage-inconnu » n’existe pas dans le registre',
      'recommendations.0.articles.0': expect.stringMatching(/^l’article « article-inconnu » n’existe pas dans la charte en vigueur/),
      'recommendations.0.consultations.0': 'la consultation « consultation-inconnue » n’existe pas',
      'recommendations.0.answer.milestones.0.charter':
        'la version de la charte « charte-v9 » n’existe pas (versions : charte-v1, charte-v2)',
    });
  });
  it('une saisine qui cite une instance inconnue', () => {
    const problems = problemsAfter('saisines/saisine-aides-logement.yaml', (d) => (d.committee = 'conseil-inconnu'));
    expect(problems.find((p) => p.file.includes('saisines/'))).toMatchObject({
      field: 'committee',
      message: expect.stringMatching(/^l’instance « conseil-inconnu » n’existe pas/),
    });
  });
});

describe('retard : calculé pour un jour donné', () => {
  const answer = (extra: Partial<AnswerData>): AnswerData => ({
    status: 'retenue',
    reasons: 'Des motifs suffisants.',
    date: '2026-01-10',
    responsible: 'direction-solidarites',
    due: '2026-06-30',
    milestones: [],
    ...extra,
  });
  it('retenue, échéance dépassée : en retard le lendemain de l’échéance, pas le jour même', () => {
    expect(isLate(answer({}), '2026-06-30')).toBe(false);
    expect(isLate(answer({}), '2026-07-01')).toBe(true);
  });
  it('retenue en partie : en retard aussi', () => {
    expect(isLate(answer({ status: 'retenue-en-partie' }), '2027-01-01')).toBe(true);
  });
  it('achevée, non retenue ou à l’étude : jamais en retard', () => {
    expect(isLate(answer({ completed: '2026-08-01' }), '2027-01-01')).toBe(false);
    expect(isLate(answer({ status: 'non-retenue' }), '2027-01-01')).toBe(false);
    expect(isLate(answer({ status: 'a-l-etude' }), '2027-01-01')).toBe(false);
    expect(isLate(undefined, '2027-01-01')).toBe(false);
  });
  it('les chiffres du site de test, au jour de la construction', () => {
    const content = loadContent(path.join(base, 'content'));
    const figures = followUpFigures(followRecommendations(content, today));
    expect(figures).toMatchObject({
      total: 5,
      late: 1,
      byStanding: { retenue: 1, 'retenue-en-partie': 1, 'non-retenue': 1, 'a-l-etude': 1, 'sans-reponse': 1 },
      byVerdict: { 'en-attente': 1, insuffisante: 1, satisfaisante: 0, 'sans-appreciation': 3 },
    });
  });
});
