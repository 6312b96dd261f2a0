/**
 * Builds the Pagefind index of the whole site once Astro has written the pages: search is part
 * of `npm run build`, and its files are served by the site itself (no third party).
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration } from 'astro';

/** Where the searchable pages are (see `searchKind` in the layout). */
export const INDEXED_PAGES = '{index.html,*/index.html,registre/*/index.html,charte/*/index.html,gouvernance/*/index.html,comptes-rendus/*/index.html}';

export function searchIndex(): AstroIntegration {
  return {
    name: 'registre-ia:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const pagefind = await import('pagefind');
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr' });
        if (!index) throw new Error(`Pagefind n’a pas pu démarrer : ${errors.join(', ')}`);
        const site = fileURLToPath(dir);
        // Only the pages that carry data-pagefind-body: parsing the history and filter pages
        // (two thirds of a large register's files) only to skip them would triple the time.
        const added = await index.addDirectory({ path: site, glob: INDEXED_PAGES });
        if (added.errors.length) throw new Error(`indexation de la recherche : ${added.errors.join(', ')}`);
        const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
        if (written.errors.length) throw new Error(`écriture de l’index de recherche : ${written.errors.join(', ')}`);
        await pagefind.close();
        logger.info(`index de recherche : ${added.page_count} pages en ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    },
  };
}
