/**
 * registre-tableur.csv: registre.csv made for a French spreadsheet opened by double-click. Same
 * rows and columns (but the service's code, its name being there), with:
 * - a byte order mark, semicolons between cells and CRLF line ends;
 * - the French label of each field as its header;
 * - the labels of closed lists instead of their codes, what references name instead of their ids;
 * - dates as 30/06/2025 and numbers with a decimal comma, which French spreadsheets read as such;
 * - lists of objects (steps, risks, links…) written out as text, one item per line of the cell;
 * - cells a spreadsheet would run as a formula neutralised by an apostrophe.
 * registre.csv stays the file for programs; this one is for reading.
 */
import type { z } from 'astro/zod';
import { display, type Names } from '../history/diff.ts';
import { formatNumericDate } from '../format.ts';
import { valueAt } from '../paths.ts';
import { elementOf, schemaAt } from '../../schemas/introspect.ts';
import { csvColumns, csvText, type Column } from './csv.ts';
import { openDataEntrySchema, type OpenDataEntry } from './schema.ts';

/** Byte order mark: spreadsheets then read the file as UTF-8 (accents intact). */
export const BOM = '\uFEFF';
/** French spreadsheets expect semicolons: their decimal separator is the comma. */
export const SPREADSHEET_SEPARATOR = ';';

/** Columns left out: codes that another column already gives in words. */
const LEFT_OUT = new Set(['service']);

export interface SpreadsheetColumn extends Column {
  /** The header of the column: the field's label, the path added when two labels are alike. */
  header: string;
  schema: z.ZodType | undefined;
}

let columns: readonly SpreadsheetColumn[] | undefined;

/** The columns of registre-tableur.csv (computed once: they follow the schema only). */
export function spreadsheetColumns(): readonly SpreadsheetColumn[] {
  if (columns) return columns;
  const kept = csvColumns().filter((c) => !LEFT_OUT.has(c.name));
  const seen = new Map<string, number>();
  for (const c of kept) seen.set(c.label, (seen.get(c.label) ?? 0) + 1);
  columns = kept.map((c) => ({
    ...c,
    header: seen.get(c.label)! > 1 ? `${c.label} (${c.name})` : c.label,
    schema: schemaAt(openDataEntrySchema, c.name.split('.')),
  }));
  return columns;
}

/** One cell as a reader reads it (before quoting). */
export function spreadsheetCell(value: unknown, column: SpreadsheetColumn, names?: Names): string {
  if (value === undefined || value === null) return '';
  switch (column.kind) {
    case 'date':
      return typeof value === 'string' ? formatNumericDate(value) : String(value);
    case 'nombre':
      // No thousands separator: a spreadsheet would read « 12 500 » as text.
      return typeof value === 'number' ? String(value).replace('.', ',') : String(value);
    case 'json': {
      const element = column.schema && elementOf(column.schema);
      return (value as unknown[]).map((item) => display(item, element, names)).join('\n');
    }
    default:
      return display(value, column.schema, names);
  }
}

/** The whole file: byte order mark, header, one line per entry, CRLF. */
export function toSpreadsheetCsv(
  entries: readonly OpenDataEntry[],
  names?: Names,
  columns: readonly SpreadsheetColumn[] = spreadsheetColumns(),
): string {
  const paths = columns.map((c) => c.name.split('.'));
  const rows = entries.map((entry) => columns.map((c, i) => spreadsheetCell(valueAt(entry, paths[i]!), c, names)));
  return `${BOM}${csvText([columns.map((c) => c.header), ...rows], { separator: SPREADSHEET_SEPARATOR, spreadsheet: true })}`;
}
