/**
 * The open data files whose size grows with the register: the full exports of /donnees/
 * (src/lib/open-data/full-exports.ts) and the two download files of every entry
 * (src/lib/open-data/entry-files.ts). A build produces them in a thread of its own
 * (./open-data-worker.ts), started as soon as the configuration is known, so that they are
 * serialised and written (the full exports compressed too) while Astro renders the pages on the
 * main thread; the thread then compresses the pages already written. The development server
 * serves the files instead: the entries' through routes, the full exports through Vite.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import type { ViteDevServer } from 'vite';
import { getContent } from '../lib/content/load.ts';
import { FULL_EXPORTS } from '../lib/open-data/full-exports.ts';
import type { CompressionSettings, FileResult } from './compression.ts';
import type { OpenDataMessage, OpenDataReply, OpenDataSettings } from './open-data-worker.ts';

/** What the compression step gives this one, and takes back (./precompress.ts). */
export interface CompressionHandle {
  settings(): CompressionSettings;
  adopt(results: FileResult[]): void;
}

function serveFullExports(server: ViteDevServer): void {
  server.middlewares.use((request, response, next) => {
    const file = FULL_EXPORTS.find(({ path }) => path === new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) return next();
    response.setHeader('Content-Type', file.type);
    response.end(file.body(getContent()));
  });
}

export function openDataFiles(compression: CompressionHandle): AstroIntegration {
  let command = '';
  let site = '';
  let worker: Worker | undefined;
  let reply: Promise<OpenDataReply> | undefined;
  return {
    name: 'registre-ia:open-data-files',
    hooks: {
      'astro:config:setup': ({ command: current, injectRoute, updateConfig }) => {
        command = current;
        if (command !== 'dev') return;
        const route = (name: string) => fileURLToPath(new URL(`../lib/open-data/routes/${name}.ts`, import.meta.url));
        injectRoute({ pattern: '/registre/[slug].json', entrypoint: route('entry-json'), prerender: true });
        injectRoute({ pattern: '/registre/[slug]-tableur.csv', entrypoint: route('entry-spreadsheet'), prerender: true });
        // Astro's routes would want a trailing slash after a rest parameter: the full exports
        // are answered before them, from the content the development server keeps up to date.
        updateConfig({ vite: { plugins: [{ name: 'registre-ia:full-exports', configureServer: serveFullExports }] } });
      },
      'astro:config:done': ({ config }) => {
        if (command !== 'build') return;
        site = fileURLToPath(config.build.client);
        // The content read and checked by contentCheck, copied to the thread: not read twice.
        const settings: OpenDataSettings = { content: getContent(), compression: compression.settings() };
        const thread = new Worker(new URL('./open-data-worker.ts', import.meta.url), { workerData: settings });
        reply = new Promise((resolve, reject) => {
          thread.once('message', resolve);
          thread.once('error', reject);
          thread.once('exit', (code) => reject(new Error(`le fil des données ouvertes s’est arrêté (code ${code})`)));
        });
        // Its failure is reported at the end of the build, not as an unhandled rejection; a
        // build that fails before then must not wait for it.
        reply.catch(() => {});
        thread.unref();
        worker = thread;
      },
      // Called once Astro has emptied the output folder, before it builds anything.
      'astro:build:setup': () => {
        worker?.postMessage({ kind: 'site-ready', site } satisfies OpenDataMessage);
      },
      // The pages are written: the thread stops looking for new ones (Pagefind's are next).
      'astro:build:generated': () => {
        worker?.postMessage({ kind: 'rendered' } satisfies OpenDataMessage);
      },
      'astro:build:done': async ({ logger }) => {
        if (!worker || !reply) return;
        const waiting = performance.now();
        // Said again, in case a version of Astro skipped either hook: the thread takes the first.
        worker.postMessage({ kind: 'site-ready', site } satisfies OpenDataMessage);
        worker.postMessage({ kind: 'rendered' } satisfies OpenDataMessage);
        worker.ref();
        try {
          const result = await reply;
          if (result.kind === 'failed') throw new Error(`données ouvertes : ${result.message}`);
          compression.adopt(result.compressed);
          const seconds = (value: number) => value.toFixed(1);
          logger.info(
            `exports complets et fichiers à télécharger des fiches : ${result.compressed.length - result.pages} exports écrits et compressés, ${result.uncompressed} fichiers de fiches écrits, pendant le rendu, en ${seconds(result.seconds)} s dans leur propre fil (dont ${seconds(result.waitedSeconds)} s à attendre le dossier du site) ; puis ${result.pages} pages compressées jusqu’à la fin du rendu ; attendus ${seconds((performance.now() - waiting) / 1000)} s à la fin du rendu`,
          );
        } finally {
          await worker.terminate();
          worker = undefined;
        }
      },
    },
  };
}
