import { describe, expect, it } from 'vitest';
import { registerEntrySchema } from '../../src/schemas/register.ts';
import { fixtureEntry } from '../helpers/content.ts';

function issuesOf(entry: unknown) {
  const result = registerEntrySchema.safeParse(entry);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('schéma d’une fiche du registre', () => {
  it('accepte la fiche de test et remplit les valeurs par défaut', () => {
    const entry = fixtureEntry();
    delete entry.links;
    delete entry.withheld;
    const parsed = registerEntrySchema.parse(entry);
    expect(parsed.links).toEqual([]);
    expect(parsed.withheld).toEqual([]);
    expect(parsed.title).toBe('Détection des fuites');
  });

  it('exige une base légale et des risques pour un usage à haut risque', () => {
    const entry = fixtureEntry();
    entry.ai_act = { risk_class: 'haut', annex_iii_area: 'services-essentiels' };
    entry.risks = [];
    const issues = issuesOf(entry);
    expect(issues).toContainEqual({ path: 'data.legal_basis', message: expect.stringContaining('haut risque') });
    expect(issues).toContainEqual({ path: 'risks', message: expect.stringContaining('obligatoires') });
  });

  it('exige une base légale, des risques et la mention explicite quand des décisions individuelles reposent sur l’usage', () => {
    const entry = fixtureEntry();
    entry.oversight.individual_decisions = true;
    entry.risks = [];
    const paths = issuesOf(entry).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['data.legal_basis', 'risks', 'oversight.explicit_mention']));
  });

  it('accepte des risques non publiés, avec leur raison à la place de la liste', () => {
    const entry = fixtureEntry();
    entry.ai_act = {
      risk_class: 'haut',
      annex_iii_area: 'repression',
      eu_database: { registered: true, reference: 'EU-0001' },
      fria: { done: true, date: '2024-02-01', summary: 'Risque de surveillance excessive, encadré.' },
    };
    entry.data.legal_basis = 'mission-interet-public';
    entry.risks = [];
    entry.withheld = [{ field: 'risks', reason: 'Publier les risques exposerait le système à des contournements.' }];
    expect(issuesOf(entry)).toEqual([]);
  });

  it('exige l’enregistrement dans la base de l’UE et l’analyse d’impact sur les droits fondamentaux pour un usage à haut risque en service', () => {
    const entry = fixtureEntry();
    entry.ai_act = { risk_class: 'haut', annex_iii_area: 'services-essentiels' };
    entry.data.legal_basis = 'mission-interet-public';
    expect(issuesOf(entry).map((i) => i.path)).toEqual(['ai_act.eu_database', 'ai_act.fria']);
    entry.ai_act.annex_iii_area = 'infrastructures-critiques';
    expect(issuesOf(entry)).toEqual([]);
    entry.ai_act.annex_iii_area = 'services-essentiels';
    entry.status = 'idee';
    entry.lifecycle = [{ date: '2024-03-01', status: 'idee', note: 'Proposition.' }];
    expect(issuesOf(entry)).toEqual([]);
  });

  it('exige le domaine de l’annexe III pour un usage à haut risque', () => {
    const entry = fixtureEntry();
    entry.ai_act = { risk_class: 'haut' };
    entry.data.legal_basis = 'obligation-legale';
    expect(issuesOf(entry).map((i) => i.path)).toContain('ai_act.annex_iii_area');
  });

  it('exige une base légale dès que des données personnelles sont traitées', () => {
    const entry = fixtureEntry();
    entry.data.personal_data = true;
    expect(issuesOf(entry)).toContainEqual({ path: 'data.legal_basis', message: expect.stringContaining('données personnelles') });
  });

  it('garde le statut accordé à la dernière étape', () => {
    const entry = fixtureEntry();
    entry.status = 'suspendu';
    expect(issuesOf(entry).map((i) => i.path)).toEqual(['status']);
  });

  it('rejette des étapes dans le désordre et une révision antérieure à la publication', () => {
    const entry = fixtureEntry();
    entry.lifecycle[1].date = '2023-01-01';
    entry.revision.date = '2020-01-01';
    const paths = issuesOf(entry).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['lifecycle.1.date', 'revision.date']));
  });

  it('rejette un résumé de plus de 400 caractères et des notes hors de 1 à 5', () => {
    const entry = fixtureEntry();
    entry.summary = 'x'.repeat(401);
    entry.evaluation.valeur.score = 6;
    const paths = issuesOf(entry).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['summary', 'evaluation.valeur.score']));
  });

  it('rejette les clés inconnues, pour qu’une faute de frappe ne disparaisse pas en silence', () => {
    const entry = fixtureEntry();
    entry.titel = 'faute de frappe';
    expect(issuesOf(entry)[0]?.path).toBe('');
  });
});
