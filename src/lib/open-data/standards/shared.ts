/**
 * What the three exports to other standards share: how a standard declares what it carries of our
 * fields, and how our structured values are written into, and read back from, their free texts.
 *
 * Our fields are named by their dotted path, as in the columns of registre.csv (`csvColumns()`).
 */
import { createHash } from 'node:crypto';
import { csvText, parseCsv } from '../csv.ts';
import { toOpenDataEntry } from '../json.ts';
import { valueAt } from '../../paths.ts';
import type { Content, RegisterEntry } from '../../content/load.ts';
import { labelOf, RISK_KINDS } from '../../../schemas/options.ts';
import { absoluteUrl, entryPath } from '../../urls.ts';
import type { StandardDefinition } from './conformance.ts';

/** One of our fields that a standard carries, and into which of its fields. */
export interface Carried {
  /** Field names of the standard. */
  readonly to: readonly string[];
  /** What is lost on the way, in French, when the field is carried only in part. */
  readonly loss?: string;
  /** The part of the value that survives, for the round-trip comparison (identity when absent). */
  readonly kept?: (value: unknown) => unknown;
}

/** Our fields (a group stands for its members: `evaluation` for `evaluation.*`) that a standard cannot carry. */
export interface NotCarried {
  readonly fields: readonly string[];
  /** Why, in French. */
  readonly reason: string;
}

/** Fields that no standard has room for, with the same reason whichever standard it is. */
export const COMMONLY_NOT_CARRIED = {
  evaluation: { fields: ['evaluation'], reason: 'Le standard n’a pas de grille d’évaluation.' },
  environment: { fields: ['environment'], reason: 'Le standard ne traite pas de l’empreinte environnementale.' },
  charterArticles: {
    fields: ['charter_articles'],
    reason: 'Notre charte est propre à la collectivité ; le standard n’a pas de champ pour s’y référer.',
  },
  tools: {
    fields: ['tools', 'tools_exception'],
    reason:
      'Le catalogue des outils est propre à la collectivité et publié à part (outils.json) ; le standard n’a pas de champ pour s’y référer.',
  },
} as const satisfies Record<string, NotCarried>;

export interface StandardExport {
  readonly key: string;
  /** Name of the standard, in French. */
  readonly standard: string;
  readonly version: string;
  /** Address of the file on the site. */
  readonly href: string;
  readonly format: string;
  /** Where the field names and lists of values were read. */
  readonly source: string;
  /** Field names of the standard, in the order of its source. */
  readonly fields: readonly string[];
  /** Our fields the export carries, by dotted path. */
  readonly carried: Readonly<Record<string, Carried>>;
  readonly notCarried: readonly NotCarried[];
  /** Where the file departs from the letter of the standard, in French. */
  readonly deviations: readonly string[];
  /** The standard's own field rules, every record of the file is checked against (`*.schema.ts`). */
  readonly definition: StandardDefinition;
  /** The field that names a record in a report of violations. */
  readonly idField: string;
  /** Fields the standard requires that our data cannot always fill: what the file holds then, and when. */
  readonly unfilled: readonly Unfilled[];
  /** Rules of the standard the file knowingly breaks, with the reason; the check tolerates only these. */
  readonly tolerated: readonly Tolerated[];
}

export interface Unfilled {
  readonly fields: readonly string[];
  /** What the field holds, in French. */
  readonly value: string;
  /** When, in French. */
  readonly when: string;
}

export interface Tolerated {
  readonly field: string;
  /** Only an absent value (null) is tolerated, because the field's type admits no word for "unknown". */
  readonly absentOnly: boolean;
  readonly reason: string;
}

/** Our fields read back from an export, by dotted path (`purpose.problem`), in our vocabulary. */
export type Recovered = Record<string, unknown>;

/** The entry, the address of its page and the service in charge, as every export needs them. */
export interface ExportedEntry {
  entry: RegisterEntry;
  url: string;
  serviceName: string;
  email: string;
  phone: string | undefined;
}

export function exportedEntries(content: Content): ExportedEntry[] {
  return content.register.map((entry) => {
    const service = content.services.get(entry.service);
    return {
      entry,
      url: absoluteUrl(entryPath(entry.slug), content.site.url),
      serviceName: service?.name ?? entry.service,
      email: service?.email ?? content.site.contact.email,
      phone: service?.phone ?? content.site.contact.phone,
    };
  });
}

/** The identifier of an entry, read back from the address of its page (…/registre/<id>/). */
export function idFromUrl(url: string | null | undefined): string | undefined {
  return url ? /\/registre\/([^/]+)\/$/.exec(url)?.[1] : undefined;
}

