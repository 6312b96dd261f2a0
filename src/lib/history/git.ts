/**
 * The two git commands the history needs, run once per build whatever the size of the register:
 * one `git log` over the register folder (every commit, with the blob of each file before and
 * after), then one `git cat-file --batch` that reads every needed version of every file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface GitOptions {
  /** The git program (a path or a name looked up in PATH). */
  git?: string;
  /** Milliseconds a git command may take before the history is given up. */
  timeout?: number;
}

/** What changed to one file in one commit, as `git log --raw` reports it. */
export interface FileRecord {
  /** A added, M modified, D deleted, R renamed, T type changed. */
  status: 'A' | 'M' | 'D' | 'R' | 'T';
  /** Path relative to the register folder, before the commit (renames only differ). */
  from: string;
  /** Path relative to the register folder, after the commit. */
  to: string;
  /** Blob of the file before the commit, or undefined when it did not exist. */
  before?: string;
  /** Blob of the file after the commit, or undefined when it no longer exists. */
  after?: string;
}

export interface CommitRecord {
  hash: string;
  parents: string[];
  /** Committer date, ISO 8601 with its offset. */
  date: string;
  subject: string;
  files: FileRecord[];
}

export class GitUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitUnavailable';
  }
}

const NO_BLOB = /^0+$/;

function run(cwd: string, args: string[], options: GitOptions, input?: string): Buffer {
  const result = spawnSync(options.git ?? 'git', ['-c', 'log.showSignature=false', '-c', 'core.quotePath=false', ...args], {
    cwd,
    input,
    maxBuffer: 2 ** 31 - 1,
    timeout: options.timeout ?? 120_000,
    windowsHide: true,
    // Never ask for a password nor fetch missing objects of a partial clone from the network.
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1', LC_ALL: 'C' },
  });
  if (result.error) throw new GitUnavailable(`git introuvable ou interrompu (${result.error.message})`);
  if (result.status !== 0) {
    const message = result.stderr.toString('utf8').trim().split('\n')[0] || `code de sortie ${result.status}`;
    throw new GitUnavailable(`git ${args[0]} a échoué : ${message}`);
  }
  return result.stdout;
}

/** Whether the folder belongs to a shallow clone, and the commits where its history was cut. */
export function shallowBoundaries(cwd: string, options: GitOptions = {}): Set<string> | undefined {
  const [shallow = '', file = ''] = run(cwd, ['rev-parse', '--is-shallow-repository', '--git-path', 'shallow'], options)
    .toString('utf8')
    .trim()
    .split('\n');
  if (shallow.trim() !== 'true') return undefined;
  try {
    return new Set(
      readFileSync(path.resolve(cwd, file.trim()), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
  } catch {
    return new Set();
  }
}

/**
 * The commits that changed files outside the content: outside the folder that holds the
 * register folder, and outside the `public/` folder next to it (where the CMS puts attachments).
 * Such a commit is the software's own work (code, schemas, tests, demo data): what it did to the
 * entries is a migration, not a change the authority made and must publish. Empty when the
 * content folder is the top of its repository (a repository of content only).
 */
export function softwareCommits(cwd: string, options: GitOptions = {}): Set<string> {
  const prefix = run(cwd, ['rev-parse', '--show-prefix'], options).toString('utf8').trim().replace(/\/$/, '');
  const contentDir = path.posix.dirname(prefix);
  if (!prefix || contentDir === '.') return new Set();
  const parent = path.posix.dirname(contentDir);
  const publicDir = parent === '.' ? 'public' : `${parent}/public`;
  const out = run(
    cwd,
    ['log', '--no-merges', '--format=%H', '--', ':(top)', `:(top,exclude)${contentDir}`, `:(top,exclude)${publicDir}`],
    options,
  ).toString('utf8');
  return new Set(out.split('\n').filter(Boolean));
}

const SEPARATOR = '\x1e';
const FIELD = '\x1f';

/**
 * Every commit that touched the folder, newest first, with the files it changed (renames
 * detected within the folder). Merge commits are left out: the commits they bring are listed.
 */
export function logFolder(cwd: string, options: GitOptions = {}): CommitRecord[] {
  const out = run(
    cwd,
    [
      'log',
      '--no-merges',
      '--no-color',
      '-M',
      '--raw',
      '--no-abbrev',
      '-z',
      '--relative',
      `--format=${SEPARATOR}%H${FIELD}%P${FIELD}%cI${FIELD}%s`,
      '--',
      '.',
    ],
    options,
  ).toString('utf8');
  return parseLog(out);
}

function parseLog(out: string): CommitRecord[] {
  const commits: CommitRecord[] = [];
  for (const chunk of out.split(SEPARATOR)) {
    if (!chunk) continue;
    const end = chunk.indexOf('\0');
    const header = end === -1 ? chunk : chunk.slice(0, end);
    const [hash = '', parents = '', date = '', subject = ''] = header.split(FIELD);
    const files: FileRecord[] = [];
    const tokens = end === -1 ? [] : chunk.slice(end + 1).split('\0');
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!.replace(/^\n+/, '');
      if (!token.startsWith(':')) continue;
      // :100644 100644 <before> <after> <status>
      const [, , before = '', after = '', code = ''] = token.slice(1).split(' ');
      const status = code.charAt(0);
      const from = tokens[++i] ?? '';
      const to = status === 'R' || status === 'C' ? (tokens[++i] ?? '') : from;
      if (status !== 'A' && status !== 'M' && status !== 'D' && status !== 'R' && status !== 'T') continue;
      files.push({
        status,
        from,
        to,
        before: NO_BLOB.test(before) ? undefined : before,
        after: NO_BLOB.test(after) ? undefined : after,
      });
    }
    commits.push({ hash, parents: parents.split(' ').filter(Boolean), date, subject, files });
  }
  return commits;
}

/** Versions of files read from git, decoded only when asked for. */
export interface Blobs {
  get(hash: string): string | undefined;
}

/** The text of many blobs in one process; a blob git cannot find is undefined. */
export function readBlobs(cwd: string, hashes: Iterable<string>, options: GitOptions = {}): Blobs {
  const wanted = [...new Set(hashes)];
  const places = new Map<string, [number, number]>();
  if (wanted.length === 0) return { get: () => undefined };
  const out = run(cwd, ['cat-file', '--batch'], options, `${wanted.join('\n')}\n`);
  let position = 0;
  while (position < out.length) {
    const lineEnd = out.indexOf(0x0a, position);
    if (lineEnd === -1) break;
    const [hash = '', type = '', size = ''] = out.toString('latin1', position, lineEnd).split(' ');
    position = lineEnd + 1;
    if (type === 'missing' || size === '') continue;
    const length = Number(size);
    if (type === 'blob') places.set(hash, [position, position + length]);
    position += length + 1;
  }
  return {
    get(hash) {
      const place = places.get(hash);
      return place && out.toString('utf8', place[0], place[1]);
    },
  };
}
