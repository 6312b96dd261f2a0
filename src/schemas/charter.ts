/** One version of the authority's AI charter, with articles whose ids stay stable across versions. */
import { z } from 'astro/zod';
import { choice, field, isoDate, slug, text } from './fields.ts';

export const CHARTER_STATUSES = {
  'en-vigueur': 'En vigueur',
  abrogee: 'Abrogée',
  projet: 'Projet',
} as const;

const article = z.strictObject({
  id: field(
    slug,
    'Identifiant stable',
    'Ne change pas d’une version à l’autre : les fiches du registre et les règles de modération le citent.',
  ),
  number: field(text(1, 10), 'Numéro', 'Par exemple « 3 » ou « 3 bis ».'),
  title: field(text(3, 150), 'Titre'),
  body: field(text(10, 6000), 'Texte', 'Paragraphes séparés par une ligne vide.'),
});

export const charterSchema = z
  .strictObject({
    version: field(z.string().regex(/^\d+(\.\d+)?$/, 'version attendue sous la forme 1 ou 1.2'), 'Version'),
    title: field(text(5, 200), 'Titre'),
    status: choice(CHARTER_STATUSES, 'Statut'),
    adopted: isoDate('Date d’adoption').optional(),
    deliberation: field(text(5, 300).optional(), 'Délibération', 'Référence de la délibération qui l’a adoptée.'),
    preamble: field(text(10, 4000), 'Préambule'),
    articles: field(z.array(article).min(1, 'une charte compte au moins un article'), 'Articles'),
  })
  .superRefine((charter, ctx) => {
    if (charter.status !== 'projet' && (!charter.adopted || !charter.deliberation)) {
      ctx.addIssue({ code: 'custom', path: ['adopted'], message: 'une charte adoptée indique sa date d’adoption et sa délibération' });
    }
    const seen = new Set<string>();
    charter.articles.forEach((a, i) => {
      if (seen.has(a.id))
        ctx.addIssue({
          code: 'custom',
          path: ['articles', i, 'id'],
          message: `l’identifiant « ${a.id} » est déjà utilisé par un autre article`,
        });
      seen.add(a.id);
    });
  });

export type CharterData = z.output<typeof charterSchema>;
