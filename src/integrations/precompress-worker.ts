/**
 * A compression thread of src/integrations/precompress.ts. Three kinds of jobs:
 * - `file`: put the Brotli and gzip copies of a file beside it, from the cache when its bytes
 *   were compressed before (by an earlier build), else compressing them now;
 * - `watch` (while Astro renders): do the same for each file Astro writes into the site's
 *   folder, as it comes, until told to `stop`.
 * Copies are named after the SHA-256 of the bytes they compress, so a cached copy can only
 * ever be served for exactly the bytes it was made from: a file read while Astro was still
 * writing it only costs a wasted compression, never a wrong copy.
 */
import { createHash } from 'node:crypto';
import {
  constants as fsConstants,
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  type Dirent,
} from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface CompressionSettings {
  cacheDir: string;
  brotliQuality: number;
  gzipLevel: number;
  minBytes: number;
  /** Source of the regular expression of the file names worth compressing. */
  compressible: string;
}

export type CompressionJob = { kind: 'watch'; folder: string } | { kind: 'stop' } | { kind: 'file'; file: string };
export interface FileResult {
  kind: 'file';
  file: string;
  /** Size and modification time of the file when it was read: if both still hold, so do its copies. */
  size: number;
  mtimeMs: number;
  /** The copies written beside it (none for a file too small, or that compresses badly). */
  copies: string[];
  /** Bytes of its Brotli copy, 0 when none was worth writing. */
  brotli: number;
  /** The hash its copies are cached under, to keep them when the cache is pruned. */
  hash: string;
  /** Whether the copies came from the cache (an earlier build) rather than compressed now. */
  cached: boolean;
}
export type CompressionReply = { kind: 'watch'; files: FileResult[] } | FileResult;

const settings = workerData as CompressionSettings;
const COPIES = {
  br: (bytes: Uint8Array) =>
    brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: settings.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  gz: (bytes: Uint8Array) => gzipSync(bytes, { level: settings.gzipLevel }),
};
type Suffix = keyof typeof COPIES;

const cached = (hash: string, suffix: Suffix) => path.join(settings.cacheDir, `${hash}.${suffix}`);

/** Compresses `bytes` into the cache unless both copies are there; returns their hash. */
function fillCache(bytes: Uint8Array): { hash: string; fresh: boolean } {
  const hash = createHash('sha256').update(bytes).digest('hex');
  let fresh = false;
  for (const suffix of Object.keys(COPIES) as Suffix[]) {
    const target = cached(hash, suffix);
    if (existsSync(target)) continue;
    // Written under a temporary name, then renamed: a copy cut short never carries the final name.
    const partial = `${target}.${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, COPIES[suffix](bytes));
    renameSync(partial, target);
    fresh = true;
  }
  return { hash, fresh };
}

/**
 * A copy, not a link: a file of the site written over in place (by hand, by a tool) would
 * otherwise change the cached copy too. Where the file system can share blocks, it does.
 */
function place(from: string, to: string): void {
  copyFileSync(from, to, fsConstants.COPYFILE_FICLONE);
}

/** Puts the copies of `file` beside it, from the cache or compressed now. */
function compressFile(file: string, stat = statSync(file)): FileResult {
  // Stat first, read second: a write in between changes the time the end of the build checks.
  const result: FileResult = { kind: 'file', file, size: stat.size, mtimeMs: stat.mtimeMs, copies: [], brotli: 0, hash: '', cached: false };
  const bytes = readFileSync(file);
  if (bytes.length < settings.minBytes) return result;
  const { hash, fresh } = fillCache(bytes);
  Object.assign(result, { hash, cached: !fresh });
  for (const suffix of Object.keys(COPIES) as Suffix[]) {
    const copy = cached(hash, suffix);
    const size = statSync(copy).size;
    // A copy no smaller than the file would only cost the browser.
    if (size >= bytes.length) continue;
    place(copy, `${file}.${suffix}`);
    result.copies.push(`${file}.${suffix}`);
    if (suffix === 'br') result.brotli = size;
  }
  return result;
}

/** A file Astro has not touched for this long is taken as written (a guess: see the header). */
const SETTLED_MS = 300;
const compressible = new RegExp(settings.compressible);
let watching = false;

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Compresses the files that appear under `folder`, until `watching` turns false. */
async function watch(folder: string): Promise<FileResult[]> {
  const seen = new Set<string>();
  const done: FileResult[] = [];
  while (watching) {
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(folder, { recursive: true, withFileTypes: true });
    } catch {
      // Not written yet, or being emptied by Astro.
    }
    for (const entry of entries) {
      if (!watching) break;
      const file = path.join(entry.parentPath, entry.name);
      if (!entry.isFile() || seen.has(file) || !compressible.test(entry.name)) continue;
      try {
        const stat = statSync(file);
        if (Date.now() - stat.mtimeMs < SETTLED_MS) continue;
        seen.add(file);
        done.push(compressFile(file, stat));
      } catch {
        continue; // Removed meanwhile: the end of the build deals with what is there.
      }
      // Now and then, let the `stop` message in.
      if (done.length % 20 === 0) await pause(0);
    }
    if (watching) await pause(200);
  }
  return done;
}

parentPort!.on('message', (job: CompressionJob) => {
  if (job.kind === 'watch') {
    watching = true;
    void watch(job.folder).then((files) => parentPort!.postMessage({ kind: 'watch', files } satisfies CompressionReply));
  } else if (job.kind === 'stop') {
    watching = false;
  } else {
    parentPort!.postMessage(compressFile(job.file) satisfies CompressionReply);
  }
});
