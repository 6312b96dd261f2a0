/**
 * `npm run bench` — build budget (DESIGN §6): generates a synthetic register of 5,000 entries,
 * builds it with Registre IA and with a bare Astro project rendering the same 5,000 entry pages
 * from the same files, in the same run, and prints the ratio (budget ≤ 1.3). Also prints the
 * gzipped weight of an entry page with every asset it loads (budget ≤ 25 KB, no JavaScript).
 * Figures are printed, never asserted: the machine's load varies.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import yaml from 'js-yaml';
import { loadContent } from '../src/lib/content/load.ts';
import { buildAstro, copyProject, PROJECT } from '../scripts/lib/project-copy.ts';
import { launchChromium } from '../tests/helpers/browser.ts';
import { startSite } from '../tests/helpers/server.ts';

const COUNT = Number(process.env.BENCH_ENTRIES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const work = mkdtempSync(path.join(tmpdir(), 'registre-ia-bench-'));

function syntheticContent(): string {
  const content = path.join(work, 'content');
  const source = path.join(PROJECT, 'content');
  cpSync(source, content, { recursive: true, filter: (file) => !file.includes(`${path.sep}registre${path.sep}`) });
  const registre = path.join(content, 'registre');
  rmSync(registre, { recursive: true, force: true });
  mkdirSync(registre);
  const templates = readdirSync(path.join(source, 'registre'))
    .sort()
    .map(
      (name) => yaml.load(readFileSync(path.join(source, 'registre', name), 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<string, any>,
    );
  // The demo's own entries stay (minutes and decisions point to them); synthetic ones fill up to COUNT.
  cpSync(path.join(source, 'registre'), registre, { recursive: true });
  cpSync(path.join(PROJECT, 'public'), path.join(work, 'public'), { recursive: true });
  for (let i = 0; i < COUNT - templates.length; i++) {
    const entry = structuredClone(templates[i % templates.length]!);
    entry.title = `${String(entry.title).slice(0, 88)} — n° ${i + 1}`;
    entry.keywords = [...(entry.keywords ?? []), `lot ${i % 97}`];
    writeFileSync(
      path.join(registre, `usage-${String(i + 1).padStart(5, '0')}.yaml`),
      yaml.dump(entry, { schema: yaml.CORE_SCHEMA, lineWidth: -1 }),
    );
  }
  return content;
}

/**
 * A bare Astro project: the same entry files, each rendered as a page of all its fields.
 * `concurrency` is Astro's build.concurrency: ours renders 4 pages at once, so the bench also
 * builds the bare project that way, to show what that setting alone is worth.
 */
