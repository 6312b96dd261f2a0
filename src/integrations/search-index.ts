/**
 * Builds the Pagefind index of the whole site once Astro has written the pages: search is part
 * of `npm run build`, and its files are served by the site itself (no third party).
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { getContent } from '../lib/content/load.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import { consultationPath } from '../lib/urls.ts';

/** Where the searchable pages are (see `searchKind` in the layout). */
const INDEXED_PAGES =
  '{index.html,*/index.html,registre/*/index.html,charte/*/index.html,gouvernance/*/index.html,comptes-rendus/*/index.html,consultations/*/archive/index.html,outils/*/index.html}';

/** Text of Markdown, for the index: the rendered HTML without its tags. */
const plainText = (markdown: string) =>
  renderMarkdown(markdown)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The index being written, from `searchIndex` to `searchIndexWritten`. */
let indexing: Promise<void> | undefined;

/**
 * Starts the index and returns at once: Pagefind works in its own process, so the hooks that
 * follow (the entries' download files) run on the main thread meanwhile. `searchIndexWritten`
 * waits for it; put it before any hook that writes HTML or reads the index's files.
 */
export function searchIndex(): AstroIntegration {
  return {
    name: 'registre-ia:search-index',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        indexing = writeIndex(dir, logger);
        // Its failure is reported by `searchIndexWritten`, not as an unhandled rejection.
        indexing.catch(() => {});
      },
    },
  };
}

/** Waits for the index started by `searchIndex` (and fails the build if it failed). */
export function searchIndexWritten(): AstroIntegration {
  return {
    name: 'registre-ia:search-index-written',
    hooks: {
      'astro:build:done': async () => {
        if (!indexing) throw new Error('l’index de recherche n’a pas été commencé : searchIndex() doit précéder searchIndexWritten()');
        await indexing;
        indexing = undefined;
      },
    },
  };
}

async function writeIndex(dir: URL, logger: AstroIntegrationLogger): Promise<void> {
  const started = performance.now();
  const pagefind = await import('pagefind');
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr' });
  if (!index) throw new Error(`Pagefind n’a pas pu démarrer : ${errors.join(', ')}`);
  const site = fileURLToPath(dir);
  // Only the pages that carry data-pagefind-body: parsing the history and filter pages
  // (two thirds of a large register's files) only to skip them would triple the time.
  const added = await index.addDirectory({ path: site, glob: INDEXED_PAGES });
  if (added.errors.length) throw new Error(`indexation de la recherche : ${added.errors.join(', ')}`);
  // Consultation pages are rendered on demand, so there is no file to read: their lasting
  // text (title, summary, context, synthesis and answer) is indexed as a record of its own.
  const { consultations } = getContent();
  for (const c of consultations) {
    const parts = [c.summary, c.context, c.synthesis?.body, c.answer?.body].filter((part): part is string => Boolean(part));
    const record = await index.addCustomRecord({
      url: consultationPath(c.slug),
      content: `${c.title}. ${parts.map(plainText).join(' ')}`,
      language: 'fr',
      meta: { title: c.title },
      filters: { type: ['Consultation'] },
    });
    if (record.errors.length) throw new Error(`indexation de la consultation ${c.slug} : ${record.errors.join(', ')}`);
  }
  const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
  if (written.errors.length) throw new Error(`écriture de l’index de recherche : ${written.errors.join(', ')}`);
  await pagefind.close();
  logger.info(
    `index de recherche : ${added.page_count} pages et ${consultations.length} consultations en ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
