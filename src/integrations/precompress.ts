/**
 * Compresses the built site once, at the end of the build: a Brotli (.br) and a gzip (.gz) copy
 * beside each text file, which the server (src/server/http/static.ts, sirv) sends to the
 * browsers that accept them. Last of the integrations, so that Pagefind's files are there.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { AstroIntegration } from 'astro';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats worth compressing; Pagefind's own index files are compressed already. */
const TEXT = '\\.(html|css|js|mjs|json|svg|csv|atom|xml|txt|yml)';
const COMPRESSIBLE = new RegExp(`${TEXT}$`);
const COPY = new RegExp(`${TEXT}\\.(br|gz)$`);
/** Below this size compression saves less than the headers it adds. */
const MIN_BYTES = 512;
/**
 * Brotli 5 and gzip 6, as the server used when it compressed on request: on the demo's files,
 * Brotli 7 saves 2 % more in twice the time, and 9 to 11 save 1 % to 9 % more in seventeen to
 * twenty-four times the time, which a register of thousands of entries pays at every build.
 */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

const COPIES = {
  br: (bytes: Buffer) =>
    brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  gz: (bytes: Buffer) => gzipAsync(bytes, { level: GZIP_LEVEL }),
};

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Writes the copies of every text file under `site`; returns how many files and bytes were saved. */
export async function precompressSite(site: string): Promise<{ files: number; before: number; after: number }> {
  const files = await filesUnder(site);
  // Copies left by an earlier build into the same folder would outlive their file, or be stale.
  await Promise.all(files.filter((file) => COPY.test(file)).map((file) => rm(file)));
  const queue = files.filter((file) => COMPRESSIBLE.test(file));
  const totals = { files: 0, before: 0, after: 0 };
  // zlib works on libuv's threads: a few files at a time keep every core busy.
  const worker = async () => {
    for (let file = queue.pop(); file; file = queue.pop()) {
      const bytes = await readFile(file);
      if (bytes.length < MIN_BYTES) continue;
      totals.files++;
      totals.before += bytes.length;
      for (const [suffix, compress] of Object.entries(COPIES)) {
        const copy = await compress(bytes);
        // A copy no smaller than the file would only cost the browser.
        if (copy.length >= bytes.length) continue;
        await writeFile(`${file}.${suffix}`, copy);
        if (suffix === 'br') totals.after += copy.length;
      }
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() + 2 }, worker));
  return totals;
}

export function precompress(): AstroIntegration {
  return {
    name: 'registre-ia:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const { files, before, after } = await precompressSite(fileURLToPath(dir));
        const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
        logger.info(
          `${files} fichiers compressés (Brotli et gzip) : ${mib(before)} Mio, ${mib(after)} Mio en Brotli, en ${Math.round(performance.now() - started)} ms`,
        );
      },
    },
  };
}
