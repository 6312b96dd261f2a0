/**
 * Builds the Pagefind index of the whole site once Astro has written the pages: search is part
 * of `npm run build`, and its files are served by the site itself (no third party).
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration } from 'astro';

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
        const added = await index.addDirectory({ path: site });
        if (added.errors.length) throw new Error(`indexation de la recherche : ${added.errors.join(', ')}`);
        const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
        if (written.errors.length) throw new Error(`écriture de l’index de recherche : ${written.errors.join(', ')}`);
        await pagefind.close();
        logger.info(`index de recherche : ${added.page_count} pages en ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    },
  };
}
