/**
 * The one module that reads zod's internal definitions (`def`). Everything that walks the
 * schemas (content errors, the CMS configuration, the CSV columns, the history of an entry, the
 * entry page) goes through these functions, so that an upgrade of zod touches this file only.
 */
import type { z } from 'astro/zod';

export type Options = Readonly<Record<string, string>>;

/** What this module reads of a definition; zod 4 keeps it on `schema.def`. */
interface Definition {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  defaultValue?: unknown;
  values?: unknown[];
  entries?: Record<string, string>;
  format?: string;
  checks?: { _zod: { def: CheckDefinition } }[];
}

interface CheckDefinition {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  error?: unknown;
}

const definitionOf = (schema: z.ZodType): Definition => (schema as unknown as { def: Definition }).def;

/** The kind of a schema, wrappers included: 'string', 'object', 'optional', 'default'… */
export function kindOf(schema: z.ZodType): string {
  return definitionOf(schema).type;
}

/** Wrappers that only say whether a value may be missing, and what it then is. */
const OPTIONAL_WRAPPERS = new Set(['optional', 'default']);

export interface Unwrapped {
  schema: z.ZodType;
  /** The value may be left out (optional, or given by a default). */
  optional: boolean;
  defaultValue?: unknown;
}

/** Strips optional and default wrappers, remembering them (what a form needs to know). */
export function unwrapOptional(schema: z.ZodType): Unwrapped {
  let current = schema;
  let optional = false;
  let defaultValue: unknown;
  for (let def = definitionOf(current); OPTIONAL_WRAPPERS.has(def.type) && def.innerType; def = definitionOf(current)) {
    optional = true;
    if (def.type === 'default') defaultValue = def.defaultValue;
    current = def.innerType;
  }
  return { schema: current, optional, defaultValue };
}

/** The schema under every wrapper (optional, default, nullable, readonly…) and the input side of a pipe. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = definitionOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** The fields of an object schema, by name; undefined for any other kind. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = definitionOf(unwrap(schema));
  return def.type === 'object' ? def.shape : undefined;
}

/** The item schema of an array schema; undefined for any other kind. */
export function elementOf(schema: z.ZodType): z.ZodType | undefined {
  const def = definitionOf(unwrap(schema));
  return def.type === 'array' ? def.element : undefined;
}

/** One step down a schema: a field name into an object, a number into an array. */
export function childOf(schema: z.ZodType | undefined, key: PropertyKey): z.ZodType | undefined {
  if (!schema) return undefined;
  return typeof key === 'number' ? elementOf(schema) : shapeOf(schema)?.[String(key)];
}

/** The schema found along a path (`['data', 'dpia', 'date']`), or undefined when it leads nowhere. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const key of path) current = childOf(current, key);
  return current;
}

/** The values of an enum schema, in their declared order. */
export function enumValues(schema: z.ZodType): string[] {
  const def = definitionOf(unwrap(schema));
  return def.type === 'enum' && def.entries ? Object.values(def.entries) : [];
}

/** The values of a literal schema. */
export function literalValues(schema: z.ZodType): unknown[] {
  const def = definitionOf(unwrap(schema));
  return def.type === 'literal' ? (def.values ?? []) : [];
}

/** The format of a string schema ('date', 'email', 'url'…), if it has one. */
export function stringFormat(schema: z.ZodType): string | undefined {
  const def = definitionOf(unwrap(schema));
  return def.type === 'string' ? def.format : undefined;
}

/** The regular expression a string must match, with the French message given when it does not. */
export function regexCheck(schema: z.ZodType): { pattern: RegExp; message?: string } | undefined {
  for (const { _zod } of definitionOf(unwrap(schema)).checks ?? []) {
    const def = _zod.def;
    if (def.check !== 'string_format' || def.format !== 'regex' || !def.pattern) continue;
    const issue = typeof def.error === 'function' ? (def.error as (issue: unknown) => unknown)({}) : undefined;
    return { pattern: def.pattern, message: typeof issue === 'string' ? issue : (issue as { message?: string } | undefined)?.message };
  }
  return undefined;
}

/** The least number of items an array schema accepts, when it sets one. */
export function minimumItems(schema: z.ZodType): number | undefined {
  return (definitionOf(unwrap(schema)).checks ?? []).map(({ _zod }) => _zod.def.minimum).find((minimum) => minimum !== undefined);
}

/** The label, help text and value labels attached to a field (see fields.ts), through its wrappers. */
export function metaOf(schema: z.ZodType): { title?: string; description?: string; labels?: Options } {
  let current: z.ZodType | undefined = schema;
  while (current) {
    const meta = current.meta() as Record<string, unknown> | undefined;
    if (meta && typeof meta.title === 'string') {
      return {
        title: meta.title,
        description: typeof meta.description === 'string' ? meta.description : undefined,
        labels: meta['x-labels'] as Options | undefined,
      };
    }
    const def: Definition = definitionOf(current);
    current = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  }
  return {};
}

/** What a registry (such as the CMS hints) holds for a field, through its wrappers. */
export function registeredIn<M>(registry: { get(schema: z.ZodType): M | undefined }, schema: z.ZodType): M | undefined {
  let current: z.ZodType | undefined = schema;
  while (current) {
    const found = registry.get(current);
    if (found !== undefined) return found;
    const def: Definition = definitionOf(current);
    current = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  }
  return undefined;
}

/** The label of the field a path points to: the nearest labelled field along it. */
export function labelAt(schema: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  let current: z.ZodType | undefined = schema;
  let label: string | undefined;
  for (const key of path) {
    current = childOf(current, key);
    if (!current) return label;
    if (typeof key !== 'number') label = metaOf(current).title ?? label;
  }
  return label;
}
