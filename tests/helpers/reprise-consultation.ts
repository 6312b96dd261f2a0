/**
 * The consultation the contribution tests share (whether to resume ranking housing-aid requests),
 * built from its questions: each test lays over it only what it checks.
 */
import type { Consultation } from '../../src/lib/content/load.ts';
import { consultationSchema } from '../../src/schemas/consultations.ts';

export const AVIS = { id: 'avis', kind: 'avis', label: 'Votre avis', required: true };
export const REPRISE = {
  id: 'reprise',
  kind: 'choix',
  label: 'Faut-il reprendre ?',
  options: [
    { value: 'oui', label: 'Oui' },
    { value: 'non', label: 'Non' },
  ],
};
export const CONFIANCE = {
  id: 'confiance',
  kind: 'echelle',
  label: 'Votre confiance',
  scale: { min: 1, max: 5, min_label: 'Aucune', max_label: 'Totale' },
};

/** The parsed consultation `reprise-fsl`: the three questions, both profile questions, `changes` laid over. */
export function repriseConsultation(changes: Record<string, unknown> = {}): Consultation {
  return {
    slug: 'reprise-fsl',
    ...consultationSchema.parse({
      title: 'Reprendre le classement des demandes ?',
      summary: 'Donnez votre avis sur la reprise du classement des demandes d’aide au logement.',
      context: 'Le conseil décidera en mars, après cette consultation.',
      opens: '2026-11-02',
      closes: '2027-01-31',
      questions: [AVIS, REPRISE, CONFIANCE],
      profile: { commune: true, age_bracket: true },
      ...changes,
    }),
  };
}
