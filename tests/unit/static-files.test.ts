/** The static file server (sirv and our rules) on a small folder of its own, behind a bare node:http server. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../../src/server/http/static.ts';

const root = mkdtempSync(path.join(tmpdir(), 'registre-statique-'));
const files: Record<string, string> = {
  '.env': 'SECRET=1',
  'page.html': '<p>page</p>',
  'dossier/index.html': '<p>dossier</p>',
  'style.css': 'body{}',
  'style.css.br': 'copie brotli',
  '_astro/base.abc123.css': 'a{}',
  'logo.ico': 'ico',
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), text);
}

let server: Server;
let port = 0;
beforeAll(async () => {
  const serve = staticFiles(root);
  server = createServer((req, res) => {
    if (serve(req, res) === 'not-found') {
      res.writeHead(404, { 'X-Suite': 'astro' });
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function ask(target: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fichiers statiques (sirv)', () => {
  it('sert un dossier par son index.html, et redirige vers sa barre finale', async () => {
    expect((await ask('/dossier/')).body).toBe('<p>dossier</p>');
    const redirect = await ask('/dossier?a=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/dossier/?a=1');
  });

  it('laisse à la suite ce qui n’est pas un fichier par son propre nom, les fichiers cachés et les copies compressées', async () => {
    for (const target of [
      '/.env',
      '/page',
      '/dossier/index',
      '/style.css.br',
      '/..%2f..%2fetc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/absent.css',
    ]) {
      const answer = await ask(target);
      expect(answer.status, target).toBe(404);
      expect(answer.headers['x-suite'], target).toBe('astro');
    }
    expect((await ask('/page.html', {}, 'POST')).headers['x-suite']).toBe('astro');
  });

  it('envoie la copie Brotli à qui l’accepte, avec nos types et nos règles de cache', async () => {
    const br = await ask('/style.css', { 'Accept-Encoding': 'gzip, br' });
    expect(br.body).toBe('copie brotli');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    // No gzip copy was written: the file itself.
    expect((await ask('/style.css', { 'Accept-Encoding': 'gzip' })).body).toBe('body{}');
    expect((await ask('/_astro/base.abc123.css')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await ask('/logo.ico')).headers['content-type']).toBe('image/x-icon');
  });

  it('répond 304 avec l’ETag, et ignore les plages d’octets', async () => {
    const first = await ask('/page.html');
    const again = await ask('/page.html', { 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(first.headers.etag);
    const ranged = await ask('/page.html', { Range: 'bytes=3-1' });
    expect(ranged.status).toBe(200);
    expect(ranged.body).toBe('<p>page</p>');
  });
});
