/**
 * The history of the register entries, read from git: for each entry, every commit that changed
 * its file (following renames), newest first, with the fields that changed. Who made a change
 * is never read: agents' names are not published. Without git or without a repository (an
 * archive install), the history is "unavailable" and the build goes on.
 *
 * Only changes to the content count. Left out: a commit that also changed the software (code,
 * schemas, tests: see `softwareCommits`), whose edits to entries are migrations or demo data;
 * and a commit after which every field reads the same (layout, comments, typography).
 */
import { existsSync } from 'node:fs';
import type { z } from 'astro/zod';
import path from 'node:path';
import { CONTENT_PATHS } from '../../schemas/collections.ts';
import { contentNames } from '../content/names.ts';
import { contentRoot, getContent } from '../content/load.ts';
import { diffEntries, type FieldChange, type Names } from './diff.ts';
import { GitUnavailable, logFolder, readBlobs, shallowBoundaries, softwareCommits, type GitOptions } from './git.ts';
import { VersionStore } from './versions.ts';

export type { FieldChange } from './diff.ts';
export type { GitOptions } from './git.ts';

export interface HistoryOptions extends GitOptions {
  /** What references name (services, decisions, charter articles), to show instead of their ids. */
  names?: Names;
  /** The schema of the folder's files (the register's by default) and the field that titles them. */
  schema?: z.ZodType;
  titleField?: string;
}

/**
 * created: the file appeared; modified: its content changed; renamed: its file name (the
 * address of the page) changed; deleted: the file left the register; oldest: the oldest version
 * a shallow clone holds, whose earlier history this installation does not have.
 */
export type RevisionKind = 'created' | 'modified' | 'renamed' | 'deleted' | 'oldest';

export interface Revision {
  /**
   * The entry this change belongs to: the slug of its file today (or when it was removed), or
   * `slug@commit` for an earlier entry whose file name a later entry took (`commit` created it).
   */
  entry: string;
  /** The file's slug in this version (before the change for a deletion). */
  slug: string;
  /** The slug before a rename. */
  previousSlug?: string;
  kind: RevisionKind;
  commit: string;
  /** Commit date, ISO 8601 with its offset. */
  date: string;
  /** The commit's subject line. */
  summary: string;
  /** The entry's title in this version (the last one for a deletion). */
  title: string;
  /** Fields changed, for `modified` and `renamed` (the file name is the pseudo-field `slug`). */
  changes: FieldChange[];
  /** Set when one of the two versions is not readable YAML: its fields cannot be compared. */
  unreadable?: boolean;
}

export type History =
  | {
      available: true;
      /** A shallow clone: the history stops at the oldest commit it holds. */
      shallow: boolean;
      /** Every change, newest first. */
      revisions: Revision[];
      /** Changes by entry, newest first. */
      byEntry: Map<string, Revision[]>;
    }
  | { available: false; reason: string };

const YAML_FILE = /^[^/]+\.ya?ml$/;
const slugOf = (file: string) => file.replace(/\.ya?ml$/, '');

/**
 * A copy that holds no part of the file it was read from: V8 keeps a whole file's text alive
 * for as long as a piece of it is referenced, which for 5,000 entries is hundreds of megabytes.
 */
const detach = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function titleOf(title: unknown, fallback: string): string {
  return typeof title === 'string' && title.trim() ? detach(title.trim()) : fallback;
}

/** Blobs read by one `git cat-file` process: enough to keep processes few and memory bounded. */
const BATCH = 2000;

