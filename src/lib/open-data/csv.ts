/**
 * registre.csv: one row per entry, UTF-8, RFC 4180 quoting. Columns are derived from the schema,
 * so a new field becomes a new column, documented with its label on /donnees/.
 */
import type { z } from 'astro/zod';
import { elementOf, kindOf as schemaKind, metaOf, shapeOf, stringFormat, unwrap } from '../../schemas/introspect.ts';
import { openDataEntrySchema, type OpenDataEntry } from './schema.ts';
import { valueAt } from '../paths.ts';

export type CellKind = 'texte' | 'date' | 'nombre' | 'booléen' | 'liste' | 'json';

export interface Column {
  /** Dotted path of the field, also the column header. */
  name: string;
  label: string;
  kind: CellKind;
  description?: string;
  /** Allowed values with their labels, for closed lists. */
  values?: Readonly<Record<string, string>>;
}

/** Column order: identity first, then the schema order. */
const LEADING = ['id', 'url', 'title', 'summary', 'service', 'service_name', 'service_email'];

function kindOf(schema: z.ZodType): CellKind | 'object' {
  const inner = unwrap(schema);
  switch (schemaKind(inner)) {
    case 'object':
      return 'object';
    case 'array':
      return shapeOf(elementOf(inner)!) ? 'json' : 'liste';
    case 'boolean':
      return 'booléen';
    case 'number':
    case 'int':
      return 'nombre';
    case 'string':
      return stringFormat(inner) === 'date' ? 'date' : 'texte';
    default:
      return 'texte';
  }
}

/** The columns of a schema's fields, nested objects flattened to dotted paths (also used by the catalogue's export). */
export function collect(shape: Record<string, z.ZodType>, prefix: string, parentLabel: string, out: Column[]): void {
  for (const [key, schema] of Object.entries(shape)) {
    const name = prefix ? `${prefix}.${key}` : key;
    const meta = metaOf(schema);
    const label = parentLabel ? `${parentLabel} — ${meta.title ?? key}` : (meta.title ?? key);
    const kind = kindOf(schema);
    if (kind === 'object') {
      collect(shapeOf(schema)!, name, label, out);
    } else {
      out.push({ name, label, kind, description: meta.description, values: meta.labels });
    }
  }
}

export function csvColumns(): Column[] {
  const all: Column[] = [];
  collect(shapeOf(openDataEntrySchema)!, '', '', all);
  const rank = (c: Column) => {
    const i = LEADING.indexOf(c.name);
    return i === -1 ? LEADING.length : i;
  };
  return all
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

/** Separator of list cells; documented on /donnees/. */
export const LIST_SEPARATOR = ' ; ';

function cell(value: unknown, kind: CellKind): string {
  if (value === undefined || value === null) return '';
  switch (kind) {
    case 'booléen':
      return value ? 'oui' : 'non';
    case 'liste':
      return (value as unknown[]).map(String).join(LIST_SEPARATOR);
    case 'json':
      return (value as unknown[]).length === 0 ? '' : JSON.stringify(value);
    default:
      return String(value);
  }
}

/** RFC 4180: quote a field holding a comma, a quote or a line break; double the quotes. */
export function quote(text: string): string {
  return quoteCell(text, ',');
}

/** The same for a file whose cells are separated by `separator` (a semicolon for French spreadsheets). */
export function quoteCell(text: string, separator: ',' | ';'): string {
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A spreadsheet reads a cell starting with = + - or @ (or a tab or carriage return before one)
 * as a formula: a text could hold `=HYPERLINK("http://…")` or worse, and whoever opens the file
 * would run it. Such cells get a leading apostrophe, which spreadsheets show as text and hide;
 * the content is otherwise unchanged.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(entries: readonly OpenDataEntry[], columns: readonly Column[] = csvColumns()): string {
  const lines = [columns.map((c) => quote(c.name)).join(',')];
  const paths = columns.map((c) => c.name.split('.'));
  for (const entry of entries) lines.push(columns.map((c, i) => quote(cell(valueAt(entry, paths[i]!), c.kind))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Parses RFC 4180 text (used by the tests and by anyone re-reading the export). */
export function parseCsv(text: string, separator: ',' | ';' = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let fieldText = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        fieldText += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else fieldText += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      row.push(fieldText);
      fieldText = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(fieldText);
      rows.push(row);
      row = [];
      fieldText = '';
      i++;
    } else fieldText += ch;
  }
  if (fieldText !== '' || row.length > 0) {
    row.push(fieldText);
    rows.push(row);
  }
  return rows;
}
