import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SECURITY_HEADERS } from '../../src/server/http/headers.ts';
import { SQLITE_FILE } from '../../src/server/store/sqlite.ts';
import { startSite, type RunningSite } from '../helpers/server.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';

const essai = fixtureSite('essai');

let site: RunningSite;
beforeAll(async () => {
  site = await startSite(essai);
});
afterAll(() => site?.stop());

/** A raw GET, so that the path is sent exactly as written (fetch would normalise "..") */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const { hostname, port } = new URL(site.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('le serveur du site', () => {
  it('envoie les en-têtes de sécurité et aucun cookie, sur les pages, les fichiers et les 404', async () => {
    for (const path of ['/', '/registre/', '/donnees/registre.csv', '/page-inexistante/']) {
      const response = await raw(path);
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(response.headers[name.toLowerCase()], `${path} ${name}`).toBe(value);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('envoie du Brotli ou du gzip quand le navigateur l’accepte, et les octets bruts sinon', async () => {
    const plain = await raw('/registre/');
    const br = await raw('/registre/', { 'Accept-Encoding': 'gzip, deflate, br' });
    const gzip = await raw('/registre/', { 'Accept-Encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
  });

  it('sert les copies compressées à la construction, jamais par leur propre nom, et des fichiers entiers', async () => {
    const written = readFileSync(path.join(essai.dist, 'client', 'registre', 'index.html.br'));
    const br = await raw('/registre/', { 'Accept-Encoding': 'br' });
    expect(br.body.equals(written)).toBe(true);
    for (const copy of ['/registre/index.html.br', '/registre/index.html.gz']) expect((await raw(copy)).status, copy).toBe(404);
    const ranged = await raw('/registre/', { Range: 'bytes=5-2' });
    expect(ranged.status).toBe(200);
    expect(ranged.body.length).toBe(statSync(path.join(essai.dist, 'client', 'registre', 'index.html')).size);
  });

  it('répond 304 à un ETag inchangé, avec ses règles de cache, et à HEAD sans corps', async () => {
    const first = await raw('/charte/');
    const again = await raw('/charte/', { 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(again.headers.etag).toBe(first.headers.etag);
    const head = await raw('/charte/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(first.body.length);
  });

  it('redirige un dossier demandé sans sa barre finale, en gardant la requête', async () => {
    const response = await raw('/registre?statut=en-service');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/registre/?statut=en-service');
  });

  it('ne sert jamais un fichier hors du site construit', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/%00', '/%E0%A4%A']) {
      const response = await raw(path);
      expect(response.status, path).toBe(404);
      expect(response.body.toString()).not.toContain('"dependencies"');
    }
  });

  it('met en cache longtemps les fichiers à empreinte, et revalide les pages', async () => {
    const page = await raw('/');
    const css = String(page.body).match(/href="(\/_astro\/[^"]+\.css)"/)?.[1];
    expect(css).toBeDefined();
    expect((await raw(css!)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(page.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
  });

  it('répond à une adresse inconnue par la page 404 en français', async () => {
    const response = await raw('/registre/nulle-part/');
    expect(response.status).toBe(404);
    expect(response.body.toString()).toContain('Page introuvable');
  });

  it('n’a pas de point d’accès de transformation d’images : /_image répond 404, sans rien transcoder ni écrire au journal', async () => {
    const before = site.output().length;
    for (const target of [
      '/_image/?href=/logo.svg&f=png',
      '/_image?href=/logo.svg&w=4000&f=avif',
      '/_image/?href=%0Afausse-ligne&f=webp',
    ]) {
      const answer = await raw(target);
      expect(answer.status, target).toBe(404);
      expect(answer.body.toString('utf8')).toContain('Page introuvable');
    }
    expect(site.output().slice(before)).not.toContain('fausse-ligne');
  });
  it('refuse un en-tête Host qui ne forme pas d’adresse, avant Astro et sans trace d’erreur', async () => {
    for (const host of ['a@b', 'exemple.test/chemin', 'exemple .test', '[::1', 'exemple.test:port']) {
      for (const target of ['/consultations/', '/moderation/', '/']) {
        const answer = await raw(target, { Host: host });
        expect(answer.status, `${host} ${target}`).toBe(400);
        expect(answer.body.toString('utf8')).toContain('En-tête Host invalide');
      }
    }
    expect(site.output()).not.toMatch(/TypeError|Invalid URL|\bat .*\.m?js:\d+/);
    for (const host of ['exemple.test', 'exemple.test:8443', '127.0.0.1:4321', '[::1]:4321', 'localhost']) {
      expect((await raw('/consultations/', { Host: host })).status, host).toBe(200);
    }
  });

  it('ne redirige jamais vers un autre hôte, même par une adresse qui commence par deux barres', async () => {
    for (const target of ['/.//evil.example/..%2fregistre', '//evil.example/..%2fregistre', '/.//evil.example/%2e%2e/registre']) {
      const answer = await raw(target);
      if (answer.status === 301) {
        expect(answer.headers.location, target).toMatch(/^\/[^/\\]/);
        expect(answer.headers.location).toBe('/registre/');
      } else expect(answer.status, target).toBe(404);
    }
  });

  it('nomme le jeu de caractères des pages rendues à la demande', async () => {
    expect((await raw('/consultations/')).headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('le serveur face aux clients lents et nombreux', () => {
  let slow: RunningSite;
  beforeAll(async () => {
    slow = await startSite(essai, { REQUEST_TIMEOUT_MS: '2000', MAX_CONNECTIONS: '10' });
  });
  afterAll(() => slow?.stop());

  /** Opens a connection, sends `head`, and resolves with what the server sent back and when it closed. */
  function hold(head: string): Promise<{ reply: string; closedAfterMs: number }> {
    const { hostname, port } = new URL(slow.origin);
    const started = Date.now();
    return new Promise((resolve, reject) => {
      let reply = '';
      const socket = connect(Number(port), hostname, () => socket.write(head));
      socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve({ reply, closedAfterMs: Date.now() - started }));
      setTimeout(() => {
        socket.destroy();
        reject(new Error('connexion toujours ouverte après 15 s'));
      }, 15_000);
    });
  }

  it('ferme une requête dont le corps arrive trop lentement', async () => {
    const { reply, closedAfterMs } = await hold(
      'POST /consultations/essai/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nabc',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(6_000);
  });

  it('ferme une requête dont les en-têtes n’en finissent pas', async () => {
    const { closedAfterMs } = await hold('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Lent: a');
    expect(closedAfterMs).toBeLessThan(6_000);
  });

  it('refuse les connexions au-delà du plafond, et sert de nouveau quand elles se ferment', async () => {
    const { hostname, port } = new URL(slow.origin);
    const sockets = await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          new Promise<ReturnType<typeof connect>>((resolve) => {
            const socket = connect(Number(port), hostname, () => resolve(socket));
            socket.on('error', () => undefined);
          }),
      ),
    );
    const refused = await hold('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(refused.reply).toBe('');
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`${slow.origin}/`)).status).toBe(200);
  });
});

describe('la page de santé /sante', () => {
  it('dit que la base et le secret sont utilisables, et quelle version tourne', async () => {
    const response = await fetch(`${site.origin}/sante`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const report = (await response.json()) as Record<string, unknown>;
    expect(report).toMatchObject({ etat: 'disponible', base: 'ok', secret: 'ok', version: 'hors-deploiement' });
    expect((await fetch(`${site.origin}/sante`, { method: 'POST' })).status).toBe(405);
  });

  it('répond 503 quand la base ne peut plus recevoir de contribution', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'registre-donnees-'));
    const other = await startSite(essai, { DATA_DIR: dataDir });
    try {
      expect((await fetch(`${other.origin}/sante`)).status).toBe(200);
      const db = new Database(path.join(dataDir, SQLITE_FILE));
      db.exec('ALTER TABLE contributions RENAME TO contributions_deplacees');
      db.close();
      const response = await fetch(`${other.origin}/sante`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ etat: 'indisponible', base: 'indisponible' });
      expect(other.output()).toContain('Santé : base de contributions indisponible');
    } finally {
      await other.stop();
    }
  });
});

describe('le démarrage du serveur', () => {
  it('refuse de démarrer avec un secret vide (un premier démarrage interrompu), en le disant', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'registre-donnees-'));
    writeFileSync(path.join(dataDir, 'secret.key'), '', { mode: 0o600 });
    await expect(startSite(essai, { DATA_DIR: dataDir })).rejects.toThrow(/ne peut pas démarrer.*vide ou tronqué/s);
  });

  it('refuse de démarrer sur une base partagée sans secret partagé', async () => {
    await expect(startSite(essai, { DATABASE_URL: 'postgres://127.0.0.1:1/registre', SERVER_SECRET: '' })).rejects.toThrow(
      /ne peut pas démarrer.*SERVER_SECRET/s,
    );
  });

  it('refuse de démarrer quand le dossier de données est inutilisable', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'registre-donnees-'));
    const file = path.join(parent, 'un-fichier');
    writeFileSync(file, 'pas un dossier');
    await expect(startSite(essai, { DATA_DIR: file })).rejects.toThrow(/ne peut pas démarrer.*DATA_DIR/s);
  });
});
