/**
 * The security headers of every answer of the on-demand routes (pages, JSON, challenge, receipt
 * page, and the 4xx answers: 400, 403, 404, 405, 410, 413, 415), and no cookie anywhere: every
 * link of the site map and every consultation route, in GET and in POST.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { issueFormToken } from '../../src/server/abuse/form-token.ts';
import { SECURITY_HEADERS } from '../../src/server/http/headers.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { startSite, type RunningSite } from '../helpers/server.ts';

const SECRET = 'secret des essais d’en-têtes, assez long pour le serveur';
const essai = fixtureSite('essai');
const { content } = essai;
const open = content.consultations.find((c) => consultationStatus(c) === 'open')!;
const closed = content.consultations.find((c) => consultationStatus(c) === 'closed')!;

let site: RunningSite;
beforeAll(async () => {
  site = await startSite(essai, { SERVER_SECRET: SECRET, BODY_LIMIT_BYTES: String(64 * 1024) });
});
afterAll(() => site?.stop());

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** Header names as sent, once per occurrence (two CSP headers would be two policies). */
  names: string[];
  body: string;
}

function raw(method: string, target: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Raw> {
  const { hostname, port } = new URL(site.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname,
        port,
        method,
        path: target,
        headers: body === undefined ? headers : { 'Content-Length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            names: res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

const page = `/consultations/${open.slug}/`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = () => ({ 'Content-Type': 'application/x-www-form-urlencoded', Origin: site.origin });
const token = (cle: string) => issueFormToken(Buffer.from(SECRET, 'utf8'), open.slug, cle, new Date(Date.now() - 60_000));

/** Every kind of answer the on-demand routes give, with the status expected. */
const ANSWERS: { name: string; status: number; send: () => Promise<Raw> }[] = [
  { name: 'page d’une consultation ouverte', status: 200, send: () => raw('GET', page) },
  { name: 'page d’une consultation (HEAD)', status: 200, send: () => raw('HEAD', page) },
  { name: 'page d’une consultation close', status: 200, send: () => raw('GET', `/consultations/${closed.slug}/`) },
  { name: 'liste des consultations', status: 200, send: () => raw('GET', '/consultations/') },
  {
    name: 'formulaire renvoyé avec ses erreurs',
    status: 400,
    send: () =>
      raw(
        'POST',
        page,
        formHeaders(),
        form({ jeton: token('cle-des-en-tetes-0001'), cle: 'cle-des-en-tetes-0001', 'answers.inconnue': 'x' }),
      ),
  },
  {
    name: 'formulaire envoyé trop vite',
    status: 400,
    send: () =>
      raw(
        'POST',
        page,
        formHeaders(),
        form({ jeton: issueFormToken(Buffer.from(SECRET, 'utf8'), open.slug, 'cle-des-en-tetes-0002'), cle: 'cle-des-en-tetes-0002' }),
      ),
  },
  {
    name: 'formulaire d’une autre origine (403)',
    status: 403,
    send: () => raw('POST', page, { ...formHeaders(), Origin: 'https://evil.example' }, form({ a: 'b' })),
  },
  {
    name: 'formulaire d’une consultation close (410)',
    status: 410,
    send: () => raw('POST', `/consultations/${closed.slug}/`, formHeaders(), form({ a: 'b' })),
  },
  {
    name: 'formulaire d’un type inattendu (415)',
    status: 415,
    send: () => raw('POST', page, { ...formHeaders(), 'Content-Type': 'text/plain' }, 'a=b'),
  },
  { name: 'formulaire trop volumineux (413)', status: 413, send: () => raw('POST', page, formHeaders(), Buffer.alloc(70_000, 'a')) },
  { name: 'page d’une méthode refusée (405)', status: 405, send: () => raw('PUT', page, formHeaders(), 'a=b') },
  { name: 'TRACE (405)', status: 405, send: () => raw('TRACE', page) },
  {
    name: 'contribution JSON invalide',
    status: 400,
    send: () => raw('POST', `${page}contributions.json`, { 'Content-Type': 'application/json' }, '{"jeton":"x"}'),
  },
  {
    name: 'contribution JSON illisible',
    status: 400,
    send: () => raw('POST', `${page}contributions.json`, { 'Content-Type': 'application/json' }, '{'),
  },
  {
    name: 'contribution JSON d’un autre type (415)',
    status: 415,
    send: () => raw('POST', `${page}contributions.json`, { 'Content-Type': 'application/xml' }, '<a/>'),
  },
  {
    name: 'contribution JSON trop volumineuse (413)',
    status: 413,
    send: () => raw('POST', `${page}contributions.json`, { 'Content-Type': 'application/json' }, Buffer.alloc(70_000, ' ')),
  },
  {
    name: 'contribution JSON, consultation inconnue (404)',
    status: 404,
    send: () => raw('POST', '/consultations/inconnue/contributions.json', { 'Content-Type': 'application/json' }, '{}'),
  },
  { name: 'défi', status: 200, send: () => raw('GET', `${page}defi.json?cle=cle-des-en-tetes-0003`) },
  { name: 'défi sans clé', status: 400, send: () => raw('GET', `${page}defi.json`) },
  {
    name: 'défi d’une consultation close',
    status: 410,
    send: () => raw('GET', `/consultations/${closed.slug}/defi.json?cle=cle-des-en-tetes-0004`),
  },
  { name: 'page « ma contribution »', status: 200, send: () => raw('GET', '/consultations/ma-contribution/') },
  {
    name: 'code de reçu inconnu',
    status: 404,
    send: () => raw('POST', '/consultations/ma-contribution/', formHeaders(), form({ code: '0000-0000-0000-0000', action: 'voir' })),
  },
  {
    name: 'code de reçu mal formé',
    status: 400,
    send: () => raw('POST', '/consultations/ma-contribution/', formHeaders(), form({ code: 'abc', action: 'voir' })),
  },
  {
    name: '« ma contribution », méthode refusée (405)',
    status: 405,
    send: () => raw('DELETE', '/consultations/ma-contribution/', formHeaders(), 'code=x'),
  },
  { name: 'consultation inconnue (404)', status: 404, send: () => raw('GET', '/consultations/inconnue/') },
  { name: 'adresse inconnue (404)', status: 404, send: () => raw('GET', '/consultations/inconnue/quelque-chose') },
  { name: 'cible de requête illisible (400)', status: 400, send: () => raw('GET', 'http://[::1/consultations/') },
];

describe('en-têtes de sécurité des routes à la demande', () => {
  for (const answer of ANSWERS) {
    it(`${answer.name} : ${answer.status}, CSP avec frame-ancestors 'none' et sans 'unsafe-inline', HSTS, nosniff, Referrer-Policy, Permissions-Policy, no-store, aucun cookie`, async () => {
      const response = await answer.send();
      expect(response.status, response.body.slice(0, 300)).toBe(answer.status);
      expect(
        response.names.filter((n) => n === 'content-security-policy'),
        'une seule politique',
      ).toHaveLength(1);
      const policy = directives(String(response.headers['content-security-policy']));
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      for (const name of ['script-src', 'script-src-elem', 'script-src-attr', 'default-src'])
        expect(policy.get(name) ?? [], name).not.toContain("'unsafe-inline'");
      expect(policy.get('object-src')).toEqual(["'none'"]);
      // A page rendered on demand lists its own scripts by hash; nothing else may run.
      if (String(response.headers['content-type']).startsWith('text/html') && response.status !== 404) {
        expect(policy.get('script-src')?.filter((source) => !source.startsWith("'sha256-"))).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      }
      expect(response.headers['strict-transport-security']).toBe(SECURITY_HEADERS['Strict-Transport-Security']);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe(SECURITY_HEADERS['Referrer-Policy']);
      expect(response.headers['permissions-policy']).toBe(SECURITY_HEADERS['Permissions-Policy']);
      expect(response.headers['x-frame-options']).toBe('DENY');
      if (answer.name !== 'adresse inconnue (404)') expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['set-cookie']).toBeUndefined();
    });
  }
});

describe('aucun cookie sur le site public', () => {
  it('ni sur les pages du plan du site ni sur les routes des consultations, en GET comme en POST', { timeout: 60_000 }, async () => {
    const map = await raw('GET', '/plan-du-site/');
    expect(map.status).toBe(200);
    const links = [...new Set([...map.body.matchAll(/href="(\/[^"#]*)/g)].map((m) => m[1]!.replaceAll('&amp;', '&')))];
    expect(links.length).toBeGreaterThan(20);
    const consultationRoutes = content.consultations.flatMap((c) => [
      `/consultations/${c.slug}/`,
      `/consultations/${c.slug}/contributions.json`,
      `/consultations/${c.slug}/defi.json?cle=cle-des-en-tetes-0005`,
    ]);
    const targets = [...new Set([...links, '/consultations/', '/consultations/ma-contribution/', ...consultationRoutes])];
    const cookies: string[] = [];
    const statuses = new Map<string, number>();
    for (const target of targets) {
      for (const [method, headers, body] of [
        ['GET', {}, undefined],
        ['POST', formHeaders(), form({ jeton: token('cle-des-en-tetes-0006'), cle: 'cle-des-en-tetes-0006', code: 'abc' })],
        ['POST', { 'Content-Type': 'application/json' }, '{"jeton":"x"}'],
      ] as const) {
        const response = await raw(method, target, headers, body);
        expect(response.status, `${method} ${target}`).toBeLessThan(500);
        statuses.set(`${method} ${response.status}`, (statuses.get(`${method} ${response.status}`) ?? 0) + 1);
        if (response.headers['set-cookie']) cookies.push(`${method} ${target} : ${String(response.headers['set-cookie'])}`);
        expect(response.headers['x-content-type-options'], `${method} ${target}`).toBe('nosniff');
        expect(String(response.headers['content-security-policy']), `${method} ${target}`).toContain("frame-ancestors 'none'");
      }
    }
    console.log(
      `Sans cookie : ${targets.length} adresses, ${targets.length * 3} requêtes (${[...statuses].map(([k, n]) => `${k} × ${n}`).join(', ')})`,
    );
    expect(cookies).toEqual([]);
  });
});
