/**
 * Hostile and malformed requests against the consultation module, on the built server: 10,000
 * generated requests (fast-check) must never get a 5xx, never create a contribution, never set a
 * cookie, and leave the server alive. The status codes met are printed, by kind of request.
 * Then the HTTP framing itself (raw sockets), and a control: the same contributions without
 * their defect are accepted, so the generators do reach the checks they are meant to test.
 */
import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { openStore } from '../../src/server/store/index.ts';
import { SQLITE_FILE } from '../../src/server/store/sqlite.ts';
import {
  describeRequest,
  hostileRequests,
  validContributions,
  type HostileContext,
  type HostileRequest,
} from '../fixtures/hostile-requests.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { startOpenSite, type RunningSite } from '../helpers/server.ts';

const SECRET = 'secret des essais de requêtes hostiles, assez long';
const RUNS = 10_000;
const PARALLEL = 4;
const BODY_LIMIT = 64 * 1024;

const essai = fixtureSite('essai');
const { content } = essai;
const open = content.consultations.find((c) => consultationStatus(c) === 'open');
const closed = content.consultations.find((c) => consultationStatus(c) === 'closed');

let site: RunningSite;
let ctx: HostileContext;
beforeAll(async () => {
  // Rate limits out of the way, data on tmpfs: every attempt past the token writes a counter.
  site = await startOpenSite(essai, SECRET, { BODY_LIMIT_BYTES: String(BODY_LIMIT) });
  ctx = {
    origin: site.origin,
    secret: Buffer.from(SECRET, 'utf8'),
    open: open!,
    closed: closed!,
    communes: content.site.communes,
    authorityName: content.site.name,
    minFillSeconds: content.site.consultations.min_fill_seconds,
    bodyLimit: BODY_LIMIT,
  };
});
afterAll(async () => {
  await site?.stop();
  if (site) rmSync(site.dataDir, { recursive: true, force: true });
});

type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer } | { error: string; previous?: string };

/** The last request sent on each kept-alive connection: when one is cut, the culprit may be its predecessor. */
const lastOnSocket = new WeakMap<object, string>();

/**
 * The headers as generated, with the length of the body unless the generator lied about it:
 * node:http would otherwise send the body of some methods (TRACE) with no length at all, bytes
 * the server could only read as the next request.
 */
function framed(request: HostileRequest): Record<string, string> {
  const headers = { ...request.headers };
  if (request.body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length'))
    headers['Content-Length'] = String(request.body.length);
  if (request.fresh) headers.Connection = 'close';
  return headers;
}

/** Sends the request exactly as generated (node:http: raw path, any header, any body). */
function send(request: HostileRequest, agent: Agent): Promise<Answer> {
  const { hostname, port } = new URL(site.origin);
  return new Promise((resolve) => {
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest(
        {
          hostname,
          port,
          method: request.method,
          path: request.path,
          headers: framed(request),
          agent: request.fresh ? false : agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', (error) => resolve({ error: `réponse interrompue : ${error.message}` }));
        },
      );
    } catch (error) {
      // A request node:http itself refuses to send is a bug of the generators.
      resolve({ error: `requête non envoyée : ${(error as Error).message}` });
      return;
    }
    let previous: string | undefined;
    req.on('socket', (socket) => {
      previous = lastOnSocket.get(socket);
      lastOnSocket.set(socket, describeRequest(request));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('pas de réponse en 20 s')));
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message, previous }));
    req.end(request.body);
  });
}

/** What the answer says about how far the request went: the refusal reason, or the fields in error. */
function stage(answer: Answer): string {
  if ('error' in answer) return `coupée (${answer.error})`;
  const type = String(answer.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    try {
      const json = JSON.parse(answer.body.toString('utf8')) as { motif?: string; erreurs?: Record<string, string>; erreur?: string };
      if (json.motif) return `refus ${json.motif}`;
      if (json.erreurs) return 'réponses invalides';
      if (json.erreur) return 'refus de forme';
    } catch {
      return 'json illisible';
    }
    return 'json';
  }
  if (type.startsWith('text/html') && answer.status === 400) {
    const html = answer.body.toString('utf8');
    if (html.includes('class="error-summary"')) return 'réponses invalides';
    if (html.includes('role="alert"')) return 'refus';
  }
  return '';
}

const statusCounts = new Map<string, number>();
const byFamily = new Map<string, Map<string, number>>();
const byStage = new Map<string, number>();
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

function record(request: HostileRequest, answer: Answer): void {
  const status = 'error' in answer ? 'coupée' : String(answer.status);
  bump(statusCounts, status);
  if (!byFamily.has(request.family)) byFamily.set(request.family, new Map());
  bump(byFamily.get(request.family)!, status);
  const reached = stage(answer);
  if (request.intake && reached) bump(byStage, reached);
}

