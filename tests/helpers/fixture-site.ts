/**
 * Fixture sites: one small authority per scenario under tests/fixtures/sites/<name>/ (a content/
 * folder and an optional public/ overlay), built with a real `astro build` in a throwaway copy
 * of the project. Tests never read the demo's content/, so an authority that replaces it keeps a
 * green suite.
 *
 * Dates written `!jours N` in a fixture become the French calendar day N days after the day of
 * the run (`!jours -30`: thirty days ago), so an open consultation is open whatever the date.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { loadContent, type Content } from '../../src/lib/content/load.ts';
import { contributionsArchiveSchema } from '../../src/schemas/archives.ts';
import { archiveYaml } from '../../src/server/consultations/archive.ts';
import { dayFrom, frenchToday } from './dates.ts';
import { copyProject, PROJECT, type ProjectCopy } from './project.ts';

export const FIXTURE_SITES = fileURLToPath(new URL('../fixtures/sites/', import.meta.url));

const DAY_MS = 24 * 60 * 60 * 1000;

function relativeDaySchema(today: string): yaml.Schema {
  const relativeDay = new yaml.Type('!jours', {
    kind: 'scalar',
    resolve: (data: unknown) => /^-?\d+$/.test(String(data).trim()),
    construct: (data: unknown) => dayFrom(today, Number(String(data).trim())),
  });
  return yaml.CORE_SCHEMA.extend([relativeDay]);
}

/** Copies a fixture's content folder to `target`, each `!jours N` written as the day it stands for. */
export function materializeContent(name: string, target: string, today = frenchToday()): void {
  const source = path.join(FIXTURE_SITES, name, 'content');
  if (!existsSync(source)) throw new Error(`site de test inconnu : ${name} (attendu : ${source})`);
  const schema = relativeDaySchema(today);
  // Archives are written by a command: written here the same way, byte for byte.
  const dump = (folder: string, file: string, data: unknown) =>
    path.basename(folder) === 'contributions'
      ? archiveYaml(file.replace(/\.ya?ml$/, ''), contributionsArchiveSchema.parse(data))
      : yaml.dump(data, { schema: yaml.CORE_SCHEMA, lineWidth: -1 });
  const copy = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      const src = path.join(from, entry);
      const dest = path.join(to, entry);
      if (statSync(src).isDirectory()) copy(src, dest);
      else if (!/\.ya?ml$/.test(entry) || !readFileSync(src, 'utf8').includes('!jours')) cpSync(src, dest);
      else writeFileSync(dest, dump(from, entry, yaml.load(readFileSync(src, 'utf8'), { schema, filename: src })));
    }
  };
  copy(source, target);
}

export interface FixtureSite {
  name: string;
  /** The day the relative dates were computed from. */
  today: string;
  /** The project copy it was built in. */
  root: string;
  contentDir: string;
  dist: string;
  content: Content;
}

/** Everything a build reads, hashed: a cached build is reused only when none of it changed. */
function sourcesHash(name: string, materialized: string): string {
  const hash = createHash('sha256');
  const add = (file: string) => {
    if (!existsSync(file)) return;
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file).sort()) add(path.join(file, entry));
      return;
    }
    hash.update(path.relative(PROJECT, file)).update('\0').update(readFileSync(file)).update('\0');
  };
  for (const item of ['src', 'public', 'docs/standards.md', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'])
    add(path.join(PROJECT, item));
  add(path.join(FIXTURE_SITES, name, 'public'));
  const content = createHash('sha256');
  const addContent = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) addContent(file);
      else content.update(path.relative(materialized, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  };
  addContent(materialized);
  return `${name}-${hash.update(content.digest('hex')).digest('hex').slice(0, 16)}`;
}

const CACHE = path.join(tmpdir(), 'registre-ia-sites');

/** A throwaway copy of the project whose content (and public files) are the fixture's, dated from `today`. */
export function fixtureProject(name: string, today = frenchToday(), root?: string): ProjectCopy {
  const staging = mkdtempSync(path.join(tmpdir(), `registre-contenu-${name}-`));
  materializeContent(name, staging, today);
  const project = copyProject(staging, undefined, root);
  rmSync(staging, { recursive: true, force: true });
  const overlay = path.join(FIXTURE_SITES, name, 'public');
  if (existsSync(overlay)) cpSync(overlay, path.join(project.root, 'public'), { recursive: true });
  return project;
}

/**
 * The fixture site `name`, built for today's dates. The build is kept in the temporary folder
 * and shared by the test files of a run (and by the next run, while nothing it reads changes).
 */
export function fixtureSite(name: string, today = frenchToday()): FixtureSite {
  const staging = mkdtempSync(path.join(tmpdir(), `registre-site-${name}-`));
  materializeContent(name, path.join(staging, 'content'), today);
  const key = sourcesHash(name, path.join(staging, 'content'));
  const root = path.join(CACHE, key);
  const built = path.join(root, 'dist', 'server', 'entry.mjs');
  if (!existsSync(built)) {
    mkdirSync(CACHE, { recursive: true });
    // Builds of other days or other sources: dropped after a day (a run under another clock may be using one).
    for (const entry of readdirSync(CACHE)) {
      const old = path.join(CACHE, entry);
      if (entry.startsWith(`${name}-`) && Date.now() - statSync(old).mtimeMs > DAY_MS) rmSync(old, { recursive: true, force: true });
    }
    // An interrupted build of the same key is started again. Built where it stays: the server
    // bundle holds absolute paths of its sources.
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    const project = fixtureProject(name, today, root);
    const build = project.build();
    if (build.status !== 0) {
      project.remove();
      throw new Error(`la construction du site de test « ${name} » a échoué :\n${build.output}`);
    }
  }
  rmSync(staging, { recursive: true, force: true });
  const contentDir = path.join(root, 'content');
  return { name, today, root, contentDir, dist: path.join(root, 'dist'), content: loadContent(contentDir) };
}
