/**
 * The load balancer of the PostgreSQL bench: a small HTTP reverse proxy sending each request to
 * the next of its backends in turn, over kept-alive connections, as nginx or HAProxy would with
 * their defaults. It appends the client's address to X-Forwarded-For (the servers behind trust
 * the loopback), says which backend answered in `x-banc-serveur` (the bench counts the answers of
 * each), and leaves a backend aside for a second after it failed to answer (killed), answering
 * 502 for the requests that were on it. Run in its own process by the bench:
 * `node bench/lib/round-robin-proxy.ts` with HOST, PORT and BACKENDS (origins, comma-separated).
 *
 * With LEVEL=tcp it balances connections instead of requests, as HAProxy's `mode tcp` or nginx's
 * `stream` do: each client connection goes to the next backend and its bytes are piped both
 * ways, unread. It costs far less processor than parsing every request, and the client's own
 * X-Forwarded-For reaches the servers as sent. It cannot say which backend answered.
 */
import { Agent, createServer, request } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';

const RETRY_AFTER_FAILURE_MS = 1000;

const backends = (process.env.BACKENDS ?? '')
  .split(',')
  .filter(Boolean)
  .map((origin, index) => ({ index, url: new URL(origin), downUntil: 0 }));
if (!backends.length) throw new Error('BACKENDS : au moins une adresse de serveur attendue (http://127.0.0.1:4321,…)');
const agent = new Agent({ keepAlive: true, maxSockets: 200 });
let turn = 0;

/** The next backend in turn, skipping those that failed less than a second ago (all down: the next anyway). */
function nextBackend() {
  const now = Date.now();
  for (let tries = 0; tries < backends.length; tries++) {
    const backend = backends[turn++ % backends.length]!;
    if (backend.downUntil <= now) return backend;
  }
  return backends[turn++ % backends.length]!;
}

const tcpServer = createTcpServer((client) => {
  const backend = nextBackend();
  const upstream = connect(Number(backend.url.port), backend.url.hostname);
  upstream.on('error', () => {
    backend.downUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
    client.destroy();
  });
  client.on('error', () => upstream.destroy());
  client.pipe(upstream).pipe(client);
});

const httpServer = createServer((req, res) => {
  const backend = nextBackend();
  const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
  const outgoing = request(
    {
      agent,
      host: backend.url.hostname,
      port: backend.url.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-forwarded-for': forwarded },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-banc-serveur': String(backend.index) });
      answer.pipe(res);
    },
  );
  outgoing.on('error', () => {
    backend.downUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'x-banc-serveur': String(backend.index) });
    res.end('serveur injoignable');
  });
  req.pipe(outgoing);
});
const server = process.env.LEVEL === 'tcp' ? tcpServer : httpServer;
httpServer.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 4330), process.env.HOST ?? '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    agent.destroy();
    if (server === tcpServer) process.exit(0);
    httpServer.close(() => process.exit(0));
    httpServer.closeAllConnections();
  });
}