function check(request: HostileRequest, answer: Answer): void {
  const report = (problem: string) => `${problem}\n--- requête ---\n${describeRequest(request)}`;
  if ('error' in answer) {
    // An upload over the limit may be cut short once answered; a lying Content-Length, or bytes
    // after the body, end the connection. Anything else must be answered.
    if (request.oversize || request.fresh) return;
    throw new Error(
      report(`aucune réponse : ${answer.error}`) +
        (answer.previous ? `\n--- requête précédente sur la même connexion ---\n${answer.previous}` : ''),
    );
  }
  const excerpt = answer.body.subarray(0, 600).toString('utf8');
  if (answer.status >= 500) throw new Error(report(`réponse ${answer.status} :\n${excerpt}`));
  if (request.intake && (answer.status === 200 || answer.status === 201))
    throw new Error(report(`contribution acceptée (${answer.status}) :\n${excerpt}`));
  if (answer.headers['set-cookie']) throw new Error(report(`cookie posé : ${String(answer.headers['set-cookie'])}`));
}

function printFigures(runs: number, seconds: number, seeds: number[]): void {
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  const lines = [
    `\n${runs} requêtes hostiles en ${seconds.toFixed(1)} s (graines ${seeds.join(', ')} ; HOSTILE_SEED=${seeds[0]} pour les rejouer)`,
    `Codes : ${sorted(statusCounts)
      .map(([s, n]) => `${s} × ${n}`)
      .join(', ')}`,
    `Jusqu’où sont allés les envois aux points de dépôt : ${sorted(byStage)
      .map(([s, n]) => `${s} × ${n}`)
      .join(', ')}`,
    'Par famille :',
    ...[...byFamily]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(
        ([family, counts]) =>
          `  ${family.padEnd(34)} ${sorted(counts)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}`,
      ),
  ];
  console.log(lines.join('\n'));
}

