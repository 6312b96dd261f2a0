/**
 * A throwaway copy of the project with another content folder, to run a real `astro build` on
 * it (tests of content errors, build benchmarks). node_modules is linked, not copied.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProjectCopy {
  root: string;
  build: () => { status: number | null; output: string; seconds: number };
  remove: () => void;
}

/** docs/standards.md is published as a page (/donnees/correspondance-standards/). */
const PROJECT_ITEMS = ['src', 'public', 'docs/standards.md', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/** Copies the project with `contentFrom` as its content, into `root` (a new temporary folder by default). */
export function copyProject(
  contentFrom: string,
  items = PROJECT_ITEMS,
  root = mkdtempSync(path.join(tmpdir(), 'registre-ia-project-')),
): ProjectCopy {
  for (const item of items) cpSync(path.join(PROJECT, item), path.join(root, item), { recursive: true });
  cpSync(contentFrom, path.join(root, 'content'), { recursive: true });
  symlinkSync(path.join(PROJECT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return {
    root,
    build: () => buildAstro(root),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs `astro build` in a folder and times it (wall clock). */
export function buildAstro(root: string): { status: number | null; output: string; seconds: number } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // The copy's own content/ is what it builds, whatever the calling process points at.
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', REGISTRE_CONTENT_DIR: path.join(root, 'content') },
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, seconds: (performance.now() - started) / 1000 };
}
