/**
 * Stopping a server without failing a request, for a deploy or a stop. Node's own `close()` also
 * closes the kept-alive connections that are idle at that instant, and a client may be sending
 * its next request on one of them: that request would fail. Here the server stops taking new
 * connections, every answer from then on (those under way included) says `Connection: close`,
 * and a connection that stays idle ends with the usual keep-alive delay. Past the limit, what
 * is left is closed.
 */
import type { Server, ServerResponse } from 'node:http';
import net from 'node:net';

/** Long enough for a contribution sent on a weak mobile signal (REQUEST_TIMEOUT_MS's default). */
export const DRAIN_LIMIT_MS = 30_000;

const UNDER_WAY = Symbol('registre-ia.responses-under-way');
const DRAINING = Symbol('registre-ia.draining');
type Drainable = Server & { [UNDER_WAY]?: Set<ServerResponse>; [DRAINING]?: boolean };

function closeConnectionAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}

/** Keeps the set of answers under way; to call once, when the server is created. */
export function trackResponses(server: Server): void {
  const drainable = server as Drainable;
  const underWay = new Set<ServerResponse>();
  drainable[UNDER_WAY] = underWay;
  // First listener: it runs before the site's handler can write the head of the answer.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (drainable[DRAINING]) closeConnectionAfter(res);
    underWay.add(res);
    res.once('close', () => underWay.delete(res));
  });
}

/** Resolves once every connection has ended, or after `limitMs` with the last ones closed. */
export function drainServer(server: Server, limitMs = DRAIN_LIMIT_MS): Promise<void> {
  const drainable = server as Drainable;
  drainable[DRAINING] = true;
  for (const res of drainable[UNDER_WAY] ?? []) closeConnectionAfter(res);
  return new Promise((resolve) => {
    const limit = setTimeout(() => server.closeAllConnections(), limitMs);
    // net's close: stop accepting and wait for the connections, without http's closing of the idle ones.
    net.Server.prototype.close.call(server, () => {
      clearTimeout(limit);
      resolve();
    });
  });
}
