/**
 * The shape of registre.json, derived from the register schema: the published JSON Schema and
 * the export cannot drift from the content.
 */
import { z } from 'astro/zod';
import { field, httpUrl } from '../../schemas/fields.ts';
import { registerEntryObject, STANDARD_VERSION } from '../../schemas/register.ts';
import { siteSchema } from '../../schemas/site.ts';
import { REGISTER_SCHEMA_PATH, absoluteUrl } from '../urls.ts';

export const openDataEntrySchema = registerEntryObject.extend({
  id: field(z.string(), 'Identifiant', 'Stable : c’est aussi le dernier segment de l’adresse de la fiche.'),
  url: field(httpUrl, 'Adresse de la fiche'),
  service_name: field(z.string(), 'Nom du service responsable'),
  service_email: field(z.string(), 'Contact du service responsable'),
});

export const openDataSchema = z.strictObject({
  standard: z.literal('registre-ia'),
  standard_version: z.literal(STANDARD_VERSION),
  updated: field(z.iso.date(), 'Date de la dernière révision d’un usage'),
  licence: field(z.string(), 'Licence des données'),
  authority: z.strictObject({
    name: siteSchema.shape.name,
    kind: siteSchema.shape.kind,
    url: siteSchema.shape.url,
    address: siteSchema.shape.address,
    email: field(z.string(), 'Adresse de contact'),
    dpo_email: field(z.string(), 'Adresse du délégué à la protection des données'),
  }),
  entries: z.array(openDataEntrySchema),
});

export type OpenDataEntry = z.output<typeof openDataEntrySchema>;
export type OpenData = z.output<typeof openDataSchema>;

export function registerJsonSchema(siteUrl: string): Record<string, unknown> {
  return {
    ...z.toJSONSchema(openDataSchema, { io: 'output', target: 'draft-2020-12' }),
    $id: absoluteUrl(REGISTER_SCHEMA_PATH, siteUrl),
    title: 'Registre des usages de l’intelligence artificielle',
    description: `Standard registre-ia, version ${STANDARD_VERSION}. Valide le fichier registre.json.`,
  };
}
