/**
 * Serves the prerendered site from dist/client: index.html for folders, Brotli or gzip when
 * the browser accepts it (compressed once, on first request, then kept in memory), long caching
 * for hashed assets, 304 on an unchanged ETag. Anything that is not a file goes on to Astro.
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** Text formats worth compressing; Pagefind's own files are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.csv', '.atom', '.xml', '.txt', '.yml']);

function fileAt(file: string): Stats | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat : stat.isDirectory() ? stat : undefined;
  } catch {
    return undefined;
  }
}

function cacheControl(urlPath: string): string {
  // Astro's and Pagefind's fingerprinted files never change under the same name.
  if (urlPath.startsWith('/_astro/') || /^\/pagefind\/.+\.pf_/.test(urlPath) || urlPath.startsWith('/pagefind/wasm.')) {
    return 'public, max-age=31536000, immutable';
  }
  return 'public, max-age=0, must-revalidate';
}

export type StaticResult = 'served' | 'not-found';

/** Below this size compression saves less than the headers it adds. */
const MIN_COMPRESS = 512;
/** Compressed copies kept in memory; the least recently used go first beyond this. */
const CACHE_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Promise<Buffer>>();
const sizes = new Map<string, number>();
let cached = 0;

/** The file compressed once (concurrent first requests share the work), then served from memory. */
function compressed(file: string, stat: Stats, encoding: 'br' | 'gzip'): Promise<Buffer> {
  const key = `${encoding}:${stat.mtimeMs}:${file}`;
  let body = cache.get(key);
  if (body) {
    cache.delete(key);
    cache.set(key, body);
    return body;
  }
  body = readFile(file).then((bytes) =>
    encoding === 'br'
      ? brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
      : gzipAsync(bytes, { level: 6 }),
  );
  cache.set(key, body);
  void body.then(
    (bytes) => {
      sizes.set(key, bytes.length);
      cached += bytes.length;
      for (const [oldest] of cache) {
        if (cached <= CACHE_BYTES) break;
        cache.delete(oldest);
        cached -= sizes.get(oldest) ?? 0;
        sizes.delete(oldest);
      }
    },
    () => cache.delete(key),
  );
  return body;
}

export async function serveStatic(clientDir: string, req: IncomingMessage, res: ServerResponse): Promise<StaticResult> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return 'not-found';
  const url = new URL(req.url ?? '/', 'http://localhost');
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(url.pathname);
  } catch {
    return 'not-found';
  }
  if (urlPath.includes('\0')) return 'not-found';
  const root = path.resolve(clientDir);
  let file = path.resolve(root, `.${urlPath}`);
  if (file !== root && !file.startsWith(root + path.sep)) return 'not-found';
  let stat = fileAt(file);
  if (stat?.isDirectory()) {
    if (!urlPath.endsWith('/')) {
      // Trailing slashes everywhere, as the pages link to them. The address is rebuilt from the
      // folder found, never from what was asked: `//ailleurs.example/..%2fregistre` would
      // otherwise send the browser to another host.
      const folder = path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/');
      res.writeHead(301, { Location: `/${folder}${folder ? '/' : ''}${url.search}` });
      res.end();
      return 'served';
    }
    file = path.join(file, 'index.html');
    stat = fileAt(file);
  }
  if (!stat || !stat.isFile()) return 'not-found';

  const extension = path.extname(file);
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding =
    COMPRESSIBLE.has(extension) && stat.size >= MIN_COMPRESS
      ? /\bbr\b/.test(accepted)
        ? 'br'
        : /\bgzip\b/.test(accepted)
          ? 'gzip'
          : undefined
      : undefined;
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[extension] ?? 'application/octet-stream',
    'Cache-Control': cacheControl(urlPath),
    ETag: etag,
    'Last-Modified': stat.mtime.toUTCString(),
  };
  if (COMPRESSIBLE.has(extension)) headers.Vary = 'Accept-Encoding';
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return 'served';
  }
  if (!encoding) {
    headers['Content-Length'] = stat.size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return 'served';
  }
  const body = await compressed(file, stat, encoding);
  headers['Content-Encoding'] = encoding;
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return 'served';
}
