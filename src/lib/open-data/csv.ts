/**
 * registre.csv: one row per entry, UTF-8, RFC 4180 quoting (csv-stringify). Columns are derived from the schema,
 * so a new field becomes a new column, documented with its label on /donnees/.
 */
import type { z } from 'astro/zod';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
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

/** The columns of registre.csv, in order (computed once: they follow the schema only). */
function listColumns(): Column[] {
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

let columns: readonly Column[] | undefined;

export function csvColumns(): readonly Column[] {
  columns ??= listColumns();
  return columns;
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

export interface CsvDialect {
  /** A semicolon for the files meant for French spreadsheets; a comma by default. */
  separator?: ',' | ';';
  /** Cells a spreadsheet would run as a formula neutralised, as `spreadsheetSafe` does. */
  spreadsheet?: boolean;
}

/**
 * Rows as CSV records written by csv-stringify: RFC 4180 quoting (a cell holding the separator,
 * a quote or a line break is quoted, its quotes doubled), every record ended by CRLF.
 */
export function csvText(rows: readonly (readonly string[])[], { separator = ',', spreadsheet = false }: CsvDialect = {}): string {
  return stringify(rows as string[][], {
    delimiter: separator,
    record_delimiter: '\r\n',
    // A lone \n or \r inside a cell is quoted too, not only the record delimiter.
    quote_record_delimiter: true,
    escape_formulas: spreadsheet,
  });
}

/** One cell quoted as `csvText` would (RFC 4180, comma-separated). */
export function quote(text: string): string {
  return quoteCell(text, ',');
}

/** The same for a file whose cells are separated by `separator` (a semicolon for French spreadsheets). */
export function quoteCell(text: string, separator: ',' | ';'): string {
  return csvText([[text]], { separator }).slice(0, -2);
}

/**
 * A spreadsheet reads a cell starting with = + - or @ (their full-width forms too, or a tab or
 * carriage return) as a formula: a text could hold `=HYPERLINK("http://…")` or worse, and whoever
 * opens the file would run it. Such cells get a leading apostrophe, which spreadsheets show as
 * text and hide; the content is otherwise unchanged. The same rule as csv-stringify's
 * `escape_formulas` (`csvText` with `spreadsheet`), for cells written some other way.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? `'${text}` : text;
}

export function toCsv(entries: readonly OpenDataEntry[], columns: readonly Column[] = csvColumns()): string {
  const paths = columns.map((c) => c.name.split('.'));
  return csvText([columns.map((c) => c.name), ...entries.map((entry) => columns.map((c, i) => cell(valueAt(entry, paths[i]!), c.kind)))]);
}

/**
 * Parses RFC 4180 text with csv-parse (used by the tests and by anyone re-reading the export):
 * records end with CRLF, a line break inside a quoted cell is kept. Ill-formed quoting is an
 * error naming its line.
 */
export function parseCsv(text: string, separator: ',' | ';' = ','): string[][] {
  try {
    return parse(text, { delimiter: separator, record_delimiter: '\r\n', relax_column_count: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new Error(`CSV illisible${line ? `, ligne ${line}` : ''} : ${(error as Error).message}`, { cause: error });
  }
}
