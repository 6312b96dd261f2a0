/** A closed consultation about the fixture's use, its moderation rules and a valid archive of it. */
import yaml from 'js-yaml';
import type { ContentCopy } from './content.ts';

export const CONSULTATION = 'avis-fuites';
export const ARCHIVE_FILE = `contributions/${CONSULTATION}.yaml`;

const dump = (data: unknown) => yaml.dump(data, { schema: yaml.CORE_SCHEMA });

export const consultation = {
  title: 'Votre avis sur la détection des fuites',
  summary: 'Donnez votre avis sur la détection automatique des fuites du réseau d’eau.',
  context: 'Le comité décidera de la suite après la consultation.',
  opens: '2026-01-05',
  closes: '2026-02-01',
  entries: ['detection-fuites'],
  questions: [
    { id: 'avis', kind: 'avis', label: 'Qu’en pensez-vous ?', required: true, max_length: 200 },
    {
      id: 'usage',
      kind: 'choix',
      label: 'Faut-il poursuivre ?',
      options: [
        { value: 'oui', label: 'Oui, tel quel' },
        { value: 'non', label: 'Non, il faut arrêter' },
      ],
    },
    {
      id: 'confiance',
      kind: 'echelle',
      label: 'Quelle confiance lui accordez-vous ?',
      scale: { min: 1, max: 5, min_label: 'Aucune', max_label: 'Totale' },
    },
  ],
  profile: { commune: true, age_bracket: true },
};

export const moderation = {
  rules: [
    { id: 'hors-sujet', label: 'Hors sujet', description: 'Les textes sans rapport avec la consultation sont refusés.' },
    { id: 'propos-injurieux', label: 'Propos injurieux', description: 'Les injures et les menaces sont refusées.' },
  ],
};

/** Adds the consultation and the moderation rules to a copy of the fixture. */
export function addConsultation(copy: ContentCopy): void {
  copy.write(`consultations/${CONSULTATION}.yaml`, dump(consultation));
  copy.write('moderation.yaml', dump(moderation));
}

export function validArchive(): Record<string, any> {
  return {
    archived: '2026-02-10',
    figures: { received: 6, approved: 2, rejected: 2, rejected_by_reason: { 'hors-sujet': 2 }, withdrawn: 1, pending: 1 },
    profiles: {
      threshold: 2,
      commune: { counts: { 'Essai-le-Haut': 2 }, grouped: 0, not_given: 0 },
      age_bracket: { counts: {}, grouped: 1, not_given: 1 },
    },
    contributions: [
      {
        date: '2026-01-06',
        entry: 'detection-fuites',
        answers: { avis: 'Utile, si les données restent ici.', usage: 'oui', confiance: 4 },
      },
      { date: '2026-01-20', answers: { avis: '<b>Pas</b> convaincu : *trop cher*.' } },
    ],
  };
}

/** Adds the consultation, its rules and an archive (valid unless changed). */
export function addArchive(copy: ContentCopy, change: (archive: Record<string, any>) => void = () => {}): void {
  addConsultation(copy);
  const archive = validArchive();
  change(archive);
  copy.write(ARCHIVE_FILE, dump(archive));
}
