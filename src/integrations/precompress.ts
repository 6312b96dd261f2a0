/**
 * Compresses the built site once, at build time: a Brotli (.br) and a gzip (.gz) copy beside each
 * text file, which the server (src/server/http/static.ts, sirv) sends to the browsers that accept
 * them. Three things keep it off the build's critical path:
 * - threads of their own (src/integrations/precompress-worker.ts), not the thread that renders;
 * - while Astro renders, the open data thread compresses the pages already written, on the
 *   core the rendering leaves free (./open-data-worker.ts); the rest waits for Pagefind;
 * - a cache of copies named after the SHA-256 of what they compress, kept between builds in the
 *   project's .astro folder: a rebuild compresses only the files whose bytes changed, and a copy
 *   can never be served for other bytes than its own.
 * Last of the integrations, so that Pagefind's files are there.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import { isCompressible, isCopy, type CompressionSettings, type FileResult } from './compression.ts';
import type { CompressionHandle } from './open-data-files.ts';
import type { CompressionJob } from './precompress-worker.ts';

/** Below this size compression saves less than the headers it adds. */
const MIN_BYTES = 512;
/**
 * Brotli 5 and gzip 6, as the server used when it compressed on request: on the demo's files,
 * Brotli 7 saves 2 % more in twice the time, and 9 to 11 save 1 % to 9 % more in seventeen to
 * twenty-four times the time, which a register of thousands of entries pays at every build.
 */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

export interface PrecompressTotals {
  files: number;
  before: number;
  after: number;
  /** Files whose copies were already in the cache, from an earlier build. */
  cached: number;
}

interface Slot {
  worker: Worker;
  busy: number;
  waiting: { resolve: (reply: FileResult) => void; reject: (error: unknown) => void }[];
}

/** Compression threads, each fed its jobs in order, the least busy first. */
class CompressionPool {
  private readonly slots: Slot[];

  constructor(settings: CompressionSettings, threads: number) {
    this.slots = Array.from({ length: threads }, () => {
      const slot: Slot = {
        worker: new Worker(new URL('./precompress-worker.ts', import.meta.url), { workerData: settings }),
        busy: 0,
        waiting: [],
      };
      slot.worker.on('message', (reply: FileResult) => {
        // An idle thread does not hold the process open (a build that failed must still exit);
        // one with work does, or the build could end before its copies are written.
        if (--slot.busy === 0) slot.worker.unref();
        slot.waiting.shift()?.resolve(reply);
      });
      slot.worker.unref();
      // A thread that fails (a full disk) fails the build, with its reason.
      slot.worker.on('error', (error) => {
        for (const job of slot.waiting.splice(0)) job.reject(error);
      });
      return slot;
    });
  }

