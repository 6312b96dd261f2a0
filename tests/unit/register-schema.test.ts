import { describe, expect, it } from 'vitest';
import { registerEntrySchema } from '../../src/schemas/register.ts';
import { fixtureEntry } from '../helpers/content.ts';

function issuesOf(entry: unknown) {
  const result = registerEntrySchema.safeParse(entry);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('register entry schema', () => {
  it('accepts the fixture entry and fills the defaults', () => {
    const entry = fixtureEntry();
    delete entry.links;
    delete entry.withheld;
    const parsed = registerEntrySchema.parse(entry);
    expect(parsed.links).toEqual([]);
    expect(parsed.withheld).toEqual([]);
    expect(parsed.title).toBe('Détection des fuites');
  });

  it('requires a legal basis and risks for a high-risk use', () => {
    const entry = fixtureEntry();
    entry.ai_act = { risk_class: 'haut', annex_iii_area: 'services-essentiels' };
    entry.risks = [];
    const issues = issuesOf(entry);
    expect(issues).toContainEqual({ path: 'data.legal_basis', message: expect.stringContaining('haut risque') });
    expect(issues).toContainEqual({ path: 'risks', message: expect.stringContaining('obligatoires') });
  });

  it('requires a legal basis, risks and the explicit mention when individual decisions rest on the use', () => {
    const entry = fixtureEntry();
    entry.oversight.individual_decisions = true;
    entry.risks = [];
    const paths = issuesOf(entry).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['data.legal_basis', 'risks', 'oversight.explicit_mention']));
  });

  it('accepts withheld risks with a reason in place of the list', () => {
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

  it('requires the EU database registration and the fundamental-rights assessment for a high-risk use in service', () => {
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

  it('requires the Annex III area for a high-risk use', () => {
    const entry = fixtureEntry();
    entry.ai_act = { risk_class: 'haut' };
    entry.data.legal_basis = 'obligation-legale';
    expect(issuesOf(entry).map((i) => i.path)).toContain('ai_act.annex_iii_area');
  });

  it('requires a legal basis whenever personal data is processed', () => {
    const entry = fixtureEntry();
    entry.data.personal_data = true;
    expect(issuesOf(entry)).toContainEqual({ path: 'data.legal_basis', message: expect.stringContaining('données personnelles') });
  });

  it('keeps the status in step with the last lifecycle event', () => {
    const entry = fixtureEntry();
    entry.status = 'suspendu';
    expect(issuesOf(entry).map((i) => i.path)).toEqual(['status']);
  });

  it('rejects lifecycle events out of order and a revision before publication', () => {
    const entry = fixtureEntry();
    entry.lifecycle[1].date = '2023-01-01';
    entry.revision.date = '2020-01-01';
    const paths = issuesOf(entry).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['lifecycle.1.date', 'revision.date']));
  });

  it('rejects a summary longer than 400 characters and scores outside 1 to 5', () => {
    const entry = fixtureEntry();
    entry.summary = 'x'.repeat(401);
    entry.evaluation.valeur.score = 6;
    const paths = issuesOf(entry).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['summary', 'evaluation.valeur.score']));
  });

  it('rejects unknown keys so that a typo is not silently dropped', () => {
    const entry = fixtureEntry();
    entry.titel = 'faute de frappe';
    expect(issuesOf(entry)[0]?.path).toBe('');
  });
});
