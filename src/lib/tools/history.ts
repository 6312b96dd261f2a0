/** The history of the catalogue's tools, read from git like the register's (lib/history). */
import path from 'node:path';
import { CONTENT_PATHS } from '../../schemas/collections.ts';
import { toolObject } from '../../schemas/tools.ts';
import { contentNames } from '../content/names.ts';
import { contentRoot, getContent } from '../content/load.ts';
import { readHistory, type History } from '../history/history.ts';

const CACHE = Symbol.for('registre-ia.tools-history');
type HistoryCache = { [CACHE]?: { dir: string; history: History } };

/** Every change of content/outils/, newest first, read once per process. */
export function getToolHistory(root = contentRoot()): History {
  const dir = path.join(root, CONTENT_PATHS.tools);
  const cache = globalThis as HistoryCache;
  if (cache[CACHE]?.dir !== dir) {
    cache[CACHE] = { dir, history: readHistory(dir, { names: contentNames(getContent(root)), schema: toolObject, titleField: 'name' }) };
  }
  return cache[CACHE].history;
}

/** Forgets the catalogue's history read so far (for the development server, after a commit). */
export function forgetToolHistory(): void {
  delete (globalThis as HistoryCache)[CACHE];
}
