/** The open data thread: its files land in the site with their copies, and its failure fails the build. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetContent } from '../../src/lib/content/load.ts';
import type { FileResult } from '../../src/integrations/compression.ts';
import { openDataFiles } from '../../src/integrations/open-data-files.ts';
import { fixtureProject } from '../helpers/fixture-site.ts';
import type { ProjectCopy } from '../../scripts/lib/project-copy.ts';

const work = mkdtempSync(path.join(tmpdir(), 'registre-donnees-'));
const cacheDir = path.join(work, 'cache');
const logger = { info: () => {} };

/** Runs the integration's build hooks as `astro build` does, with `client` as the site's folder. */
async function build(client: string, { signals = true } = {}): Promise<FileResult[]> {
  let adopted: FileResult[] = [];
  const { hooks } = openDataFiles({
    settings: () => ({ cacheDir, brotliQuality: 5, gzipLevel: 6, minBytes: 512 }),
    adopt: (results) => (adopted = results),
  });
  const call = (name: string, params: object) => (hooks as Record<string, (params: object) => unknown>)[name]!(params);
  await call('astro:config:setup', { command: 'build', injectRoute: () => {}, updateConfig: () => {} });
  await call('astro:config:done', { config: { build: { client: pathToFileURL(`${client}/`) } } });
  if (signals) {
    await call('astro:build:setup', {});
    await call('astro:build:generated', {});
  }
  await call('astro:build:done', { logger });
  return adopted;
}

describe('le fil des données ouvertes', () => {
  let project: ProjectCopy;
  beforeAll(() => {
    mkdirSync(cacheDir);
    project = fixtureProject('essai');
    process.env.REGISTRE_CONTENT_DIR = path.join(project.root, 'content');
    forgetContent();
  });
  afterAll(() => {
    delete process.env.REGISTRE_CONTENT_DIR;
    forgetContent();
    project?.remove();
    rmSync(work, { recursive: true, force: true });
  });

  it('écrit les exports complets avec leurs copies compressées, et les fichiers des fiches sans copies', async () => {
    const site = path.join(work, 'site');
    mkdirSync(site);
    const adopted = await build(site);
    const registre = path.join(site, 'donnees', 'registre.json');
    const { entries } = JSON.parse(readFileSync(registre, 'utf8')) as { entries: { id: string }[] };
    expect(entries.length).toBeGreaterThan(0);
    expect(brotliDecompressSync(readFileSync(`${registre}.br`)).equals(readFileSync(registre))).toBe(true);
    expect(existsSync(path.join(site, 'donnees', 'standards', 'eurocities.json'))).toBe(true);
    const entryFile = path.join(site, 'registre', `${entries[0]!.id}.json`);
    expect(existsSync(entryFile)).toBe(true);
    expect(existsSync(`${entryFile}.br`)).toBe(false);
    // What the thread compressed is handed to the last compression step, so as not to do it twice.
    expect(adopted.map((result) => path.relative(site, result.file))).toContain(path.join('donnees', 'registre.json'));
  });

  it('finit aussi quand Astro ne dit ni que le dossier est prêt ni que le rendu est fini', async () => {
    const site = path.join(work, 'site-sans-signal');
    mkdirSync(site);
    await build(site, { signals: false });
    expect(existsSync(path.join(site, 'donnees', 'registre.csv'))).toBe(true);
  });

  it('fait échouer la construction, avec la raison, quand il ne peut pas écrire', async () => {
    const notAFolder = path.join(work, 'fichier');
    writeFileSync(notAFolder, 'pas un dossier');
    await expect(build(notAFolder)).rejects.toThrow(/données ouvertes : .*(ENOTDIR|EEXIST)/s);
  });
});
