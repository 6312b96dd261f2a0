/**
 * The Brotli and gzip copies of one file, shared by the compression threads of
 * src/integrations/precompress.ts and by the open data thread (src/integrations/open-data-worker.ts):
 * copies come from a cache when the same bytes were compressed before (by an earlier build), else
 * are compressed now. They are named after the SHA-256 of the bytes they compress, and a cached
 * copy is only taken again after it was checked to decompress to exactly those bytes: it can
 * never be served for other bytes than its own.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { isEntryDownload } from '../lib/open-data/entry-files.ts';

/** Text formats worth compressing; Pagefind's own index files are compressed already. */
const TEXT = '\\.(html|css|js|mjs|json|svg|csv|atom|xml|txt|yml)';
const COMPRESSIBLE = new RegExp(`${TEXT}$`);
const COPY = new RegExp(`${TEXT}\\.(br|gz)$`);

/**
 * Whether a file, by its path under the built site, gets compressed copies. Not the entries'
 * download files: thousands of small files rarely asked for, whose copies took a fifth of the
 * build of a 5,000-entry register to save a few kilobytes per download.
 */
export const isCompressible = (relativePath: string): boolean => COMPRESSIBLE.test(relativePath) && !isEntryDownload(relativePath);
/** Whether a file is one of the compressed copies. */
export const isCopy = (file: string): boolean => COPY.test(file);

export interface CompressionSettings {
  cacheDir: string;
  brotliQuality: number;
  gzipLevel: number;
  minBytes: number;
}

export interface FileResult {
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

const DECOMPRESS = { br: brotliDecompressSync, gz: gunzipSync };
type Suffix = keyof typeof DECOMPRESS;
const SUFFIXES = Object.keys(DECOMPRESS) as Suffix[];

/**
 * The cached copy at `target` if it decompresses to exactly `bytes`. The site's copies are links
 * to the cached ones: a copy written over in place (by hand, by a tool) changes its cached twin
 * too, and is then compressed again rather than served.
 */
function verifiedCopy(target: string, suffix: Suffix, bytes: Uint8Array): Buffer | undefined {
  try {
    const copy = readFileSync(target);
    return DECOMPRESS[suffix](copy).equals(bytes) ? copy : undefined;
  } catch {
    return undefined; // Not cached yet, or not a valid copy.
  }
}

/** Under a temporary name, then renamed: a copy cut short never carries the final name. */
function store(cached: string, copy: Uint8Array): void {
  const partial = `${cached}.${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(partial, copy);
  renameSync(partial, cached);
}

/**
 * The site's copy and the cached one are the same file (a hard link): its bytes are written
 * once. Whatever was at `copyPath` is removed first, never written into; a cache on another disk
 * gets a plain copy.
 */
function place(cached: string, copyPath: string): void {
  rmSync(copyPath, { force: true });
  try {
    linkSync(cached, copyPath);
  } catch {
    copyFileSync(cached, copyPath);
  }
}

/** A new copy: written in the site, then linked into the cache once complete. */
function writeAndCache(copyPath: string, cached: string, copy: Uint8Array): void {
  rmSync(copyPath, { force: true });
  writeFileSync(copyPath, copy);
  try {
    linkSync(copyPath, cached);
  } catch {
    // Already there (the same bytes twice in the site, or a copy that failed its check), or
    // another disk: the cache gets its own file.
    store(cached, copy);
  }
}

/** The function that puts the copies of a file beside it, with these settings. */
export function fileCompressor(settings: CompressionSettings): (file: string, stat?: Stats, bytes?: Uint8Array) => FileResult {
  const COMPRESS: Record<Suffix, (bytes: Uint8Array) => Buffer> = {
    br: (bytes) =>
      brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: settings.brotliQuality, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }),
    gz: (bytes) => gzipSync(bytes, { level: settings.gzipLevel }),
  };

  /**
   * Puts the copies of `file` beside it, from the cache or compressed now. Stat first, read
   * second: a write in between changes the time the end of the build checks. Whoever has just
   * written the file passes its bytes.
   */
  return function compressFile(file, stat = statSync(file), bytes = readFileSync(file)) {
    const result: FileResult = { file, size: stat.size, mtimeMs: stat.mtimeMs, copies: [], brotli: 0, hash: '', cached: true };
    if (bytes.length < settings.minBytes) return { ...result, cached: false };
    result.hash = createHash('sha256').update(bytes).digest('hex');
    for (const suffix of SUFFIXES) {
      const cached = path.join(settings.cacheDir, `${result.hash}.${suffix}`);
      const copyPath = `${file}.${suffix}`;
      const known = verifiedCopy(cached, suffix, bytes);
      const copy = known ?? COMPRESS[suffix](bytes);
      if (!known) result.cached = false;
      // A copy no smaller than the file would only cost the browser (but is cached all the same).
      if (copy.length >= bytes.length) {
        if (!known) store(cached, copy);
        continue;
      }
      if (known) place(cached, copyPath);
      else writeAndCache(copyPath, cached, copy);
      result.copies.push(copyPath);
      if (suffix === 'br') result.brotli = copy.length;
    }
    return result;
  };
}
