/** Editorial pages: legal notice, personal data, accessibility statement, about… */
import { z } from 'astro/zod';
import { field, isoDate, text, withCms } from './fields.ts';

export const pageSchema = z.strictObject({
  title: field(text(3, 150), 'Titre'),
  description: field(text(10, 300), 'Résumé', 'Affiché dans les résultats de recherche.'),
  updated: isoDate('Mise à jour'),
  body: withCms(field(text(10, 60000), 'Texte', 'Texte en Markdown : titres (##), listes, liens.'), { widget: 'markdown' }),
});

export type PageData = z.output<typeof pageSchema>;