/** Reads the history of the entry files of a register folder (content/registre). */
export function readHistory(registerDir: string, options: HistoryOptions = {}): History {
  if (!existsSync(registerDir)) return { available: false, reason: `dossier absent : ${registerDir}` };
  const revisions: Revision[] = [];
  let boundaries: Set<string> | undefined;
  try {
    boundaries = shallowBoundaries(registerDir, options);
    const software = softwareCommits(registerDir, options);
    const commits = logFolder(registerDir, options).map((commit) => ({
      ...commit,
      files: commit.files.filter((file) => YAML_FILE.test(file.from) || YAML_FILE.test(file.to)),
    }));
    const uses = new Map<string, number>();
    for (const commit of commits) {
      for (const file of commit.files) {
        for (const hash of [file.before, file.after]) if (hash) uses.set(hash, (uses.get(hash) ?? 0) + 1);
      }
    }
    const versions = new VersionStore(uses);
    // Walking from the newest commit back, `owner` says which entry a file name belongs to at
    // that point: a rename hands the old name to the renamed entry, a creation ends the entry's
    // past (an older file of the same name was another entry, since removed).
    const owner = new Map<string, string>();
    const ownerOf = (file: string) => owner.get(file) ?? slugOf(file);
    for (let next = 0; next < commits.length;) {
      // The versions the next commits need, read in one process.
      const wanted = new Set<string>();
      let end = next;
      while (end < commits.length && (end === next || wanted.size < BATCH)) {
        for (const file of commits[end]!.files) {
          for (const hash of [file.before, file.after]) if (hash && !versions.has(hash)) wanted.add(hash);
        }
        end++;
      }
      versions.provide(readBlobs(registerDir, wanted, options));
      for (const commit of commits.slice(next, end)) {
        const cut = boundaries?.has(commit.hash) ?? false;
        for (const file of commit.files) {
          const fromEntry = YAML_FILE.test(file.from);
          const toEntry = YAML_FILE.test(file.to);
          let kind: RevisionKind;
          if (file.status === 'A' || (file.status === 'R' && !fromEntry)) kind = cut ? 'oldest' : 'created';
          else if (file.status === 'D' || (file.status === 'R' && !toEntry)) kind = 'deleted';
          else if (file.status === 'R') kind = 'renamed';
          else kind = 'modified';
          const name = kind === 'deleted' ? file.from : file.to;
          const shown = kind === 'deleted' ? file.before : file.after;
          const entry = ownerOf(name);
          // The oldest commit of a shallow clone seems to add every file: it stays.
          const listed = cut || !software.has(commit.hash);
          const revision: Revision = {
            entry,
            slug: slugOf(name),
            kind,
            commit: commit.hash,
            date: commit.date,
            summary: commit.subject,
            title: listed ? titleOf(versions.field(shown, options.titleField ?? 'title'), slugOf(name)) : slugOf(name),
            changes: [],
          };
          if (kind === 'renamed') {
            revision.previousSlug = slugOf(file.from);
            revision.changes.push({
              path: 'slug',
              label: 'Identifiant de la fiche (adresse de la page)',
              field: 'Identifiant de la fiche',
              kind: 'changed',
              before: slugOf(file.from),
              after: slugOf(file.to),
            });
          }
          if (!listed) {
            // Nothing to compare.
          } else if ((kind === 'renamed' || kind === 'modified') && file.before && file.after && file.before !== file.after) {
            const pair = versions.differing(file.before, file.after);
            if (pair) revision.changes.push(...detach(diffEntries(pair.before, pair.after, options.schema, options.names)));
            else revision.unreadable = true;
          } else if (!versions.readable(shown)) {
            revision.unreadable = true;
          }
          versions.release(file.before);
          versions.release(file.after);
          const reformatted = kind === 'modified' && revision.changes.length === 0 && !revision.unreadable;
          if (listed && !reformatted) revisions.push(revision);
          // What older commits did under these names belongs to whom.
          if (kind === 'created' || kind === 'oldest') owner.set(name, `${slugOf(name)}@${commit.hash}`);
          if (kind === 'renamed') {
            owner.set(file.to, `${slugOf(file.to)}@${commit.hash}`);
            owner.set(file.from, entry);
          }
        }
      }
      next = end;
    }
  } catch (error) {
    if (error instanceof GitUnavailable) return { available: false, reason: error.message };
    throw error;
  }
  const byEntry = new Map<string, Revision[]>();
  for (const revision of revisions) {
    const list = byEntry.get(revision.entry);
    if (list) list.push(revision);
    else byEntry.set(revision.entry, [revision]);
  }
  return { available: true, shallow: boundaries !== undefined, revisions, byEntry };
}

/** The changes of one entry, newest first (empty when none is recorded or the history is unavailable). */
export function historyOf(history: History, slug: string): Revision[] {
  return history.available ? (history.byEntry.get(slug) ?? []) : [];
}

/** The latest changes across the register, newest first, without the oldest versions of a shallow clone. */
export function latestChanges(history: History, count = 50): Revision[] {
  if (!history.available) return [];
  const shown: Revision[] = [];
  for (const revision of history.revisions) {
    if (shown.length >= count) break;
    if (revision.kind === 'oldest') continue;
    shown.push(revision);
  }
  return shown;
}

/** Labels of the fields a change touched, each once (« Étapes », « Le système › Modèle »). */
export function changedFields(revision: Revision): string[] {
  return [...new Set(revision.changes.map((c) => c.field))];
}

/**
 * Kept on globalThis, like the content: the pages of one build are rendered by several module
 * instances in one process, and git is read once.
 */
const CACHE = Symbol.for('registre-ia.history');
type HistoryCache = { [CACHE]?: { dir: string; history: History } };

/** The history of the register of the content folder, read once per process, references named. */
export function getHistory(root = contentRoot()): History {
  const dir = path.join(root, CONTENT_PATHS.register);
  const cache = globalThis as HistoryCache;
  if (cache[CACHE]?.dir !== dir) {
    const content = getContent(root);
    cache[CACHE] = { dir, history: withoutDrafts(readHistory(dir, { names: contentNames(content) }), content.drafts) };
  }
  return cache[CACHE].history;
}

/** The history without the changes to the entries that are drafts today: they are not published. */
export function withoutDrafts(history: History, drafts: readonly string[]): History {
  if (!history.available || drafts.length === 0) return history;
  const hidden = new Set(drafts);
  const byEntry = new Map([...history.byEntry].filter(([entry]) => !hidden.has(entry)));
  return { ...history, revisions: history.revisions.filter((r) => !hidden.has(r.entry)), byEntry };
}

/** Forgets the history read so far (for the development server, after a commit). */
export function forgetHistory(): void {
  delete (globalThis as HistoryCache)[CACHE];
}
