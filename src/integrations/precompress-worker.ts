/**
 * A compression thread of src/integrations/precompress.ts. Two kinds of jobs:
 * - `bytes` (while Astro renders): compress a page's bytes into the cache, if not there yet;
 * - `file` (once the build is written): put the Brotli and gzip copies of a file beside it,
 *   from the cache when its bytes were compressed before, else compressing them now.
 * Copies are named after the SHA-256 of the bytes they compress, so a cached copy can only
 * ever be served for exactly the bytes it was made from.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants, copyFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface CompressionSettings {
  cacheDir: string;
  brotliQuality: number;
  gzipLevel: number;
  minBytes: number;
}

export type CompressionJob = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'file'; file: string };
export interface FileResult {
  kind: 'file';
  file: string;
  /** Bytes of the file, or 0 when it is too small to compress. */
  bytes: number;
  /** Bytes of its Brotli copy, 0 when none was worth writing. */
  brotli: number;
  /** The hash its copies are cached under, to keep them when the cache is pruned. */
  hash: string;
  /** Whether the copies came from the cache (made while rendering, or by an earlier build). */
  cached: boolean;
}
export type CompressionReply = { kind: 'bytes'; bytes: number } | FileResult;

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

function compressFile(file: string): FileResult {
  const bytes = readFileSync(file);
  if (bytes.length < settings.minBytes) return { kind: 'file', file, bytes: 0, brotli: 0, hash: '', cached: false };
  const { hash, fresh } = fillCache(bytes);
  let brotli = 0;
  for (const suffix of Object.keys(COPIES) as Suffix[]) {
    const copy = cached(hash, suffix);
    const size = statSync(copy).size;
    // A copy no smaller than the file would only cost the browser.
    if (size >= bytes.length) continue;
    place(copy, `${file}.${suffix}`);
    if (suffix === 'br') brotli = size;
  }
  return { kind: 'file', file, bytes: bytes.length, brotli, hash, cached: !fresh };
}

parentPort!.on('message', (job: CompressionJob) => {
  if (job.kind === 'bytes') {
    if (job.bytes.length >= settings.minBytes) fillCache(job.bytes);
    parentPort!.postMessage({ kind: 'bytes', bytes: job.bytes.length } satisfies CompressionReply);
  } else {
    parentPort!.postMessage(compressFile(job.file) satisfies CompressionReply);
  }
});

// The cache folder is made by the main thread before any worker starts.
if (!existsSync(settings.cacheDir)) throw new Error(`dossier de cache absent : ${settings.cacheDir}`);
