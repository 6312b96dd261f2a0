/**
 * Writes a Brotli and a gzip copy of every text file of the built site, once, at build time:
 * the server then sends compressed bytes without spending CPU on each request.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { COMPRESSIBLE } from '../server/http/static.ts';

/** Below this size compression saves nothing worth a second file. */
const MIN_BYTES = 512;

function* files(dir: string): Generator<string> {
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) yield* files(full);
    else yield full;
  }
}

export function precompressFiles(root: string): { files: number; before: number; after: number } {
  let count = 0;
  let before = 0;
  let after = 0;
  for (const file of files(root)) {
    if (!COMPRESSIBLE.has(path.extname(file))) continue;
    const bytes = readFileSync(file);
    if (bytes.length < MIN_BYTES) continue;
    const gzip = gzipSync(bytes, { level: 6 });
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    writeFileSync(`${file}.gz`, gzip);
    writeFileSync(`${file}.br`, brotli);
    count++;
    before += bytes.length;
    after += brotli.length;
  }
  return { files: count, before, after };
}

export function precompress(): AstroIntegration {
  return {
    name: 'registre-ia:precompress',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const started = performance.now();
        const { files: count, before, after } = precompressFiles(fileURLToPath(dir));
        const mb = (n: number) => (n / 1048576).toFixed(1);
        logger.info(`${count} fichiers compressés (${mb(before)} Mo → ${mb(after)} Mo en Brotli) en ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    },
  };
}
