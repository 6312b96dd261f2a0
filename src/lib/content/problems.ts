/**
 * Content errors as an officer can act on them: the file, the field (with its French label)
 * and the reason, never a bare stack trace.
 */
import { z } from 'astro/zod';
import { labelAt } from '../../schemas/introspect.ts';
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
