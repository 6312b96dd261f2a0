/**
 * A field of a register entry as a page shows it: its label from the schema, and its value in
 * words (labels of closed lists, « Oui »/« Non », numbers the French way). The entry page reads
 * every label here, so that the page, the CMS and the open-data documentation say the same.
 */
import { registerEntrySchema } from '../../schemas/register.ts';
import { elementOf, kindOf, labelAt, metaOf, schemaAt, stringFormat, unwrap } from '../../schemas/introspect.ts';
import type { RegisterEntry } from '../content/load.ts';
import { formatNumber, yesNo } from '../format.ts';
import { valueAt } from '../paths.ts';

export interface EntryField {
  label: string;
  /** Absent (undefined, null, empty text or list). */
  empty: boolean;
  /** A calendar date or a web address, which the page shows as such; otherwise text. */
  kind: 'date' | 'url' | 'text';
  /** The value in words (for a date or an address, the value itself). */
  text: string;
}

function words(value: unknown, schema: ReturnType<typeof schemaAt>): string {
  if (value === undefined || value === null) return '';
  const inner = schema && unwrap(schema);
  if (Array.isArray(value)) return value.map((item) => words(item, inner && elementOf(inner))).join(' ; ');
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string' && inner && kindOf(inner) === 'enum') return metaOf(schema!).labels?.[value] ?? value;
  return String(value);
}

/** The field at a dotted path of an entry (`data.personal_data`). */
export function entryField(entry: RegisterEntry, path: string): EntryField {
  const keys = path.split('.');
  const schema = schemaAt(registerEntrySchema, keys);
  if (!schema) throw new Error(`champ inconnu dans le schéma du registre : ${path}`);
  const value = valueAt(entry, keys);
  const text = words(value, schema);
  const format = stringFormat(schema);
  return {
    label: labelAt(registerEntrySchema, keys) ?? path,
    empty: text.trim() === '',
    kind: format === 'date' ? 'date' : format === 'url' ? 'url' : 'text',
    text,
  };
}
