/**
 * Serves the prerendered site from dist/client: index.html for folders, the .br or .gz file
 * written at build time when the browser accepts it, long caching for hashed assets, 304 on
 * an unchanged ETag. Anything that is not a file goes on to Astro (on-demand routes, 404).
 */
import { createReadStream, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

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
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** Text formats compressed at build time (see the search-index integration). */
export const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.csv', '.atom', '.xml', '.txt']);

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

export function serveStatic(clientDir: string, req: IncomingMessage, res: ServerResponse): StaticResult {
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
      // Trailing slashes everywhere, as the pages link to them.
      res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
      res.end();
      return 'served';
    }
    file = path.join(file, 'index.html');
    stat = fileAt(file);
  }
  if (!stat || !stat.isFile()) return 'not-found';

  const extension = path.extname(file);
  const accepted = String(req.headers['accept-encoding'] ?? '');
  let encoding: 'br' | 'gzip' | undefined;
  let sent = file;
  if (COMPRESSIBLE.has(extension)) {
    for (const [name, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
      if (!new RegExp(`\\b${name}\\b`).test(accepted)) continue;
      const compressed = fileAt(file + suffix);
      if (compressed?.isFile()) {
        encoding = name;
        sent = file + suffix;
        stat = compressed;
        break;
      }
    }
  }
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[extension] ?? 'application/octet-stream',
    'Cache-Control': cacheControl(urlPath),
    ETag: etag,
    'Last-Modified': stat.mtime.toUTCString(),
  };
  if (COMPRESSIBLE.has(extension)) headers.Vary = 'Accept-Encoding';
  if (encoding) headers['Content-Encoding'] = encoding;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return 'served';
  }
  headers['Content-Length'] = stat.size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else createReadStream(sent).pipe(res);
  return 'served';
}
