/** A built site read from disk: the demo built by `npm test` (astro build runs first), or a fixture site. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT } from './project.ts';

export interface BuiltSite {
  /** The output of `astro build`: client/ and server/. */
  dist: string;
  /** The content folder it was built from (the on-demand pages read it at run time). */
  contentDir: string;
}

/** The demo authority of content/, built by `npm test` before vitest runs. */
export const DEMO: BuiltSite = { dist: path.join(PROJECT, 'dist'), contentDir: path.join(PROJECT, 'content') };

export function requireBuild(site: BuiltSite = DEMO): void {
  if (!existsSync(path.join(site.dist, 'server', 'entry.mjs'))) {
    throw new Error(`${site.dist} est absent : lancez \`npm test\` (qui construit le site) ou \`npm run build\` avant vitest.`);
  }
}

/** The prerendered files of a built site. */
export function clientDir(site: BuiltSite = DEMO): string {
  return path.join(site.dist, 'client');
}

export function builtFile(relative: string, site: BuiltSite = DEMO): string {
  requireBuild(site);
  return readFileSync(path.join(clientDir(site), relative), 'utf8');
}
