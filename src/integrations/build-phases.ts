/**
 * Says at the end of each build where prerendering spent its time, by kind of file: entry
 * pages, history pages, filter pages, open data files, other pages. Astro writes each file as
 * soon as it is rendered, routes one after the other: the time between a file and the one
 * written before it is counted to its kind. The figures add up to the prerendering's duration
 * (Astro renders a few files at once, so a kind's share is exact only up to that overlap).
 * `npm run bench:build` reads this line.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { isEntryDownload } from '../lib/open-data/entry-files.ts';
import { FULL_EXPORTS } from '../lib/open-data/full-exports.ts';

/** Written by the open data thread while Astro renders (./open-data-files.ts), not rendered. */
const OPEN_DATA_THREAD_FILES = new Set(FULL_EXPORTS.map((file) => file.path.slice(1)));

/** The kind of a file of the built site, from its path under the site's folder. */
export function fileKind(relative: string): string | undefined {
  const name = relative.split(path.sep).join('/');
  if (/\.(br|gz)$/.test(name) || name.startsWith('_astro/') || name.startsWith('pagefind/') || name.startsWith('admin/')) return undefined;
  if (OPEN_DATA_THREAD_FILES.has(name) || isEntryDownload(name)) return undefined;
  if (/\.(json|csv|atom|xml|txt)$/.test(name)) return 'fichiers de données';
  if (name.endsWith('/historique/index.html')) return 'historiques';
  if (name.includes('/filtre/')) return 'pages de filtres';
  if (/^registre\/[^/]+\/index\.html$/.test(name) && !name.startsWith('registre/statistiques/')) return 'fiches';
  return name.endsWith('.html') ? 'autres pages' : undefined;
}

/** Seconds of prerendering by kind of file, from the times the files were written. */
export function prerenderTimes(site: string): Map<string, { seconds: number; count: number }> {
  const written = readdirSync(site, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { kind: fileKind(path.relative(site, file)), time: statSync(file).mtimeMs };
    })
    .filter((file): file is { kind: string; time: number } => file.kind !== undefined)
    .sort((a, b) => a.time - b.time);
  const times = new Map<string, { seconds: number; count: number }>();
  written.forEach(({ kind, time }, i) => {
    const total = times.get(kind) ?? { seconds: 0, count: 0 };
    times.set(kind, { seconds: total.seconds + (i ? time - written[i - 1]!.time : 0) / 1000, count: total.count + 1 });
  });
  return times;
}

export function buildPhases(): AstroIntegration {
  return {
    name: 'registre-ia:build-phases',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const times = [...prerenderTimes(fileURLToPath(dir))].sort(([, a], [, b]) => b.seconds - a.seconds);
        const parts = times.map(([kind, { seconds, count }]) => `${kind} ${count} en ${seconds.toFixed(1)} s`);
        if (parts.length) logger.info(`rendu par sorte de fichier : ${parts.join(' ; ')}`);
      },
    },
  };
}
