// @ts-check
import { readFileSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';
import yaml from 'js-yaml';
import { contentCheck } from './src/integrations/content-check.ts';
import { searchIndex } from './src/integrations/search-index.ts';

/** The public address of the register, read from the authority's settings (absolute URLs in open data). */
const site = /** @type {{ url?: string }} */ (yaml.load(readFileSync(new URL('./content/site.yaml', import.meta.url), 'utf8')))?.url;

export default defineConfig({
  site,
  trailingSlash: 'always',
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  integrations: [contentCheck(), react(), searchIndex()],
  // Rendering several pages at once overlaps writing files with rendering the next pages.
  build: { inlineStylesheets: 'never', concurrency: 4 },
  devToolbar: { enabled: false },
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? 'localhost' },
});
