/**
 * The baselines of the build bench: bare Astro projects that render the same entry files as
 * Registre IA, each as a page of all its fields, and the floor of a static site with search,
 * where Pagefind indexes, on those bare pages, the very text our index holds for each entry.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PROJECT } from '../../scripts/lib/project-copy.ts';

/** What Pagefind holds for a page: its text and its filters. */
export interface IndexedText {
  content: string;
  filters: Record<string, string[]>;
}

/** The text our index holds for each entry page, read back from the fragments Pagefind wrote. */
export function indexedEntryTexts(client: string): Record<string, IndexedText> {
  const folder = path.join(client, 'pagefind', 'fragment');
  const texts: Record<string, IndexedText> = {};
  for (const name of readdirSync(folder)) {
    // A fragment is gzipped JSON behind a signature of Pagefind's.
    const raw = gunzipSync(readFileSync(path.join(folder, name))).toString('utf8');
    const fragment = JSON.parse(raw.slice(raw.indexOf('{'))) as { url: string } & IndexedText;
    const slug = /^\/registre\/([^/]+)\/$/.exec(fragment.url)?.[1];
    if (slug) texts[slug] = { content: fragment.content, filters: fragment.filters };
  }
  return texts;
}

const FIELDS_COMPONENT = `---
const { value } = Astro.props;
---
{Array.isArray(value) ? <ul>{value.map((v) => <li><Astro.self value={v} /></li>)}</ul>
  : value !== null && typeof value === 'object' ? <dl>{Object.entries(value).map(([k, v]) => <><dt>{k}</dt><dd><Astro.self value={v} /></dd></>)}</dl>
  : String(value)}
`;

/** The Pagefind step of the floor, as ours runs it: the same API, the same language. */
const PAGEFIND_INTEGRATION = `import { fileURLToPath } from 'node:url';
import path from 'node:path';
export const pagefindIndex = () => ({
  name: 'bench:pagefind',
  hooks: {
    'astro:build:done': async ({ dir, logger }) => {
      const started = performance.now();
      const pagefind = await import('pagefind');
      const { index } = await pagefind.createIndex({ forceLanguage: 'fr' });
      const site = fileURLToPath(dir);
      const added = await index.addDirectory({ path: site, glob: 'registre/*/index.html' });
      await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
      await pagefind.close();
      logger.info(\`index de recherche : \${added.page_count} pages en \${((performance.now() - started) / 1000).toFixed(1)} s\`);
    },
  },
});
`;

/**
 * A bare Astro project over `content`'s entries. `concurrency` is Astro's build.concurrency (ours
 * renders 4 pages at once). With `searchTexts`, each page also carries, under data-pagefind-body,
 * the text and filters our index holds for that entry, and Pagefind indexes them after the build.
 */
export function bareProject(
  work: string,
  name: string,
  content: string,
  options: { concurrency?: number; searchTexts?: Record<string, IndexedText> } = {},
): string {
  const { concurrency = 1, searchTexts } = options;
  const root = path.join(work, name);
  mkdirSync(path.join(root, 'src', 'pages', 'registre'), { recursive: true });
  mkdirSync(path.join(root, 'src', 'components'), { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bare', type: 'module', private: true }));
  const integration = searchTexts ? `import { pagefindIndex } from './pagefind-index.mjs';\n` : '';
  writeFileSync(
    path.join(root, 'astro.config.mjs'),
    `${integration}export default { output: 'static', trailingSlash: 'always', build: { concurrency: ${concurrency} }${searchTexts ? ', integrations: [pagefindIndex()]' : ''} };\n`,
  );
  if (searchTexts) {
    writeFileSync(path.join(root, 'pagefind-index.mjs'), PAGEFIND_INTEGRATION);
    writeFileSync(path.join(root, 'search-texts.json'), JSON.stringify(searchTexts));
  }
  writeFileSync(path.join(root, 'src', 'components', 'Fields.astro'), FIELDS_COMPONENT);
  writeFileSync(
    path.join(root, 'src', 'pages', 'registre', '[slug].astro'),
    `---
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import Fields from '../../components/Fields.astro';
export function getStaticPaths() {
  const dir = path.resolve('content/registre');
  const texts = existsSync('search-texts.json') ? JSON.parse(readFileSync('search-texts.json', 'utf8')) : {};
  return readdirSync(dir).map((name) => {
    const slug = name.replace(/\\.yaml$/, '');
    return { params: { slug }, props: { data: yaml.load(readFileSync(path.join(dir, name), 'utf8'), { schema: yaml.CORE_SCHEMA }), indexed: texts[slug] } };
  });
}
const { data, indexed } = Astro.props;
const filters = indexed ? Object.entries(indexed.filters).flatMap(([name, values]) => values.map((value) => \`\${name}:\${value.replaceAll(',', '\\\\,')}\`)) : [];
---
<html lang="fr"><head><meta charset="utf-8" /><title>{data.title}</title></head>
<body><h1>{data.title}</h1><p>{data.summary}</p><Fields value={data} />
{indexed && <div data-pagefind-body>{indexed.content}{filters.map((filter) => <span data-pagefind-filter={filter}></span>)}</div>}
</body></html>
`,
  );
  symlinkSync(path.join(PROJECT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  symlinkSync(content, path.join(root, 'content'), 'dir');
  return root;
}
