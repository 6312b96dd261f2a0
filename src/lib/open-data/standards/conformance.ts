/**
 * The field definitions of another standard (required, type, permitted values, length), written
 * down so that every record of an export can be checked against them, and the checker.
 *
 * A definition is a plain table, one rule per field of the standard, built into a zod schema:
 * the table is also what docs/standards.md and /donnees/ describe. Each standard's table cites,
 * field by field, the document it was read from (`*.schema.ts` beside this file).
 */
import { z } from 'astro/zod';

/** What a value must look like, in the standard's own terms. */
export type FieldType =
  /** Free text (a UTF-8 string). */
  | 'text'
  /** An e-mail address. */
  | 'email'
  /** An absolute http(s) address. */
  | 'url'
  /** An ISO 8601 calendar date, YYYY-MM-DD. */
  | 'date'
  /** An RFC 9562 UUID. */
  | 'uuid';

/** How a field with several values is written in one cell of a file. */
export type Multiple =
  /** A JSON array of texts: `["a", "b"]`. */
  | 'json-list'
  /** Values separated by a comma and a space: `a, b`. */
  | 'comma-list'
  /** A JSON array of objects whose members follow `items`. */
  | 'json-objects';

export interface FieldRule {
  /** The standard requires a value: null, an empty text or an empty list is a violation. */
  readonly required: boolean;
  readonly type: FieldType;
  /** The only values the standard permits (each value, for a field with several). */
  readonly values?: readonly string[];
  /** Length limits in characters (Unicode code points), of each value for a field with several. */
  readonly min?: number;
  readonly max?: number;
  readonly multiple?: Multiple;
  /** For `json-objects`: the members of each object. */
  readonly items?: Readonly<Record<string, FieldRule>>;
}

export interface StandardDefinition {
  /** Name and version of the standard, as its source gives them. */
  readonly standard: string;
  /** Where the rules below were read (document, version, address). */
  readonly source: string;
  /** One rule per field of the standard, in the standard's order. */
  readonly fields: Readonly<Record<string, FieldRule>>;
}

/** A value that breaks a rule of the standard. */
export interface Violation {
  /** The record, by the value of its identifying field. */
  readonly record: string;
  readonly field: string;
  readonly message: string;
}

const length = (text: string) => [...text].length;

/** One value: its type, permitted values and length. */
function valueSchema(rule: FieldRule): z.ZodType<unknown> {
  let schema: z.ZodType<string>;
  switch (rule.type) {
    case 'email':
      schema = z.email({ error: 'adresse électronique attendue' });
      break;
    case 'url':
      schema = z.url({ protocol: /^https?$/, error: 'adresse http(s) absolue attendue' });
      break;
    case 'date':
      schema = z.iso.date({ error: 'date AAAA-MM-JJ attendue' });
      break;
    case 'uuid':
      schema = z.uuid({ error: 'UUID attendu' });
      break;
    default:
      schema = z.string();
  }
  if (rule.values) {
    const values = rule.values;
    schema = schema.refine((v) => values.includes(v), { error: (issue) => `valeur non permise : « ${String(issue.input)} »` });
  }
  const { min, max } = rule;
  if (rule.required || min !== undefined) {
    const floor = Math.max(min ?? 0, rule.required ? 1 : 0);
    schema = schema.refine((v) => length(v.trim()) >= floor, {
      error: floor === 1 ? 'valeur obligatoire, vide' : `au moins ${floor} caractères attendus`,
    });
  }
  if (max !== undefined) {
    schema = schema.refine((v) => length(v) <= max, {
      error: (issue) => `au plus ${max} caractères attendus, ${length(String(issue.input))} trouvés`,
    });
  }
  return schema;
}

/** A cell holding several values, read as the standard's list. */
function multipleSchema(rule: FieldRule): z.ZodType<unknown> {
  const each =
    rule.multiple === 'json-objects'
      ? z.strictObject(Object.fromEntries(Object.entries(rule.items ?? {}).map(([name, item]) => [name, fieldSchema(item)])))
      : valueSchema(rule);
  const list = z.array(each).min(rule.required ? 1 : 0, { error: 'au moins une valeur attendue' });
  if (rule.multiple === 'comma-list')
    return z
      .string()
      .transform((cell): unknown[] => cell.split(', '))
      .pipe(list);
  return z
    .string()
    .transform((cell, ctx): unknown[] => {
      try {
        // Anything but an array is refused by the list below.
        return JSON.parse(cell) as unknown[];
      } catch {
        ctx.addIssue({ code: 'custom', message: 'liste JSON illisible' });
        return z.NEVER;
      }
    })
    .pipe(list);
}

function fieldSchema(rule: FieldRule): z.ZodType<unknown> {
  const schema = rule.multiple ? multipleSchema(rule) : valueSchema(rule);
  // A field the standard does not require may be absent; a required one may not.
  return rule.required
    ? z
        .any()
        .refine((v) => v !== null && v !== undefined, { error: 'valeur obligatoire, absente', abort: true })
        .pipe(schema)
    : schema.nullable().optional();
}

/** The zod schema of one record: exactly the standard's fields, each following its rule. */
export function recordSchema(definition: StandardDefinition): z.ZodType<unknown> {
  return z.strictObject(Object.fromEntries(Object.entries(definition.fields).map(([name, rule]) => [name, fieldSchema(rule)])));
}

/**
 * Every value of `records` that breaks a rule of the standard. A record is named by its
 * `idField` (its address, its identifier in our register…).
 */
export function violations(definition: StandardDefinition, records: readonly unknown[], idField: string): Violation[] {
  const schema = recordSchema(definition);
  return records.flatMap((record, i) => {
    const result = schema.safeParse(record);
    if (result.success) return [];
    const id = (record as Record<string, unknown> | null)?.[idField];
    const name = typeof id === 'string' && id ? id : `enregistrement ${i + 1}`;
    return result.error.issues.map((issue) => ({
      record: name,
      field: issue.path.map(String).join('.') || '(enregistrement)',
      message: issue.message,
    }));
  });
}

/** The names of the fields a standard requires. */
export function requiredFields(definition: StandardDefinition): string[] {
  return Object.entries(definition.fields).flatMap(([name, rule]) => (rule.required ? [name] : []));
}
