import { z } from 'astro/zod';
import { choice, email, field, httpUrl, text, withCms } from './fields.ts';
import { ACCESSIBILITY_LEVELS, AUTHORITY_KINDS } from './options.ts';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'couleur attendue au format #RRVVBB');

export const siteSchema = z.strictObject({
  name: field(text(2, 120), 'Nom de la collectivité'),
  kind: choice(AUTHORITY_KINDS, 'Type de collectivité'),
  url: field(httpUrl, 'Adresse du registre', 'Adresse publique du site, utilisée dans les données ouvertes.'),
  tagline: field(text(10, 300), 'Présentation en une phrase'),
  communes: field(z.array(text(1, 120)).min(1, 'indiquez au moins une commune'), 'Communes du territoire'),
  address: field(text(5, 300), 'Adresse postale'),
  contact: field(
    z.strictObject({
      email: field(email, 'Adresse de contact'),
      phone: field(text(6, 30).optional(), 'Téléphone'),
    }),
    'Contact',
  ),
  dpo: field(
    z.strictObject({
      email: field(email, 'Adresse du délégué à la protection des données'),
      address: field(text(5, 300), 'Adresse postale du délégué'),
    }),
    'Délégué à la protection des données',
  ),
  logo: withCms(
    field(
      z
        .string()
        .regex(/^\/.+\.(svg|png)$/, 'chemin d’un fichier SVG ou PNG sous public/, commençant par /')
        .optional(),
      'Logo',
    ),
    { widget: 'image' },
  ),
  colours: field(
    z.strictObject({
      primary: withCms(field(colour, 'Couleur principale'), { widget: 'color' }),
      accent: withCms(field(colour, 'Couleur d’accent'), { widget: 'color' }),
    }),
    'Couleurs',
  ),
  languages: field(z.array(z.enum(['fr', 'en'])).default(['fr']), 'Langues'),
  licence: field(text(2, 200).default('Licence Ouverte / Open Licence 2.0'), 'Licence des données'),
  consultations: field(
    z
      .strictObject({
        purge_days: field(
          z.int().min(7).max(365).default(90),
          'Conservation des contributions en attente ou refusées (jours)',
          'Passé ce délai, elles sont effacées.',
        ),
        min_fill_seconds: field(
          z.int().min(0).max(600).default(5),
          'Temps minimal de saisie (secondes)',
          'En dessous, l’envoi est refusé comme automatique.',
        ),
      })
      .default({ purge_days: 90, min_fill_seconds: 5 }),
    'Consultations',
  ),
  accessibility: choice(
    ACCESSIBILITY_LEVELS,
    'Conformité au RGAA',
    'Telle qu’établie par le dernier audit. Sans audit, le site est « non conforme » au sens du RGAA.',
  ).default('non-conforme'),
});

export type SiteData = z.output<typeof siteSchema>;
