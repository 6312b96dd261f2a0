// @ts-check
import { readFileSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';
import yaml from 'js-yaml';
import { contentCheck } from './src/integrations/content-check.ts';
import { searchIndex, searchIndexWritten } from './src/integrations/search-index.ts';
import { islandStyles } from './src/integrations/island-styles.ts';
import { decapCms } from './src/cms/integration.ts';
import { precompress } from './src/integrations/precompress.ts';
import { buildPhases } from './src/integrations/build-phases.ts';
import { openDataFiles } from './src/integrations/open-data-files.ts';

/** The public address of the register, read from the authority's settings (absolute URLs in open data). */
const site = /** @type {{ url?: string }} */ (yaml.load(readFileSync(new URL('./content/site.yaml', import.meta.url), 'utf8')))?.url;

const compression = precompress();

export default defineConfig({
  site,
  trailingSlash: 'always',
  output: 'static',
  // Our own server (src/server/http/) serves the files and hands the rest to Astro's handler.
  adapter: node({ mode: 'middleware' }),
  // The open data thread writes its files while Astro renders; decapCms writes admin/index.html,
  // which the index must not see; compression comes last, with what the others wrote.
  integrations: [
    contentCheck(),
    react(),
    islandStyles(),
    buildPhases(),
    searchIndex(),
    openDataFiles(compression),
    searchIndexWritten(),
    decapCms(),
    compression,
  ],
  // Rendering several pages at once overlaps writing files with rendering the next pages.
  build: { inlineStylesheets: 'never', concurrency: 4 },
  // A Content-Security-Policy <meta> on every page, with the hashes of Astro's own inline scripts:
  // no 'unsafe-inline'. WebAssembly is allowed for the search index (Pagefind).
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "connect-src 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'"] },
    },
  },
  // Markdown is rendered by src/lib/markdown.ts; Shiki's inline styles would need 'unsafe-inline'.
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? 'localhost' },
});
