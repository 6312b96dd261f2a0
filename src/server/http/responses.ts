/**
 * The answers our own code writes, with their type and cache headers: as web Responses for the
 * on-demand routes, and on Node's ServerResponse for the HTTP server. Security headers are
 * added by the server to every answer (headers.ts).
 */
import type { ServerResponse } from 'node:http';

type HeaderMap = Readonly<Record<string, string>>;

/** Never kept by a cache: on-demand pages carry a form token or someone's own contribution. */
export const NO_STORE: HeaderMap = { 'Cache-Control': 'no-store' };
/** The moderation's pages: not kept, and not indexed should an address of them leak. */
export const STAFF_ONLY: HeaderMap = { ...NO_STORE, 'X-Robots-Tag': 'noindex, nofollow' };

const TEXT = 'text/plain; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** Adds headers to a page's response (`Astro.response.headers`). */
export function setHeaders(target: Headers, headers: HeaderMap): void {
  for (const [name, value] of Object.entries(headers)) target.set(name, value);
}

/** Plain text by default; `headers` may give another type (a CSV export). */
export function textResponse(status: number, body: BodyInit | null, headers: HeaderMap = NO_STORE): Response {
  return new Response(body, { status, headers: { 'Content-Type': TEXT, ...headers } });
}

export function jsonResponse(status: number, body: unknown, headers: HeaderMap = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...NO_STORE, ...headers } });
}

/** The site's French 404 page, handed over by our server (a plain text one under `astro dev`). */
export function notFoundResponse(locals: App.Locals, headers: HeaderMap = NO_STORE): Response {
  const page = locals.notFoundPage;
  return new Response(page ? new Uint8Array(page) : 'Page introuvable', {
    status: 404,
    headers: { 'Content-Type': page ? HTML : TEXT, ...headers },
  });
}

/** 405 with the methods the route accepts. */
export function methodNotAllowed(allow: string, headers: HeaderMap = NO_STORE, message = 'Méthode non permise.'): Response {
  return textResponse(405, message, { ...headers, Allow: allow });
}

/** 303 See Other: after a POST, the browser GETs the next page (a reload never resends the form). */
export function seeOther(location: string, headers: HeaderMap | Headers = NO_STORE): Response {
  const all = new Headers(headers);
  all.set('Location', location);
  return new Response(null, { status: 303, headers: all });
}

/** Node side: a short message of the server itself (400, 405, 413), never kept. */
export function writeText(res: ServerResponse, status: number, message: string, headers: HeaderMap = {}): void {
  res.writeHead(status, { 'Content-Type': TEXT, ...NO_STORE, ...headers });
  res.end(message);
}

/** Node side: a JSON answer, without its body for a HEAD request. */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: HeaderMap = {}, head = false): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, ...NO_STORE, 'Content-Length': String(Buffer.byteLength(json)), ...headers });
  res.end(head ? undefined : json);
}

/** Node side: the prerendered 404 page for an address nobody serves; it may be kept, if checked again. */
export function writeNotFoundPage(res: ServerResponse, page: Buffer): void {
  res.writeHead(404, { 'Content-Type': HTML, 'Cache-Control': 'no-cache', 'Content-Length': page.length });
  res.end(page);
}
