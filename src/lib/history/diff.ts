/**
 * Field-by-field comparison of two versions of a register entry, as parsed from YAML: each
 * change has its dotted path, its French label (from the schema) and both values written for a
 * reader (labels of closed lists, French dates, Oui/Non). Lists are aligned on their unchanged
 * items, so adding a lifecycle event reads as one added event, not as every later event changed.
 */
import type { z } from 'astro/zod';
import { cmsHints, type ReferenceTarget } from '../../schemas/fields.ts';
import { childOf, metaOf, registeredIn, shapeOf, type Options } from '../../schemas/introspect.ts';
import { registerEntryObject } from '../../schemas/register.ts';
import { formatDate, formatNumber, yesNo } from '../format.ts';

/**
 * What a reference names (a service's name, a decision's object, an article's title), from the
 * content; undefined when the content does not know the id (it is then shown as is).
 */
export type Names = (target: ReferenceTarget, id: string) => string | undefined;

export interface FieldChange {
  /** Dotted path in the file; list items by their position from 0 (`lifecycle.3`, `system.model`). */
  path: string;
  /** Label of each level joined by « › », list items numbered from 1 (« Étapes › n° 4 (2 mars 2026) »). */
  label: string;
  /** Label of the field without list positions, for short summaries (« Étapes », « Le système › Modèle »). */
  field: string;
  kind: 'added' | 'removed' | 'changed';
  /** The value before, written for a reader; absent when the field or item was added. */
  before?: string;
  /** The value after, written for a reader; absent when the field or item was removed. */
  after?: string;
}

type Node = z.ZodType | undefined;

const SEPARATOR = ' › ';

function keysOf(node: Node): string[] {
  return Object.keys((node && shapeOf(node)) ?? {});
}

/** The collection a field names (`withCms(…, { ref })`), if it is a reference. */
function referenceOf(node: Node): ReferenceTarget | undefined {
  if (!node) return undefined;
  let found = refCache.get(node);
  if (found === undefined) {
    const hint = registeredIn(cmsHints, node);
    found = hint && 'ref' in hint ? hint.ref : null;
    refCache.set(node, found);
  }
  return found ?? undefined;
}
const refCache = new WeakMap<object, ReferenceTarget | null>();

