/**
 * Serves the prerendered site from dist/client with sirv: the files are listed once at start
 * (no path from a request ever reaches the file system, dotfiles are left out), ETag and 304,
 * and the Brotli or gzip copy written at build time (src/integrations/precompress.ts) when the
 * browser accepts it. Ours: the types with their charset, the caching rules, index.html for
 * folders and the redirect to the trailing slash. Anything that is not a file goes on to Astro.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

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

function cacheControl(urlPath: string): string {
  // Astro's and Pagefind's fingerprinted files never change under the same name.
  if (urlPath.startsWith('/_astro/') || /^\/pagefind\/.+\.pf_/.test(urlPath) || urlPath.startsWith('/pagefind/wasm.')) {
    return 'public, max-age=31536000, immutable';
  }
  return 'public, max-age=0, must-revalidate';
}

export type StaticResult = 'served' | 'not-found';

/**
 * The trailing-slash redirect for a folder asked without it, or undefined. The address is rebuilt
 * from the folder found, never from what was asked: `//ailleurs.example/..%2fregistre` would
 * otherwise send the browser to another host.
 */
function folderRedirect(root: string, urlPath: string, search: string): string | undefined {
  if (urlPath.endsWith('/') || urlPath.includes('\0')) return undefined;
  const folder = path.resolve(root, `.${urlPath}`);
  if (folder !== root && !folder.startsWith(root + path.sep)) return undefined;
  try {
    if (!statSync(folder).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const relative = path.relative(root, folder).split(path.sep).map(encodeURIComponent).join('/');
  return `/${relative}${relative ? '/' : ''}${search}`;
}

/** The static file server of a build's client folder, listed once: call it for every request. */
export function staticFiles(clientDir: string): (req: IncomingMessage, res: ServerResponse) => StaticResult {
  const root = path.resolve(clientDir);
  const serve = sirv(root, {
    etag: true,
    brotli: true,
    gzip: true,
    // No `/registre` for `/registre/index.html` nor `/a` for `a.html`: folders are asked with
    // their slash (redirected otherwise), and every other file by its own name.
    extensions: [],
    setHeaders: (res, pathname) => res.setHeader('Content-Type', TYPES[path.extname(pathname)] ?? 'application/octet-stream'),
  });
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return 'not-found';
    // The address as the URL parser normalises it (`/a/../b` is `/b`), as links resolve it.
    const url = new URL(req.url ?? '/', 'http://localhost');
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(url.pathname);
    } catch {
      return 'not-found';
    }
    const location = folderRedirect(root, urlPath, url.search);
    if (location) {
      res.writeHead(301, { Location: location });
      res.end();
      return 'served';
    }
    // The compressed copies are served in place of their file, never by their own name.
    if (/\.(br|gz)$/.test(urlPath)) return 'not-found';
    const asked = req.url;
    const range = req.headers.range;
    let found = true;
    // Whole files only, as before: sirv's byte ranges accept ill-formed ones.
    delete req.headers.range;
    req.url = `${url.pathname}${url.pathname.endsWith('/') ? 'index.html' : ''}${url.search}`;
    // Set before sirv answers, so that a 304 carries it too.
    res.setHeader('Cache-Control', cacheControl(url.pathname));
    // A file removed since the server started (a build over a running site) ends this answer,
    // not the process: sirv pipes the file without listening for its errors.
    const endOnError = (file: NodeJS.ReadableStream) => file.once('error', () => res.destroy());
    res.once('pipe', endOnError);
    // sirv answers 304 without the ETag and Vary a 200 would carry, which RFC 9110 asks for: its
    // 304 means that the ETag asked is the file's own.
    const writeHead = res.writeHead as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      if (status === 304) res.setHeader('ETag', String(req.headers['if-none-match'])).setHeader('Vary', 'Accept-Encoding');
      return writeHead.call(res, status, ...rest);
    }) as typeof res.writeHead;
    serve(req, res, () => {
      found = false;
    });
    res.writeHead = writeHead as typeof res.writeHead;
    if (found) return 'served';
    req.url = asked;
    if (range !== undefined) req.headers.range = range;
    res.removeHeader('Cache-Control');
    res.off('pipe', endOnError);
    return 'not-found';
  };
}