async function contributionCount(): Promise<number> {
  const db = new Database(path.join(site.dataDir, SQLITE_FILE), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM contributions').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('requêtes hostiles ou malformées contre le module de consultation', () => {
  it('la démo compte une consultation ouverte et une close', () => {
    expect(open, 'aucune consultation ouverte à cette date dans content/consultations').toBeDefined();
    expect(closed, 'aucune consultation close dans content/consultations').toBeDefined();
  });

  it(
    `${RUNS.toLocaleString('fr-FR')} requêtes générées : jamais de 5xx, aucune contribution enregistrée, aucun cookie, le serveur reste debout`,
    { timeout: 180_000 },
    async () => {
      const base = Number(process.env.HOSTILE_SEED ?? Date.now() % 2 ** 31);
      const seeds = Array.from({ length: PARALLEL }, (_, i) => base + i);
      const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });
      const started = performance.now();
      let runs = 0;
      try {
        await Promise.all(
          seeds.map((seed) =>
            fc.assert(
              fc.asyncProperty(hostileRequests(ctx), async (request) => {
                runs++;
                const answer = await send(request, agent);
                record(request, answer);
                check(request, answer);
              }),
              // The server holds state (rate limits): the first failing request is the one to read,
              // rather than a shrunk one replayed against a changed server.
              { numRuns: RUNS / PARALLEL, seed, endOnFailure: true },
            ),
          ),
        );
      } finally {
        agent.destroy();
        printFigures(runs, (performance.now() - started) / 1000, seeds);
      }
      expect(runs).toBe(RUNS);

      // Still alive and serving.
      expect((await fetch(`${site.origin}/`)).status).toBe(200);
      expect((await fetch(`${site.origin}/consultations/${ctx.open.slug}/`)).status).toBe(200);

      // Nothing stored, by the store's own account and by the table itself.
      const store = await openStore({ dataDir: site.dataDir });
      try {
        for (const consultation of content.consultations) {
          const counts = await store.counts(consultation.slug);
          expect(counts.byStatus, consultation.slug).toEqual({ pending: 0, approved: 0, rejected: 0, withdrawn: 0 });
        }
      } finally {
        await store.close();
      }
      expect(await contributionCount()).toBe(0);
    },
  );

  it('le cadre HTTP malmené (sockets brutes) : une réponse 4xx, ou la connexion fermée, jamais une 5xx', async () => {
    const { port, host } = new URL(site.origin);
    const slug = ctx.open.slug;
    const form = `POST /consultations/${slug}/ HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${site.origin}\r\nContent-Type: application/x-www-form-urlencoded\r\n`;
    const json = `POST /consultations/${slug}/contributions.json HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n`;
    const cases: Record<string, { raw: string; expect: RegExp }> = {
      'cible absolue à l’hôte illisible': { raw: `GET http://[::1/consultations/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`, expect: /^400$/ },
      'cible absolue avec identifiants': { raw: `GET http://a:b@[::1/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`, expect: /^400$/ },
      'cible absolue vers un autre hôte': {
        raw: `GET http://evil.example/consultations/${slug}/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        expect: /^[234]\d\d$/,
      },
      'cible « * »': { raw: `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\n\r\n`, expect: /^4\d\d$/ },
      'cible relative sans barre': { raw: `GET consultations HTTP/1.1\r\nHost: ${host}\r\n\r\n`, expect: /^400$/ },
      'sans Host en HTTP/1.1': { raw: `GET /consultations/${slug}/ HTTP/1.1\r\n\r\n`, expect: /^400$/ },
      'HTTP/1.0 sans Host': { raw: `GET /consultations/${slug}/ HTTP/1.0\r\n\r\n`, expect: /^200$/ },
      'Host illisible': { raw: `GET /consultations/${slug}/ HTTP/1.1\r\nHost: [::1\r\n\r\n`, expect: /^4\d\d$/ },
      'deux Host': { raw: `GET /consultations/${slug}/ HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\n\r\n`, expect: /^[24]\d\d$/ },
      'version inconnue': { raw: `GET /consultations/${slug}/ HTTP/9.9\r\nHost: ${host}\r\n\r\n`, expect: /^[45]05$|^400$/ },
      'méthode en minuscules': { raw: `post /consultations/${slug}/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`, expect: /^400$/ },
      'Content-Length négatif': { raw: `${form}Content-Length: -1\r\n\r\n`, expect: /^400$/ },
      'deux Content-Length différents': { raw: `${form}Content-Length: 3\r\nContent-Length: 4\r\n\r\na=bc`, expect: /^400$/ },
      'Content-Length et Transfer-Encoding ensemble': {
        raw: `${form}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
        expect: /^400$/,
      },
      'Content-Length démesuré': { raw: `${form}Content-Length: 99999999999\r\n\r\na=b`, expect: /^413$|^400$/ },
      'morceau de taille illisible': { raw: `${form}Transfer-Encoding: chunked\r\n\r\nzz\r\na=b\r\n0\r\n\r\n`, expect: /^400$/ },
      'morceaux au-delà de la limite': {
        raw: `${form}Transfer-Encoding: chunked\r\n\r\n${`8000\r\n${'a'.repeat(0x8000)}\r\n`.repeat(3)}0\r\n\r\n`,
        expect: /^413$/,
      },
      'en-têtes de plus de 16 Kio': {
        raw: `GET /consultations/${slug}/ HTTP/1.1\r\nHost: ${host}\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\n`,
        expect: /^431$/,
      },
      'Expect: 100-continue sur un JSON refusé': {
        raw: `${json}Expect: 100-continue\r\nContent-Length: 2\r\n\r\n[]`,
        expect: /^100$|^400$/,
      },
      'caractère de contrôle dans un en-tête': {
        raw: `GET /consultations/${slug}/ HTTP/1.1\r\nHost: ${host}\r\nX-A: a\u0001b\r\n\r\n`,
        expect: /^400$/,
      },
      'corps suivi d’octets illisibles (requête en file)': {
        raw: `${json}Content-Length: 2\r\n\r\n{}DES OCTETS QUI NE SONT PAS UNE REQUÊTE\r\n\r\n`,
        expect: /^400$|^$/,
      },
      'formulaire suivi d’octets illisibles': { raw: `${form}Content-Length: 3\r\n\r\na=bDES OCTETS\r\n\r\n`, expect: /^400$|^$/ },
    };
    const rawExchange = (raw: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(raw, 'latin1'));
        let received = '';
        const done = () => resolve(received);
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => {
          received += chunk;
          // The first status line (and, for 100 Continue, the next) is all we need.
          if (/^HTTP\/1\.[01] (?!100)\d{3}/m.test(received)) socket.destroy();
        });
        socket.on('close', done);
        socket.on('error', done);
        setTimeout(() => socket.destroy(), 5000);
      });
    const statuses: Record<string, string> = {};
    for (const [name, { raw, expect: expected }] of Object.entries(cases)) {
      const received = await rawExchange(raw);
      const statusLines = [...received.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => m[1]!);
      const status = statusLines.find((s) => s !== '100') ?? statusLines[0] ?? '';
      statuses[name] = status || '(fermée)';
      expect(status, `${name} :\n${received.slice(0, 300)}`).toMatch(expected);
    }
    console.log(
      `Cadre HTTP : ${Object.entries(statuses)
        .map(([name, status]) => `${name} → ${status}`)
        .join(' ; ')}`,
    );
    expect((await fetch(`${site.origin}/consultations/${slug}/`)).status).toBe(200);
  });

  it('témoin : les mêmes contributions, sans leur défaut, sont reçues (201), par le JSON comme par le formulaire', async () => {
    const before = await contributionCount();
    const samples = fc.sample(validContributions(ctx), { numRuns: 12, seed: 42 });
    for (const [i, sample] of samples.entries()) {
      const asJson = i % 2 === 0;
      const response = await fetch(`${site.origin}/consultations/${ctx.open.slug}/${asJson ? 'contributions.json' : ''}`, {
        method: 'POST',
        headers: asJson
          ? { 'Content-Type': 'application/json' }
          : { 'Content-Type': 'application/x-www-form-urlencoded', Origin: site.origin },
        body: new Uint8Array(asJson ? sample.json : sample.form),
      });
      const text = await response.text();
      expect(response.status, `${asJson ? sample.json.toString('utf8') : sample.form.toString('utf8')}\n→ ${text.slice(0, 800)}`).toBe(201);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect(await contributionCount()).toBe(before + samples.length);
  });
});