/**
 * Reverse of a conversion table: for each of their values, the first of our values that gives it,
 * unless `preferred` names another.
 */
export function reverse<K extends string, V extends string>(
  table: Readonly<Record<K, V>>,
  preferred: Readonly<Partial<Record<V, K>>> = {} as Partial<Record<V, K>>,
): Readonly<Record<V, K>> {
  const out = {} as Record<V, K>;
  for (const [ours, theirs] of Object.entries(table) as [K, V][]) if (!(theirs in out)) out[theirs] = preferred[theirs] ?? ours;
  return out;
}

/** Reverse of a table of labels: the value whose label is this text. */
export function valueOfLabel(labels: Readonly<Record<string, string>>, label: string | undefined): string | undefined {
  return label === undefined ? undefined : Object.entries(labels).find(([, l]) => l === label)?.[0];
}

/** Name-based UUID (RFC 9562, version 5) in the URL namespace: stable as long as the address of the entry is. */
export function uuidV5(name: string, namespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8'): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// --- A required field our data cannot fill -------------------------------------------------------

/** What a required text field of a standard holds when the entry says nothing about it. */
export const NOT_PROVIDED = 'Non renseigné';
const NOT_PUBLISHED = 'Non publié : ';

/**
 * The text for a required field the entry leaves empty: « Non publié : <reason> » when the
 * authority withholds the information (field `withheld` of the entry), else « Non renseigné ».
 */
export function unknownText(entry: RegisterEntry, withheldField?: string): string {
  const withheld = withheldField && entry.withheld.find((w) => w.field === withheldField);
  return withheld ? `${NOT_PUBLISHED}${withheld.reason}` : NOT_PROVIDED;
}

/** Whether a text of an export is one written by `unknownText`, not a value of the entry. */
export function isUnknownText(text: string): boolean {
  return text === NOT_PROVIDED || text.startsWith(NOT_PUBLISHED);
}

const ELLIPSIS = '…';

/**
 * A text of at most `max` characters: the whole text when it fits; else its first sentences
 * that fit; else its first words, followed by an ellipsis. `more` (an address) follows a cut text.
 */
export function fitText(text: string, max: number, more?: string): string {
  const length = (t: string) => [...t].length;
  if (length(text) <= max) return text;
  const tail = more ? ` (suite : ${more})` : '';
  const room = max - length(tail);
  const sentences = text.match(/[^.!?…]+[.!?…]+(?:\s+|$)/g) ?? [];
  let kept = '';
  for (const sentence of sentences) {
    if (length(kept + sentence.trimEnd()) > room) break;
    kept += sentence;
  }
  kept = kept.trimEnd();
  if (kept) return kept + tail;
  // Room for the ellipsis; the last word is kept only when a space follows it.
  const chars = [...text];
  const head = chars.slice(0, room - 1).join('');
  const words = /\s/.test(chars[room - 1] ?? '') ? head : head.slice(0, Math.max(head.lastIndexOf(' '), 0));
  const cut = words.replace(/[\s,;:–—-]+$/, '') || head;
  return cut + ELLIPSIS + tail;
}

// --- Several of our fields in one free text of theirs -------------------------------------------

/** A list written one item a line, each after a dash. */
export function bullets(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

export function readBullets(text: string | undefined): string[] {
  if (!text) return [];
  const items: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('- ')) items.push(line.slice(2));
    else if (items.length > 0) items[items.length - 1] += `\n${line}`;
  }
  return items;
}

/** A paragraph of a composed text: [label, value]; an empty label for the unlabelled opening paragraph. */
export type Part = readonly [label: string, value: string | undefined];

/**
 * Joins paragraphs with a blank line: "opening text\n\nLabel : value". A value that starts with a
 * list goes on the next line. Returns null when every value is empty.
 */
export function joinParts(parts: readonly Part[]): string | null {
  const kept = parts.filter(([, value]) => value !== undefined && value !== '');
  if (kept.length === 0) return null;
  return kept.map(([label, value]) => (label ? `${label} :${value!.startsWith('- ') ? '\n' : ' '}${value}` : value)).join('\n\n');
}

