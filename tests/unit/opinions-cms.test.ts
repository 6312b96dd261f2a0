/** The CMS forms of the referrals and opinions: every reference is a pick-list of the files it may name. */
import { describe, expect, it } from 'vitest';
import { cmsConfig } from '../../src/cms/config.ts';
import type { CmsField } from '../../src/cms/widgets.ts';
import { DEFAULT_SETTINGS } from '../../src/cms/settings.ts';

const config = cmsConfig({ settings: DEFAULT_SETTINGS, siteUrl: 'https://registre.example.fr' });
const collection = (name: string) => config.collections.find((c) => c.name === name)!;
/** A field by its dotted path, through objects and lists of objects. */
function fieldAt(fields: CmsField[], dotted: string): CmsField {
  const [head, ...rest] = dotted.split('.');
  const found = fields.find((f) => f.name === head);
  if (!found) throw new Error(`champ ${dotted} absent`);
  return rest.length ? fieldAt(found.fields ?? [], rest.join('.')) : found;
}

describe('Decap CMS : saisines et avis', () => {
  it('les deux collections sont dans le CMS, l’avis avec l’adresse de sa page', () => {
    expect(collection('saisines').label).toBe('Saisines');
    expect(collection('avis').preview_path).toBe('gouvernance/{{committee}}/avis/{{slug}}/');
  });

  it.each([
    ['saisines', 'committee', 'comites'],
    ['saisines', 'entries', 'registre'],
    ['saisines', 'articles', 'charte'],
    ['avis', 'committee', 'comites'],
    ['avis', 'referral', 'saisines'],
    ['avis', 'decision', 'comptes-rendus'],
    ['avis', 'recommendations.entries', 'registre'],
    ['avis', 'recommendations.consultations', 'consultations'],
    ['avis', 'recommendations.answer.responsible', 'services'],
    ['avis', 'recommendations.answer.decision', 'comptes-rendus'],
    ['avis', 'recommendations.answer.milestones.charter', 'charte'],
    ['avis', 'recommendations.assessment.session', 'comptes-rendus'],
  ])('%s : %s se choisit dans %s', (name, path, target) => {
    const field = fieldAt(collection(name).fields as CmsField[], path);
    expect(field.widget).toBe('relation');
    expect(field.collection).toBe(target);
  });

  it('la réponse et l’appréciation sont des listes fermées, avec leurs libellés', () => {
    const status = fieldAt(collection('avis').fields as CmsField[], 'recommendations.answer.status');
    expect(status.options).toEqual([
      { value: 'retenue', label: 'Retenue' },
      { value: 'retenue-en-partie', label: 'Retenue en partie' },
      { value: 'non-retenue', label: 'Non retenue' },
      { value: 'a-l-etude', label: 'À l’étude' },
    ]);
    expect(fieldAt(collection('avis').fields as CmsField[], 'recommendations.assessment.verdict').widget).toBe('select');
  });
});