function bareProject(content: string, concurrency = 1): string {
  const root = path.join(work, `bare-${concurrency}`);
  mkdirSync(path.join(root, 'src', 'pages', 'registre'), { recursive: true });
  mkdirSync(path.join(root, 'src', 'components'), { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bare', type: 'module', private: true }));
  writeFileSync(
    path.join(root, 'astro.config.mjs'),
    `export default { output: 'static', trailingSlash: 'always', build: { concurrency: ${concurrency} } };\n`,
  );
  writeFileSync(
    path.join(root, 'src', 'components', 'Fields.astro'),
    `---
const { value } = Astro.props;
---
{Array.isArray(value) ? <ul>{value.map((v) => <li><Astro.self value={v} /></li>)}</ul>
  : value !== null && typeof value === 'object' ? <dl>{Object.entries(value).map(([k, v]) => <><dt>{k}</dt><dd><Astro.self value={v} /></dd></>)}</dl>
  : String(value)}
`,
  );
  writeFileSync(
    path.join(root, 'src', 'pages', 'registre', '[slug].astro'),
    `---
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import Fields from '../../components/Fields.astro';
export function getStaticPaths() {
  const dir = path.resolve('content/registre');
  return readdirSync(dir).map((name) => ({
    params: { slug: name.replace(/\\.yaml$/, '') },
    props: { data: yaml.load(readFileSync(path.join(dir, name), 'utf8'), { schema: yaml.CORE_SCHEMA }) },
  }));
}
const { data } = Astro.props;
---
<html lang="fr"><head><meta charset="utf-8" /><title>{data.title}</title></head>
<body><h1>{data.title}</h1><p>{data.summary}</p><Fields value={data} /></body></html>
`,
  );
  symlinkSync(path.join(PROJECT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  symlinkSync(content, path.join(root, 'content'), 'dir');
  return root;
}

/** Bytes of an HTML page and of every asset it references, each gzipped as a server would send it. */
function pageWeight(client: string, pagePath: string) {
  const html = readFileSync(path.join(client, pagePath, 'index.html'));
  const text = html.toString('utf8');
  // What a browser downloads: stylesheets, icons, scripts, images (not alternate or canonical links).
  const tags = text.match(/<(?:link|script|img)\b[^>]*>/g) ?? [];
  const assets = tags
    .filter((tag) => !tag.startsWith('<link') || /\brel="(?:stylesheet|icon|preload|modulepreload)"/.test(tag))
    .map((tag) => /\b(?:href|src)="(\/[^"]+)"/.exec(tag)?.[1])
    .filter((href): href is string => href !== undefined)
    .filter((href) => !href.endsWith('/') && existsSync(path.join(client, href)));
  const files = [{ name: `${pagePath}index.html`, raw: html.length, gzip: gzipSync(html).length }];
  for (const asset of new Set(assets)) {
    const bytes = readFileSync(path.join(client, asset));
    files.push({ name: asset, raw: bytes.length, gzip: gzipSync(bytes).length });
  }
  return { files, scripts: (text.match(/<script\b/g) ?? []).length, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Opens /recherche/?q=… in Chromium on the built site and counts the bytes that cross the
 * network (compressed, headers included) until the results are shown.
 */
async function firstSearch(projectRoot: string, query: string): Promise<{ bytes: number; index: number; results: number }> {
  const site = await startSite({ dist: path.join(projectRoot, 'dist'), contentDir: path.join(projectRoot, 'content') });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    let bytes = 0;
    let index = 0;
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes();
      const size = sizes.responseBodySize + sizes.responseHeadersSize;
      bytes += size;
      if (request.url().includes('/pagefind/')) index += size;
    });
    await page.goto(`${site.origin}/recherche/?q=${encodeURIComponent(query)}`);
    await page.locator('.search-results li').first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const status = (await page.getByRole('status').first().textContent()) ?? '';
    return { bytes, index, results: Number(status.match(/\d+/)?.[0] ?? 0) };
  } finally {
    await browser.close();
    await site.stop();
  }
}

try {
  console.log(`Registre IA — banc de construction : ${COUNT} usages synthétiques, ${ROUNDS} tour(s), ${process.version}`);
  const content = syntheticContent();
  const loadStart = performance.now();
  const loaded = loadContent(content);
  console.log(
    `  lecture et validation du contenu : ${loaded.register.length} usages en ${((performance.now() - loadStart) / 1000).toFixed(2)} s`,
  );

  const ours = copyProject(content);
  const projects = { bare: bareProject(content), bare4: bareProject(content, 4), ours: ours.root };
  const names = { bare: 'Astro nu', bare4: 'Astro nu, concurrence 4', ours: 'Registre IA' };
  const times = { ours: [] as number[], bare: [] as number[], bare4: [] as number[] };
  const phases = { prerender: [] as number[], search: [] as number[], compression: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order so that neither build always runs on a warmer machine.
    const order = (['bare', 'ours', 'bare4'] as const).map((name) => [name, projects[name]] as const);
    for (const [name, root] of round % 2 ? order : [...order].reverse()) {
      rmSync(path.join(root, 'dist'), { recursive: true, force: true });
      const result = buildAstro(root);
      if (result.status !== 0) throw new Error(`la construction ${name} a échoué :\n${result.output.slice(-3000)}`);
      times[name].push(result.seconds);
      if (name === 'ours') {
        // Where our time goes, from Astro's own log lines.
        const prerender = /prerendering static routes[\s\S]*?✓ Completed in ([\d.]+)s/.exec(result.output)?.[1];
        const search = /index de recherche : \d+ pages.*? en ([\d.]+) s/.exec(result.output)?.[1];
        if (prerender) phases.prerender.push(Number(prerender));
        if (search) phases.search.push(Number(search));
        const compression = /fichiers compressés .*? en (\d+) ms/.exec(result.output)?.[1];
        if (compression) phases.compression.push(Number(compression) / 1000);
      }
      console.log(`  tour ${round}, ${names[name].padEnd(23)} : ${result.seconds.toFixed(1)} s`);
    }
  }
  const best = (list: number[]) => Math.min(...list);
  const median = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor((list.length - 1) / 2)]!;
  const ratio = best(times.ours) / best(times.bare);
  const pairRatios = times.ours.map((t, i) => t / times.bare[i]!);
  // Not the compressed copies written beside each file (src/integrations/precompress.ts).
  const pages = readdirSync(path.join(ours.root, 'dist', 'client', 'registre')).filter((name) => !/\.(br|gz)$/.test(name)).length;
  console.log('');
  console.log(
    `Construction (meilleur tour) : Registre IA ${best(times.ours).toFixed(1)} s, Astro nu ${best(times.bare).toFixed(1)} s, Astro nu en concurrence 4 ${best(times.bare4).toFixed(1)} s`,
  );
  console.log(`  ratio ${ratio.toFixed(2)} (budget ≤ 1,30) ${ratio <= 1.3 ? 'RESPECTÉ' : 'DÉPASSÉ'} — ${pages} dossiers sous /registre/`);
  console.log(`  ratios tour par tour : ${pairRatios.map((r) => r.toFixed(2)).join(', ')} (médiane ${median(pairRatios).toFixed(2)})`);
  console.log(`  à réglage égal (Astro nu en concurrence 4) : ratio ${(best(times.ours) / best(times.bare4)).toFixed(2)}`);
  if (phases.search.length) {
    console.log(
      `  dont rendu des pages ${best(phases.prerender).toFixed(1)} s (fiches, historiques, filtres, exports) et index de recherche ${best(phases.search).toFixed(1)} s ; sans l’index : ratio ${((best(times.ours) - best(phases.search)) / best(times.bare)).toFixed(2)}`,
    );
  }
  if (phases.compression.length) {
    console.log(`  et copies Brotli et gzip écrites à la construction : ${best(phases.compression).toFixed(1)} s`);
  }

  // The heaviest entry page of the demo's own entries, which are the richest.
  const client = path.join(ours.root, 'dist', 'client');
  const weights = readdirSync(path.join(PROJECT, 'content', 'registre'))
    .map((name) => pageWeight(client, `/registre/${name.replace(/\.yaml$/, '')}/`))
    .sort((a, b) => b.gzip - a.gzip);
  const weight = weights[0]!;
  console.log('');
  console.log(`Poids de la fiche la plus lourde (sur ${weights.length} fiches de la démonstration), tout compris, compressée en gzip :`);
  for (const file of weight.files) console.log(`  ${file.name} : ${kb(file.raw)} brut, ${kb(file.gzip)} gzip`);
  console.log(
    `  total ${kb(weight.gzip)} (budget ≤ 25 KB) ${weight.gzip <= 25 * 1024 ? 'RESPECTÉ' : 'DÉPASSÉ'}; balises <script> : ${Math.max(...weights.map((w) => w.scripts))} (budget 0)`,
  );

  const search = await firstSearch(ours.root, 'eau');
  console.log('');
  console.log(
    `Première recherche (« eau ») sur ${COUNT} usages : ${search.results} résultats, ${kb(search.bytes)} téléchargés en tout (page comprise), dont ${kb(search.index)} pour l’index`,
  );
  console.log(`  budget ≤ 300 KB ${search.bytes <= 300 * 1024 ? 'RESPECTÉ' : 'DÉPASSÉ'}`);
  ours.remove();
} finally {
  rmSync(work, { recursive: true, force: true });
}