/** Splits a text written by `joinParts` back into its paragraphs, by label ('' for the opening paragraph). */
export function splitParts(text: string | null | undefined, labels: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  const marks: { label: string; start: number; end: number }[] = [];
  for (const label of labels) {
    for (const prefix of ['', '\n\n']) {
      for (const gap of [' ', '\n']) {
        const marker = `${prefix}${label} :${gap}`;
        const at = prefix ? text.indexOf(marker) : text.startsWith(marker) ? 0 : -1;
        if (at !== -1) marks.push({ label, start: at, end: at + marker.length });
      }
    }
  }
  marks.sort((a, b) => a.start - b.start);
  const opening = text.slice(0, marks[0]?.start ?? text.length);
  if (opening) out[''] = opening;
  marks.forEach((mark, i) => {
    out[mark.label] = text.slice(mark.end, marks[i + 1]?.start ?? text.length);
  });
  return out;
}

const MITIGATION = 'Mesure prise';

/** Risks, one paragraph each: "Nature : description\nMesure prise : mitigation". */
export function risksText(risks: readonly Risk[]): string | null {
  if (risks.length === 0) return null;
  return risks.map((r) => `${labelOf(RISK_KINDS, r.kind)} : ${r.description}\n${MITIGATION} : ${r.mitigation}`).join('\n\n');
}

interface Risk {
  kind: string;
  description: string;
  mitigation: string;
}

export function readRisks(text: string | null | undefined): Risk[] {
  if (!text) return [];
  const kinds = Object.entries(RISK_KINDS);
  const opening = (chunk: string) => kinds.find(([, label]) => chunk.startsWith(`${label} : `));
  const blocks: string[] = [];
  for (const chunk of text.split('\n\n')) {
    if (opening(chunk) || blocks.length === 0) blocks.push(chunk);
    else blocks[blocks.length - 1] += `\n\n${chunk}`;
  }
  return blocks.flatMap((block) => {
    const kind = opening(block);
    const cut = block.lastIndexOf(`\n${MITIGATION} : `);
    if (!kind || cut === -1) return [];
    return [{ kind: kind[0], description: block.slice(kind[1].length + 3, cut), mitigation: block.slice(cut + MITIGATION.length + 4) }];
  });
}

// --- CSV ------------------------------------------------------------------------------------------

/** A CSV file (RFC 4180, CRLF, UTF-8) with the given header, one row per record; absent values are empty cells. */
export function csvOf(header: readonly string[], records: readonly Readonly<Record<string, string | null>>[]): string {
  return csvText([header, ...records.map((record) => header.map((name) => record[name] ?? ''))]);
}

/** Rows of a CSV file as records keyed by the header; an empty cell reads as null. */
export function csvRecords(text: string): Record<string, string | null>[] {
  const [header = [], ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ? row[i]! : null])));
}

/** A multi-valued cell: a JSON array of texts (empty cell for an empty list). */
export function jsonList(items: readonly string[]): string | null {
  return items.length === 0 ? null : JSON.stringify(items);
}

/** The values of a multi-valued cell, without the text that stands for an unknown value. */
export function readJsonList(cell: string | null | undefined): string[] {
  if (!cell) return [];
  const value: unknown = JSON.parse(cell);
  return (Array.isArray(value) ? value.map(String) : [String(value)]).filter((item) => !isUnknownText(item));
}

/**
 * Undefined for an empty text or one that stands for an unknown value, so that a value read
 * back compares with an absent field.
 */
export function present(text: string | null | undefined): string | undefined {
  return text === null || text === undefined || text === '' || isUnknownText(text) ? undefined : text;
}

// --- Round trip -----------------------------------------------------------------------------------

/** JSON with the keys of objects sorted, undefined as null: equal values give equal texts. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Compares what was read back from an export with the content, for every field the standard
 * declares it carries (up to what it keeps of each); lists the differences, and the fields read
 * back without being declared.
 */
export function roundTripDifferences(
  standard: StandardExport,
  content: Content,
  recovered: readonly Recovered[],
): { compared: number; differences: string[] } {
  const differences: string[] = [];
  let compared = 0;
  if (recovered.length !== content.register.length) differences.push(`${recovered.length} fiches relues pour ${content.register.length}`);
  content.register.forEach((entry, i) => {
    const ours = toOpenDataEntry(entry, content);
    const back = recovered[i] ?? {};
    for (const path of Object.keys(back))
      if (!(path in standard.carried)) differences.push(`${entry.slug}, ${path} : relu sans être déclaré`);
    for (const [path, carried] of Object.entries(standard.carried)) {
      const kept = carried.kept ?? ((value: unknown) => value);
      const expected = canonical(kept(valueAt(ours, path.split('.'))));
      const found = canonical(kept(back[path]));
      if (expected !== found) differences.push(`${entry.slug}, ${path} : attendu ${expected}, relu ${found}`);
      compared++;
    }
  });
  return { compared, differences };
}
