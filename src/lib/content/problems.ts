/**
 * Content errors as an officer can act on them: the file, the field (with its French label)
 * and the reason, never a bare stack trace.
 */
import { z } from 'astro/zod';
import { metaOf } from '../../schemas/fields.ts';
import { valueAt } from '../paths.ts';

z.config(z.locales.fr());

export interface Problem {
  file: string;
  /** Dotted path of the field, or '' for the whole file. */
  field: string;
  label?: string;
  message: string;
}

export class ContentError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.name = 'ContentError';
    this.problems = problems;
  }
}

export function formatProblems(problems: Problem[]): string {
  const byFile = Map.groupBy(problems, (p) => p.file);
  const lines = [
    `Le contenu contient ${problems.length} erreur${problems.length > 1 ? 's' : ''} (content errors); corrigez-les puis relancez la construction :`,
  ];
  for (const [file, list] of byFile) {
    lines.push(`  ${file}`);
    for (const p of list) {
      const where = p.field ? `champ « ${p.field} »${p.label ? ` (${p.label})` : ''} : ` : '';
      lines.push(`    • ${where}${p.message}`);
    }
  }
  return lines.join('\n');
}

/** Walks a schema along a path to find the label of the field it points to. */
export function labelAt(schema: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  let current: z.ZodType | undefined = schema;
  let label: string | undefined;
  for (const key of path) {
    current = unwrap(current);
    if (!current) return label;
    if (typeof key === 'number') {
      current = (current as unknown as { element?: z.ZodType }).element;
    } else {
      current = (current as unknown as { shape?: Record<string, z.ZodType> }).shape?.[String(key)];
      label = current ? (metaOf(current).title ?? label) : label;
    }
  }
  return label;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let guard = 0; current && guard < 10; guard++) {
    const def = (current as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } }).def;
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

/** Turns zod issues into problems, saying plainly when a required field is missing. */
export function problemsFromZod(file: string, schema: z.ZodType, data: unknown, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path;
    const missing = issue.code === 'invalid_type' && valueAt(data, path) === undefined;
    let message = missing ? 'champ obligatoire manquant' : issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `champ inconnu : ${issue.keys.map((k) => `« ${k} »`).join(', ')} (faute de frappe ?)`;
    }
    return { file, field: path.map(String).join('.'), label: labelAt(schema, path), message };
  });
}
