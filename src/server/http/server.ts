/**
 * The site's HTTP server: prerendered files first, then Astro for on-demand routes and the 404
 * page. Every response carries the security headers. Started by `npm start` and by the tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { answerIntake, INTAKE_PATH } from '../consultations/api.ts';
import { readServerSettings } from '../runtime.ts';
import { forwardedScheme, resolveClient } from './client-address.ts';
import { FRAME_ANCESTORS, SECURITY_HEADERS } from './headers.ts';
import { trackResponses } from './drain.ts';
import { checkHealth, currentRelease, HEALTH_PATH } from './health.ts';
import { readBody } from './body.ts';
import { writeJson, writeNotFoundPage, writeText } from './responses.ts';
import { staticFiles } from './static.ts';

type AstroHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void, locals?: object) => Promise<void>;

/**
 * Astro sends the CSP of an on-demand page as a header, which would replace ours: the directives
 * a <meta> cannot carry (frame-ancestors) is added back to it.
 */
function keepFrameAncestors(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: Record<string, unknown>) => ServerResponse;
  res.writeHead = ((status: number, headers?: Record<string, unknown>) => {
    // Astro leaves the reason phrase of a 200 on other statuses ("400 OK").
    if (res.statusMessage === 'OK' && status !== 200) res.statusMessage = STATUS_CODES[status] ?? '';
    if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
      const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-security-policy');
      if (name && typeof headers[name] === 'string') headers[name] = `${String(headers[name]).replace(/;\s*$/, '')}; ${FRAME_ANCESTORS}`;
      // Astro names no charset for the pages it renders: said, so no browser has to guess.
      const type = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type');
      if (type && /^text\/html\s*$/i.test(String(headers[type]))) headers[type] = 'text/html; charset=utf-8';
    }
    return writeHead(status, headers);
  }) as ServerResponse['writeHead'];
}

/**
 * Behind a proxy that terminates TLS, Astro would see plain http and refuse every form as coming
 * from another origin (https). Astro reads the scheme from the socket only: tell it the one our
 * proxies received, read from the same X-Forwarded-Proto hop as the client's address, so that
 * Astro's origin check and the cookie's `Secure` flag agree.
 */
function followProxyScheme(req: IncomingMessage, proxies: number): void {
  const forwarded = forwardedScheme(String(req.headers['x-forwarded-proto'] ?? ''), proxies);
  // Set on every request: a kept-alive socket carries the next request too. Our server speaks
  // plain HTTP only (node:http), so only a proxy can have received HTTPS.
  Object.defineProperty(req.socket, 'encrypted', { value: forwarded === 'https', configurable: true, writable: true });
}

/** Astro's image endpoint (`image.endpoint.route`, left at its default). */
const IMAGE_ENDPOINT = /^\/_image(\/|$)/;

/**
 * A Host header a URL can be made of: a name, an IPv4 address or a bracketed IPv6 address, and a
 * port. Anything else (`a@b`, spaces, several values) would make Astro throw on building the URL.
 */
