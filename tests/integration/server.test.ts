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

describe('the site server', () => {
  it('sends the security headers and no cookie on pages, files and 404s', async () => {
    for (const path of ['/', '/registre/', '/donnees/registre.csv', '/page-inexistante/']) {
      const response = await raw(path);
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(response.headers[name.toLowerCase()], `${path} ${name}`).toBe(value);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('sends Brotli or gzip when the browser accepts it, and plain bytes otherwise', async () => {
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

  it('answers 304 to an unchanged ETag, and HEAD without a body', async () => {
    const first = await raw('/charte/');
    const again = await raw('/charte/', { 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await raw('/charte/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(first.body.length);
  });

  it('redirects a folder without its trailing slash, keeping the query', async () => {
    const response = await raw('/registre?statut=en-service');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/registre/?statut=en-service');
  });

  it('never serves a file outside the built site', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/%00', '/%E0%A4%A']) {
      const response = await raw(path);
      expect(response.status, path).toBe(404);
      expect(response.body.toString()).not.toContain('"dependencies"');
    }
  });

  it('gives hashed assets a long cache and pages a revalidated one', async () => {
    const page = await raw('/');
    const css = String(page.body).match(/href="(\/_astro\/[^"]+\.css)"/)?.[1];
    expect(css).toBeDefined();
    expect((await raw(css!)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(page.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
  });

  it('answers an unknown address with the French 404 page', async () => {
    const response = await raw('/registre/nulle-part/');
    expect(response.status).toBe(404);
    expect(response.body.toString()).toContain('Page introuvable');
  });
});
