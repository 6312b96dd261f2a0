/** A draw as open data (one JSON file a draw) and its JSON Schema, both derived from the draw schema. */
import { z } from 'astro/zod';
import { drawObject } from '../../schemas/draws.ts';
import { field, httpUrl } from '../../schemas/fields.ts';
import type { Draw } from '../content/load.ts';
import { absoluteUrl, DRAW_SCHEMA_PATH, drawPath } from '../urls.ts';

export const drawOpenDataSchema = drawObject.extend({
  standard: z.literal('registre-ia-tirage'),
  id: field(z.string(), 'Identifiant du tirage'),
  url: field(httpUrl, 'Adresse de la page du tirage'),
});

export type DrawOpenData = z.output<typeof drawOpenDataSchema>;

export function drawOpenData(draw: Draw, siteUrl: string): DrawOpenData {
  const { slug, ...data } = draw;
  return { standard: 'registre-ia-tirage', id: slug, url: absoluteUrl(drawPath(draw.council, slug), siteUrl), ...data };
}

export function drawJsonSchema(siteUrl: string): Record<string, unknown> {
  return {
    ...z.toJSONSchema(drawOpenDataSchema, { io: 'output', target: 'draft-2020-12' }),
    $id: absoluteUrl(DRAW_SCHEMA_PATH, siteUrl),
    title: 'Tirage au sort d’une instance',
    description: 'Valide le fichier JSON publié pour chaque tirage au sort : définition, engagement, résultat et remplacements.',
  };
}
