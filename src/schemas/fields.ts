/**
 * Helpers that attach the French label and help text to each field.
 * The label lives beside the field so that the page labels, the CMS forms,
 * the CSV column documentation and the JSON Schema all read the same words.
 */
import { z } from 'astro/zod';
import type { Options } from './introspect.ts';

/** Attaches a French label (and optional help text) to a schema. */
export function field<T extends z.ZodType>(schema: T, title: string, description?: string): T {
  return schema.meta(description ? { title, description } : { title });
}

/** The kinds of file another field can name: each is chosen from its own list in the CMS and checked at build. */
export type ReferenceTarget =
  | 'services'
  | 'register'
  | 'committees'
  | 'decisions'
  | 'charter-articles'
  // The councils' referrals, the charter's versions and the consultations, cited by the opinions.
  | 'referrals'
  | 'charters'
  | 'consultations'
  | 'tools';

/** How the CMS edits a field when its type alone does not say. */
export type CmsHint = { widget: 'markdown' | 'file' | 'image' | 'color' } | { ref: ReferenceTarget };

/** Kept apart from `.meta()`, which the published JSON Schema reads. */
export const cmsHints = z.registry<CmsHint>();

/** Attaches a CMS hint to the field itself, so that renaming the field cannot orphan it. */
export function withCms<T extends z.ZodType>(schema: T, hint: CmsHint): T {
  cmsHints.add(schema, hint);
  return schema;
}

/** A closed list of values, each with its French label. */
export function choice<const O extends Options>(options: O, title: string, description?: string) {
  const values = Object.keys(options) as [keyof O & string, ...(keyof O & string)[]];
  return z.enum(values).meta({ title, ...(description ? { description } : {}), 'x-labels': options });
}

/** An ISO 8601 calendar date such as 2025-06-30, kept as a string (stable in YAML, JSON and CSV). */
export function isoDate(title: string, description?: string) {
  return field(z.iso.date({ error: 'date attendue au format AAAA-MM-JJ (par exemple 2025-06-30)' }), title, description);
}

/** A slug that names a file of another collection. */
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'identifiant attendu en minuscules, chiffres et tirets (par exemple « direction-eau »)');

export const httpUrl = z.url({ protocol: /^https?$/, error: 'adresse web attendue (https://…)' });

export const email = z.email({ error: 'adresse électronique attendue (nom@domaine.fr)' });

/** Text that a person must have written: trimmed and never empty. */
export function text(min = 1, max = 5000) {
  return z
    .string()
    .trim()
    .min(min, { error: min === 1 ? 'ce texte ne peut pas être vide' : `au moins ${min} caractères` })
    .max(max, { error: `au plus ${max} caractères` });
}
