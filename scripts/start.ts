/**
 * `npm start`: builds when the build is missing or older than the sources, then serves the
 * prerendered site and the on-demand routes on HOST:PORT (default localhost:4321).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const entry = path.join(root, 'dist', 'server', 'entry.mjs');
const SOURCES = ['src', 'content', 'public', 'astro.config.mjs', 'package.json'];

function newest(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((latest, name) => Math.max(latest, newest(path.join(target, name))), stat.mtimeMs);
}

const stale = !existsSync(entry) || SOURCES.some((source) => newest(path.join(root, source)) > statSync(entry).mtimeMs);
if (stale) {
  console.log('Construction du site…');
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import('./serve.ts');
