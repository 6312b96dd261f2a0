/**
 * Versions of entry files, parsed as little as possible. A change usually touches two or three
 * of an entry's twenty-odd top-level fields: the text of each top-level field is compared first,
 * and only the fields whose text differs are parsed. A file that cannot be cut safely (anchors,
 * several documents, keys the cut does not recognise) is parsed whole, as load.ts does.
 */
import yaml from 'js-yaml';
import type { Blobs } from './git.ts';

export interface Version {
  /** False when the file is missing or not readable YAML. */
  ok: boolean;
  /** Top-level fields by name, or undefined when the text could not be cut safely. */
  sections?: Map<string, string>;
  /** Parsed values of the top-level fields read so far (all of them after a whole parse). */
  values: Map<string, unknown>;
  /** Set once the whole file is parsed. */
  whole?: unknown;
}

const parse = (text: string): unknown => yaml.load(text, { schema: yaml.CORE_SCHEMA });

/** `key:` at the start of a line opens a top-level field. */
const KEY_LINE = /([A-Za-z_][\w-]*)[ \t]*:(?=[ \t\r\n]|$)/y;
/** Anchors and aliases (`&a`, `*a`) tie parts of a file together. */
const ANCHOR = /(?:^|[\s[{,])[&*][^\s,\]}]/;
/** What may precede the first field: blank lines and comments. */
const PREAMBLE = /^(?:[ \t]*(?:#.*)?\r?\n)*$/;

const isKeyStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

/** The text of each top-level field of a YAML mapping, or undefined when it cannot be cut safely. */
function topLevelSections(text: string): Map<string, string> | undefined {
  if ((text.includes('&') || text.includes('*')) && ANCHOR.test(text)) return undefined;
  const sections = new Map<string, string>();
  let key: string | undefined;
  let start = 0;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    const c = text.charCodeAt(at);
    if (isKeyStart(c)) {
      KEY_LINE.lastIndex = at;
      const name = KEY_LINE.exec(text)?.[1];
      if (name !== undefined) {
        if (key === undefined) {
          if (!PREAMBLE.test(text.slice(0, at))) return undefined;
        } else {
          sections.set(key, text.slice(start, at));
        }
        if (name === key || sections.has(name)) return undefined;
        key = name;
        start = at;
      }
    } else if (c === 0x25 || text.startsWith('---', at) || text.startsWith('...', at)) {
      // A directive or a document marker: several documents, or a document that needs them.
      return undefined;
    }
    at = end + 1;
  }
  if (key === undefined) return undefined;
  sections.set(key, text.slice(start));
  return sections;
}

function parseWhole(version: Version, text: string): void {
  try {
    const data = parse(text);
    version.whole = data;
    version.values = new Map(data !== null && typeof data === 'object' && !Array.isArray(data) ? Object.entries(data) : []);
    version.ok = data === undefined || data === null || (typeof data === 'object' && !Array.isArray(data));
  } catch {
    version.ok = false;
  }
  version.sections = undefined;
}

/**
 * Reads and caches versions by blob. Each version is forgotten after its last use (a version is
 * usually the "after" of one change and the "before" of the next), so that the versions of a
 * large register are not all in memory at once.
 */
export class VersionStore {
  #blobs: Blobs = { get: () => undefined };
  readonly #uses: Map<string, number>;
  readonly #versions = new Map<string, Version>();
  readonly #texts = new Map<string, string>();

  /** `uses`: how many changes read each blob. */
  constructor(uses: Map<string, number>) {
    this.#uses = uses;
  }

  /** The blobs read for the next changes (those read before stay known until their last use). */
  provide(blobs: Blobs): void {
    this.#blobs = blobs;
  }

  /** Whether a version is already known, so that it need not be read again. */
  has(hash: string): boolean {
    return this.#versions.has(hash);
  }

  #version(hash: string): Version {
    let version = this.#versions.get(hash);
    if (!version) {
      const text = this.#blobs.get(hash);
      version = { ok: text !== undefined, values: new Map() };
      if (text !== undefined) {
        this.#texts.set(hash, text);
        version.sections = topLevelSections(text);
        if (!version.sections) parseWhole(version, text);
      }
      this.#versions.set(hash, version);
    }
    return version;
  }

  /** The value of one top-level field (parsed alone when the file could be cut). */
  #value(hash: string, version: Version, key: string): unknown {
    if (version.values.has(key) || !version.sections) return version.values.get(key);
    const section = version.sections.get(key);
    if (section === undefined) return undefined;
    try {
      const data = parse(section) as Record<string, unknown> | null;
      const keys = data && typeof data === 'object' ? Object.keys(data) : [];
      if (keys.length === 1 && keys[0] === key) {
        version.values.set(key, data![key]);
        return data![key];
      }
    } catch {
      // Read the whole file below: it says whether the file is readable at all.
    }
    parseWhole(version, this.#texts.get(hash)!);
    return version.values.get(key);
  }

  /** Whether the version exists and is readable (a file parsed in sections is checked field by field). */
  readable(hash: string | undefined): boolean {
    return hash === undefined || this.#version(hash).ok;
  }

  /** One top-level field of a version. */
  field(hash: string | undefined, key: string): unknown {
    if (!hash) return undefined;
    const version = this.#version(hash);
    return version.ok ? this.#value(hash, version, key) : undefined;
  }

  /**
   * The two versions restricted to the top-level fields that may differ, ready to compare, or
   * undefined when one of them is not readable.
   */
  differing(before: string, after: string): { before: Record<string, unknown>; after: Record<string, unknown> } | undefined {
    const a = this.#version(before);
    const b = this.#version(after);
    if (!a.ok || !b.ok) return undefined;
    const keys = new Set<string>();
    for (const version of [a, b]) for (const key of version.sections?.keys() ?? version.values.keys()) keys.add(key);
    const pair = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
    for (const key of keys) {
      if (a.sections && b.sections && a.sections.get(key) === b.sections.get(key)) continue;
      pair.before[key] = this.#value(before, a, key);
      pair.after[key] = this.#value(after, b, key);
    }
    // A field that could not be parsed alone made its file be read whole: is it still readable?
    return a.ok && b.ok ? pair : undefined;
  }

  /** Marks one use of a version as done; the version is forgotten after its last use. */
  release(hash: string | undefined): void {
    if (!hash) return;
    const left = (this.#uses.get(hash) ?? 1) - 1;
    this.#uses.set(hash, left);
    if (left <= 0) {
      this.#versions.delete(hash);
      this.#texts.delete(hash);
    }
  }
}
