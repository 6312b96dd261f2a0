/**
 * Astro writes the style of its islands as a <style> element where the first island of a page
 * is, that is in <body>, where HTML does not allow it. The same rule is in the site's stylesheet
 * (src/styles/global.css), so the element is taken out of the built pages.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration } from 'astro';

export const ISLAND_STYLE_ELEMENT = '<style>astro-island,astro-slot,astro-static-slot{display:contents}</style>';

/**
 * Pages that may hold an island: the home page and the pages one level deep (register, search,
 * badge). Entry, history and filter pages have none, and reading thousands of them would slow
 * the build.
 */
async function pagesWithIslands(site: string): Promise<string[]> {
  const folders = (await readdir(site, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const pages = ['index.html', ...folders.map((folder) => path.join(folder, 'index.html'))];
  return pages.map((page) => path.join(site, page));
}

export function islandStyles(): AstroIntegration {
  return {
    name: 'registre-ia:island-styles',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        let cleaned = 0;
        for (const file of await pagesWithIslands(site)) {
          const html = await readFile(file, 'utf8').catch(() => '');
          if (!html.includes(ISLAND_STYLE_ELEMENT)) continue;
          await writeFile(file, html.replaceAll(ISLAND_STYLE_ELEMENT, ''));
          cleaned++;
        }
        logger.info(`style des îles retiré du <body> de ${cleaned} page${cleaned > 1 ? 's' : ''}`);
      },
    },
  };
}