  /** Sends a job to the least busy thread; the reply comes when it is done. */
  run(job: CompressionJob): Promise<FileResult> {
    const slot = this.slots.reduce((least, next) => (next.busy < least.busy ? next : least));
    if (slot.busy++ === 0) slot.worker.ref();
    return new Promise((resolve, reject) => {
      slot.waiting.push({ resolve, reject });
      slot.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map(({ worker }) => worker.terminate()));
  }
}

function settingsFor(cacheRoot: string): CompressionSettings {
  const cacheDir = path.join(cacheRoot, `brotli${BROTLI_QUALITY}-gzip${GZIP_LEVEL}`);
  mkdirSync(cacheDir, { recursive: true });
  return { cacheDir, brotliQuality: BROTLI_QUALITY, gzipLevel: GZIP_LEVEL, minBytes: MIN_BYTES };
}

function filesUnder(folder: string): string[] {
  const entries = readdirSync(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Keeps in the cache the copies this build used, and nothing else (other settings included). */
function pruneCache(cacheRoot: string, cacheDir: string, used: Set<string>): void {
  for (const name of readdirSync(cacheRoot)) {
    if (path.join(cacheRoot, name) !== cacheDir) rmSync(path.join(cacheRoot, name), { recursive: true, force: true });
  }
  for (const name of readdirSync(cacheDir)) {
    if (!used.has(name.slice(0, name.indexOf('.')))) rmSync(path.join(cacheDir, name), { force: true });
  }
}

/**
 * Compresses the text files among `files` (under `site`), except the entries' download files
 * and those `early` already compressed unchanged.
 */
async function compressFiles(site: string, files: string[], pool: CompressionPool, early: FileResult[] = []): Promise<FileResult[]> {
  const earlier = new Map(early.map((result) => [result.file, result]));
  const results: FileResult[] = [];
  const jobs: Promise<FileResult>[] = [];
  for (const file of files.filter((name) => isCompressible(path.relative(site, name)))) {
    const known = earlier.get(file);
    const stat = known && statSync(file);
    if (known && stat && stat.size === known.size && stat.mtimeMs === known.mtimeMs) results.push(known);
    else jobs.push(pool.run({ file }));
  }
  results.push(...(await Promise.all(jobs)));
  return results;
}

/**
 * Writes the copies of every text file under `site`: a file compressed earlier in the build,
 * unchanged since (same size and time), keeps its copies; the others get theirs now, from the
 * cache where their bytes were compressed before. Copies of nothing, or stale, are removed.
 */
async function compressSite(
  site: string,
  pool: CompressionPool,
  settings: CompressionSettings,
  cacheRoot: string,
  early: FileResult[] = [],
) {
  const files = filesUnder(site);
  const results = await compressFiles(site, files, pool, early);
  const copies = new Set(results.flatMap((result) => result.copies));
  for (const file of files.filter((name) => isCopy(name) && !copies.has(name))) rmSync(file, { force: true });
  const totals: PrecompressTotals = { files: 0, before: 0, after: 0, cached: 0 };
  const used = new Set<string>();
  for (const result of results.filter((one) => one.hash)) {
    totals.files++;
    totals.before += result.size;
    totals.after += result.brotli;
    if (result.cached) totals.cached++;
    used.add(result.hash);
  }
  pruneCache(cacheRoot, settings.cacheDir, used);
  return totals;
}

/** Compresses a built site on its own (tests, benches): the same copies as a build writes. */
export async function precompressSite(site: string, cacheRoot: string): Promise<PrecompressTotals> {
  const settings = settingsFor(cacheRoot);
  const pool = new CompressionPool(settings, availableParallelism());
  try {
    return await compressSite(site, pool, settings, cacheRoot);
  } finally {
    await pool.close();
  }
}

/**
 * The last integration: compresses what the open data thread has not compressed during the
 * rendering (./open-data-files.ts, which `adopt`s its results here), once Pagefind is done. Run
 * beside Pagefind, both slowed each other down: together 20.7 s, one after the other 19.1 s.
 */
export function precompress(): AstroIntegration & CompressionHandle {
  let cacheRoot = '';
  let settings: CompressionSettings | undefined;
  let adopted: FileResult[] = [];
  const settingsOnce = () => (settings ??= settingsFor(cacheRoot));
  return {
    name: 'registre-ia:precompress',
    hooks: {
      'astro:config:setup': ({ createCodegenDir }) => {
        cacheRoot = fileURLToPath(createCodegenDir());
        settings = undefined;
        adopted = [];
      },
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const pool = new CompressionPool(settingsOnce(), availableParallelism());
        try {
          const { files, before, after, cached } = await compressSite(fileURLToPath(dir), pool, settingsOnce(), cacheRoot, adopted);
          const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
          logger.info(
            `${files} fichiers compressés (Brotli et gzip) : ${mib(before)} Mio, ${mib(after)} Mio en Brotli ; ${adopted.length} pendant le rendu, ${cached} repris d’une construction précédente ; fin en ${Math.round(performance.now() - started)} ms`,
          );
        } finally {
          await pool.close();
        }
      },
    },
    settings: settingsOnce,
    adopt: (results) => {
      adopted = results;
    },
  };
}
