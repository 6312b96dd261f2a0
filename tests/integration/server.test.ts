import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/server/http/headers.ts';
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

  it('répond 304 à un ETag inchangé, et à HEAD sans corps', async () => {
    const first = await raw('/charte/');
    const again = await raw('/charte/', { 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
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
});