const VALID_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export async function createSiteServer(distDir: string): Promise<Server> {
  const entry = pathToFileURL(path.join(distDir, 'server', 'entry.mjs')).href;
  const { handler } = (await import(entry)) as { handler: AstroHandler };
  const clientDir = path.join(distDir, 'client');
  const serveStatic = staticFiles(clientDir);
  const notFoundFile = path.join(clientDir, '404.html');
  const notFoundPage = existsSync(notFoundFile) ? readFileSync(notFoundFile) : Buffer.from('Page introuvable');
  const { bodyLimitBytes, trustProxy, maxConnections, requestTimeoutMs } = readServerSettings();
  const release = currentRelease();
  const server = createServer(
    {
      // A client that sends its headers or its body slowly holds a connection this long at most.
      headersTimeout: Math.ceil(requestTimeoutMs / 3),
      requestTimeout: requestTimeoutMs,
      // How often Node looks for requests past their time: often enough for the limits above to hold.
      connectionsCheckingInterval: 1_000,
    },
    async (req, res) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      // Read now: Node keeps the peer's address once asked, whereas a socket closed meanwhile (the
      // client gone, or the rest of its bytes unreadable) no longer tells it, and Astro would throw
      // when a route asks for `clientAddress`.
      void req.socket.remoteAddress;
      // A request target no URL can be made of (`GET http://[::1 HTTP/1.1`) is the client's error.
      if (!URL.canParse(req.url ?? '/', 'http://localhost')) {
        writeText(res, 400, 'Adresse de la requête illisible.');
        return;
      }
      const host = req.headers.host;
      if (host !== undefined && !VALID_HOST.test(host)) {
        writeText(res, 400, 'En-tête Host invalide : un nom de domaine ou une adresse, suivi d’un port, est attendu.');
        return;
      }
      // No WHATWG Request can carry these methods (Astro would answer 500), and TRACE would only
      // echo the request back: the site has no use for them.
      if (/^(TRACE|TRACK|CONNECT)$/i.test(req.method ?? '')) {
        writeText(res, 405, 'Méthode non permise.', { Allow: 'GET, HEAD, POST' });
        return;
      }
      // Astro adds its image endpoint to every server build. The site transforms no image, and the
      // endpoint would let anyone make the server transcode any picture at any size: it does not exist here.
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (IMAGE_ENDPOINT.test(pathname)) {
        writeNotFoundPage(res, notFoundPage);
        return;
      }
      if (pathname === HEALTH_PATH) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          writeText(res, 405, 'Méthode non permise.', { Allow: 'GET, HEAD' });
          return;
        }
        const health = await checkHealth(release);
        writeJson(res, health.status, health.report, {}, req.method === 'HEAD');
        return;
      }
      try {
        if (serveStatic(req, res) === 'served') return;
      } catch {
        if (!res.headersSent) res.writeHead(500);
        res.end();
        return;
      }
      // A body is read whole, within the size limit, before Astro sees the request: an oversize or
      // interrupted upload is answered here and never reaches a route.
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const body = await readBody(req, bodyLimitBytes);
        if (body.kind === 'too-large') {
          writeText(res, 413, `Requête trop volumineuse : ${Math.floor(bodyLimitBytes / 1024)} Kio au plus.`, { Connection: 'close' });
          return;
        }
        if (body.kind === 'aborted') {
          writeText(res, 400, 'Requête interrompue.');
          return;
        }
        // The client went away while sending (or sent bytes after its body that ended the
        // connection): nobody is left to answer.
        if (req.socket.destroyed) return;
        (req as IncomingMessage & { body?: Buffer }).body = body.bytes;
      }
      const forwarded = req.headers['x-forwarded-for'];
      const client = resolveClient(Array.isArray(forwarded) ? forwarded.join(', ') : forwarded, req.socket.remoteAddress, trustProxy);
      const intake = INTAKE_PATH.exec(pathname);
      if (intake) {
        let answer: Awaited<ReturnType<typeof answerIntake>>;
        try {
          answer = await answerIntake(intake[1]!, {
            method: req.method ?? 'GET',
            contentType: req.headers['content-type'],
            body: (req as IncomingMessage & { body?: Buffer }).body ?? Buffer.alloc(0),
            address: client.address,
          });
        } catch (error) {
          // Ours, not the client's (content unreadable, database down): said as such, and logged.
          console.error(`Réception d’une contribution impossible : ${(error as Error).message}`);
          answer = {
            status: 503,
            headers: { 'Retry-After': '60' },
            body: { erreur: 'Le service est momentanément indisponible : réessayez dans une minute.' },
          };
        }
        writeJson(res, answer.status, answer.body, answer.headers, req.method === 'HEAD');
        return;
      }
      followProxyScheme(req, client.proxies);
      keepFrameAncestors(res);
      // What reaches Astro is rendered on demand, never to be kept by a cache, including the
      // answers Astro gives by itself (403 of its origin check): the routes may set another value.
      res.setHeader('Cache-Control', 'no-store');
      // Astro answers its on-demand routes and calls `next` for anything it does not know.
      const locals: App.Locals = { notFoundPage, clientAddress: client.address };
      await handler(req, res, () => writeNotFoundPage(res, notFoundPage), locals);
    },
  );
  // Beyond this many open connections, new ones are closed at once: slow clients cannot hold them all.
  server.maxConnections = maxConnections;
  // A deploy or a stop lets the requests under way finish (drain.ts).
  trackResponses(server);
  return server;
}
