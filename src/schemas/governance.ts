/** Committees that follow the AI uses, and the minutes of their meetings. */
import { z } from 'astro/zod';
import { choice, field, isoDate, slug, text, withCms } from './fields.ts';

export const COMMITTEE_KINDS = {
  'comite-de-veille': 'Comité de veille',
  'commission-de-suivi': 'Commission de suivi',
  'conseil-citoyen': 'Conseil citoyen',
  autre: 'Autre instance',
} as const;

const member = z.strictObject({
  role: field(text(2, 200), 'Rôle', 'Par exemple « élue déléguée au numérique » ou « habitant tiré au sort ».'),
  count: field(z.int().min(1, 'au moins 1').default(1), 'Nombre'),
  names: field(z.array(text(2, 120)).default([]), 'Noms', 'Seulement pour les élus et les personnes qui ont accepté d’être nommées.'),
});

export const committeeSchema = z.strictObject({
  name: field(text(3, 150), 'Nom'),
  kind: choice(COMMITTEE_KINDS, 'Type d’instance'),
  mission: field(text(10, 3000), 'Mission'),
  composition: field(z.array(member).min(1, 'indiquez au moins un membre'), 'Composition'),
  rhythm: field(text(3, 300), 'Rythme des réunions'),
  created: isoDate('Date de création'),
  email: field(z.email({ error: 'adresse électronique attendue' }).optional(), 'Contact'),
});

export const DECISION_OUTCOMES = {
  'avis-favorable': 'Avis favorable',
  'avis-defavorable': 'Avis défavorable',
  adopte: 'Adopté',
  rejete: 'Rejeté',
  ajourne: 'Ajourné',
  'pris-acte': 'Pris acte',
} as const;

const decision = z.strictObject({
  id: field(slug, 'Identifiant', 'Unique dans tout le site : les étapes du registre le citent.'),
  title: field(text(3, 200), 'Objet'),
  outcome: choice(DECISION_OUTCOMES, 'Résultat'),
  entry: withCms(field(slug.optional(), 'Usage concerné', 'Identifiant de la fiche du registre, s’il y en a une.'), { ref: 'register' }),
  text: field(text(10, 3000), 'Texte de la décision'),
});

const attachment = z.strictObject({
  label: field(text(2, 200), 'Intitulé'),
  file: withCms(
    field(
      z.string().regex(/^\/documents\/[\w./-]+\.pdf$/, 'chemin d’un PDF sous public/documents/, commençant par /documents/'),
      'Fichier PDF',
    ),
    { widget: 'file' },
  ),
});

export const minutesSchema = z.strictObject({
  committee: withCms(field(slug, 'Instance'), { ref: 'committees' }),
  date: isoDate('Date de la réunion'),
  title: field(text(3, 200), 'Titre'),
  attendees: field(z.array(member).min(1, 'indiquez les présents par rôle'), 'Présents'),
  agenda: field(z.array(text(3, 300)).min(1, 'indiquez au moins un point à l’ordre du jour'), 'Ordre du jour'),
  decisions: field(z.array(decision).default([]), 'Décisions'),
  attachments: field(z.array(attachment).default([]), 'Pièces jointes'),
  body: withCms(field(text(10, 30000), 'Compte rendu', 'Texte en Markdown : titres (##), listes, liens.'), { widget: 'markdown' }),
});

export type CommitteeData = z.output<typeof committeeSchema>;
export type MinutesData = z.output<typeof minutesSchema>;
