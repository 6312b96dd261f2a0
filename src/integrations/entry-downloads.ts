/**
 * Writes the download files of every entry (src/lib/open-data/entry-files.ts) once Astro has
 * written the pages; on the development server, serves them through routes instead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { getContent } from '../lib/content/load.ts';
import { entryJson, entrySpreadsheet } from '../lib/open-data/entry-files.ts';

export function entryDownloads(): AstroIntegration {
  return {
    name: 'registre-ia:entry-downloads',
    hooks: {
      'astro:config:setup': ({ command, injectRoute }) => {
        if (command !== 'dev') return;
        const route = (name: string) => fileURLToPath(new URL(`../lib/open-data/routes/${name}.ts`, import.meta.url));
        injectRoute({ pattern: '/registre/[slug].json', entrypoint: route('entry-json'), prerender: true });
        injectRoute({ pattern: '/registre/[slug]-tableur.csv', entrypoint: route('entry-spreadsheet'), prerender: true });
      },
      'astro:build:done': ({ dir, logger }) => {
        const started = performance.now();
        const site = fileURLToPath(dir);
        const content = getContent();
        let count = 0;
        for (const entry of content.register) {
          for (const file of [entryJson(content, entry), entrySpreadsheet(content, entry)]) {
            const target = path.join(site, ...file.path.split('/'));
            mkdirSync(path.dirname(target), { recursive: true });
            writeFileSync(target, file.body);
            count++;
          }
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        logger.info(`fichiers à télécharger des fiches (JSON et tableur) : ${count} écrits en ${seconds} s`);
      },
    },
  };
}