const metaCache = new WeakMap<object, { title?: string; labels?: Options }>();
function meta(node: Node): { title?: string; labels?: Options } {
  if (!node) return {};
  let found = metaCache.get(node);
  if (!found) {
    found = metaOf(node);
    metaCache.set(node, found);
  }
  return found;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** YAML `champ:` with no value is null: the same as an absent field. */
const absent = (value: unknown) => value === undefined || value === null;

const loose = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Whether two values read the same. Spaces are compared loosely: a plain space replaced by a
 * non-breaking one (French typography) or a text wrapped differently changes nothing a reader reads.
 */
export function same(a: unknown, b: unknown): boolean {
  if (a === b || (absent(a) && absent(b))) return true;
  if (typeof a === 'string' && typeof b === 'string') return loose(a) === loose(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    for (const key in a) if (!same(a[key], b[key])) return false;
    for (const key in b) if (!(key in a) && !absent(b[key])) return false;
    return true;
  }
  return false;
}

/** A stable text for a value, equal for values that are `same`: keys of list items when aligning lists. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => !absent(value[k]))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  if (typeof value === 'string') return JSON.stringify(loose(value));
  return absent(value) ? 'null' : JSON.stringify(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A value as a reader reads it: labels of closed lists, what references name (with `names`),
 * French dates, Oui/Non, lists joined by « ; ».
 */
export function display(value: unknown, node: Node, names?: Names, target = referenceOf(node)): string {
  if (absent(value)) return '';
  if (typeof value === 'boolean') return yesNo(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') {
    const named = target && names?.(target, value);
    if (named) return named;
    const labels = meta(node).labels;
    if (labels?.[value]) return labels[value];
    return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? formatDate(value) : value;
  }
  // A list of references carries its hint on the list, not on its items.
  if (Array.isArray(value)) return value.map((item, i) => display(item, childOf(node, i), names, target)).join(' ; ');
  if (isObject(value)) {
    return orderedKeys(node, value, {})
      .filter((key) => !absent(value[key]))
      .map((key) => {
        const child = childOf(node, key);
        const shown = display(value[key], child, names);
        return `${meta(child).title ?? key} : ${isObject(value[key]) || Array.isArray(value[key]) ? `(${shown})` : shown}`;
      })
      .join(' ; ');
  }
  return String(value);
}

/** The schema's order first (the order of the form and of the page), then unknown keys. */
function orderedKeys(node: Node, a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set(keysOf(node).filter((k) => k in a || k in b));
  for (const k of Object.keys(b)) keys.add(k);
  for (const k of Object.keys(a)) keys.add(k);
  return [...keys];
}

/** A short mark that tells list items apart: their date, label or kind. */
function itemHint(item: unknown, node: Node): string {
  if (!isObject(item)) return '';
  for (const key of ['date', 'label', 'title', 'field', 'kind']) {
    if (typeof item[key] === 'string') return ` (${display(item[key], childOf(node, key))})`;
  }
  return '';
}

interface Place {
  path: string[];
  labels: string[];
  /** Labels up to the first list position. */
  field: string[];
  inList: boolean;
}

function child(place: Place, key: string | number, label: string): Place {
  const inList = place.inList || typeof key === 'number';
  return {
    path: [...place.path, String(key)],
    labels: [...place.labels, label],
    field: inList ? place.field : [...place.field, label],
    inList,
  };
}

/** `target`: the collection the items of a list of references name (the hint is on the list). */
function push(
  out: Output,
  place: Place,
  kind: FieldChange['kind'],
  before: unknown,
  after: unknown,
  node: Node,
  target = referenceOf(node),
): void {
  const { names } = out;
  out.changes.push({
    path: place.path.join('.'),
    label: place.labels.join(SEPARATOR),
    field: place.field.join(SEPARATOR),
    kind,
    ...(kind === 'added' ? {} : { before: display(before, node, names, target) }),
    ...(kind === 'removed' ? {} : { after: display(after, node, names, target) }),
  });
}

/** The changes found so far, and how references are named in them. */
interface Output {
  changes: FieldChange[];
  names?: Names;
}

function compare(a: unknown, b: unknown, node: Node, place: Place, out: Output, target = referenceOf(node)): void {
  if (same(a, b)) return;
  if ((isObject(a) || absent(a)) && (isObject(b) || absent(b))) {
    const before = (a ?? {}) as Record<string, unknown>;
    const after = (b ?? {}) as Record<string, unknown>;
    for (const key of orderedKeys(node, before, after)) {
      const sub = childOf(node, key);
      compare(before[key], after[key], sub, child(place, key, meta(sub).title ?? key), out);
    }
    return;
  }
  if ((Array.isArray(a) || absent(a)) && (Array.isArray(b) || absent(b))) {
    compareLists((a ?? []) as unknown[], (b ?? []) as unknown[], node, place, out);
    return;
  }
  push(out, place, absent(a) ? 'added' : absent(b) ? 'removed' : 'changed', a, b, node, target);
}

/** Longest common subsequence of two lists of keys: the pairs of positions kept unchanged. */
function unchangedPairs(a: string[], b: string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const lengths = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function compareLists(a: unknown[], b: unknown[], node: Node, place: Place, out: Output): void {
  const element = childOf(node, 0);
  const target = referenceOf(element) ?? referenceOf(node);
  const itemPlace = (index: number, item: unknown) => child(place, index, `n° ${index + 1}${itemHint(item, element)}`);
  const gaps: { removed: number[]; added: number[] }[] = [];
  let i = 0;
  let j = 0;
  for (const [ki, kj] of [...unchangedPairs(a.map(canonical), b.map(canonical)), [a.length, b.length] as [number, number]]) {
    if (i < ki || j < kj) {
      gaps.push({
        removed: Array.from({ length: ki - i }, (_, x) => i + x),
        added: Array.from({ length: kj - j }, (_, x) => j + x),
      });
    }
    i = ki + 1;
    j = kj + 1;
  }
  for (const { removed, added } of gaps) {
    // An item replaced at the same place is one item changed; otherwise items that share their
    // date or label are the same item changed. What is left was removed or added.
    const pairs: [number, number][] = [];
    if (removed.length === added.length) {
      removed.forEach((r, x) => pairs.push([r, added[x]!]));
    } else {
      const free = new Set(added);
      for (const r of removed) {
        const hint = itemHint(a[r], element);
        const match = hint ? [...free].find((x) => itemHint(b[x], element) === hint) : undefined;
        if (match !== undefined) {
          pairs.push([r, match]);
          free.delete(match);
        }
      }
    }
    const paired = new Set(pairs.map(([r]) => r));
    const pairedAdded = new Set(pairs.map(([, x]) => x));
    // Removed items first, then changed and added items in the order of the new list.
    for (const r of removed) {
      if (!paired.has(r)) push(out, itemPlace(r, a[r]), 'removed', a[r], undefined, element, target);
    }
    for (const x of added) {
      const pair = pairs.find(([, y]) => y === x);
      if (pair) compare(a[pair[0]], b[x], element, itemPlace(x, b[x]), out, target);
      else if (!pairedAdded.has(x)) push(out, itemPlace(x, b[x]), 'added', undefined, b[x], element, target);
    }
  }
}

/**
 * Every field that differs between two parsed versions of an entry, in the order of the schema;
 * references are written by what they name when `names` knows them.
 */
export function diffEntries(before: unknown, after: unknown, schema: z.ZodType = registerEntryObject, names?: Names): FieldChange[] {
  const out: Output = { changes: [], names };
  compare(before, after, schema, { path: [], labels: [], field: [], inList: false }, out);
  return out.changes;
}
