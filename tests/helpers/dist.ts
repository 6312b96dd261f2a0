/** The site built by `npm test` (astro build runs first), read from disk. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT } from './project.ts';

export const DIST = path.join(PROJECT, 'dist');
export const CLIENT = path.join(DIST, 'client');

export function requireBuild(): void {
  if (!existsSync(path.join(DIST, 'server', 'entry.mjs'))) {
    throw new Error('dist/ est absent : lancez `npm test` (qui construit le site) ou `npm run build` avant vitest.');
  }
}

export function builtFile(relative: string): string {
  requireBuild();
  return readFileSync(path.join(CLIENT, relative), 'utf8');
}
