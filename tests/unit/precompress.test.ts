/** Build-time compression: copies match their file, and the cache between builds never serves stale bytes. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { precompressSite } from '../../src/integrations/precompress.ts';

const work = mkdtempSync(path.join(tmpdir(), 'registre-compression-'));
const site = path.join(work, 'site');
const cache = path.join(work, 'cache');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Text long enough to be compressed, different for each name and version. */
const page = (name: string, version: number) => `<p>${`${name} version ${version} — texte répété. `.repeat(80)}</p>`;

function write(name: string, text: string): void {
  mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
  writeFileSync(path.join(site, name), text);
}

function expectCopiesMatch(name: string): void {
  const file = path.join(site, name);
  const original = readFileSync(file);
  expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(original)).toBe(true);
  expect(gunzipSync(readFileSync(`${file}.gz`)).equals(original)).toBe(true);
}

const cachedCopies = () => readdirSync(cache, { recursive: true }).filter((name) => /\.(br|gz)$/.test(String(name))).length;

describe('copies compressées à la construction', () => {
  it('écrit une copie Brotli et une copie gzip de chaque fichier texte assez grand, et rien pour les autres ni pour les fichiers à télécharger des fiches', async () => {
    write('index.html', page('accueil', 1));
    write('registre/a/index.html', page('a', 1));
    write('donnees/registre.json', JSON.stringify({ entrees: page('json', 1) }));
    write('petit.html', '<p>court</p>');
    write('registre/a.json', JSON.stringify({ fiche: page('fiche', 1) }));
    write('image.png', page('pas du texte', 1));
    const totals = await precompressSite(site, cache);
    expect(totals.files).toBe(3);
    expect(totals.cached).toBe(0);
    for (const name of ['index.html', 'registre/a/index.html', 'donnees/registre.json']) expectCopiesMatch(name);
    expect(existsSync(path.join(site, 'petit.html.br'))).toBe(false);
    expect(existsSync(path.join(site, 'image.png.br'))).toBe(false);
    // An entry's download file is left as it is (src/lib/open-data/entry-files.ts).
    expect(existsSync(path.join(site, 'registre/a.json.br'))).toBe(false);
    expect(cachedCopies()).toBe(6);
  });

  it('reprend du cache les fichiers inchangés et recompresse ceux qui ont changé, sans jamais servir l’ancienne copie', async () => {
    write('registre/a/index.html', page('a', 2));
    rmSync(path.join(site, 'index.html'));
    const totals = await precompressSite(site, cache);
    expect(totals).toMatchObject({ files: 2, cached: 1 });
    expectCopiesMatch('registre/a/index.html');
    expectCopiesMatch('donnees/registre.json');
    // The copies of a removed file leave the site, and their cached bytes leave the cache.
    expect(existsSync(path.join(site, 'index.html.br'))).toBe(false);
    expect(cachedCopies()).toBe(4);
  });

  it('ne fait pas confiance à une copie laissée dans le site par une construction précédente', async () => {
    writeFileSync(path.join(site, 'registre/a/index.html.br'), 'ancienne copie');
    writeFileSync(path.join(site, 'orphelin.html.gz'), 'copie sans fichier');
    await precompressSite(site, cache);
    expectCopiesMatch('registre/a/index.html');
    expect(existsSync(path.join(site, 'orphelin.html.gz'))).toBe(false);
  });

  it('recompresse un fichier dont la copie en cache ne redonne plus ses octets (abîmée ou écrite sur place)', async () => {
    const cachedFiles = readdirSync(cache, { recursive: true })
      .map(String)
      .filter((name) => /\.(br|gz)$/.test(name));
    for (const name of cachedFiles) writeFileSync(path.join(cache, name), 'copie abîmée');
    const totals = await precompressSite(site, cache);
    expect(totals.cached).toBe(0);
    expectCopiesMatch('registre/a/index.html');
    expectCopiesMatch('donnees/registre.json');
  });
});
