/**
 * `npm run bench:build` (part of `npm run bench`) — the build budget (DESIGN §6, issue 18):
 * generates a synthetic register of 5,000 entries (BENCH_ENTRIES) kept in git, then, in the same
 * run and for BENCH_ROUNDS rounds:
 * - Registre IA, from a cold start (no cache between builds);
 * - the floor of a static site with search: a bare Astro build of the same entry pages, at our
 *   concurrency, whose pages carry under data-pagefind-body the very text our index holds for
 *   each entry, indexed by Pagefind (budget: Registre IA at most 1.3 times it);
 * - bare Astro alone, at Astro's default concurrency and at ours.
 * Then where our time goes, a rebuild after one entry changed (with the cache), the peak memory
 * of the build, the weight of an entry page (≤ 25 KB gzipped, no JavaScript) and of the first
 * search (≤ 300 KB). Figures are printed, never asserted: the machine's load varies.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import yaml from 'js-yaml';
import { loadContent } from '../src/lib/content/load.ts';
import { copyProject, PROJECT } from '../scripts/lib/project-copy.ts';
import { bareProject, indexedEntryTexts } from './lib/floor.ts';
import { runMeasured, type MeasuredRun } from './lib/peak-memory.ts';
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

/** Keeps the copy's content in git, as an authority's is: the history pages then have a past. */
function commitContent(content: string, message: string, init = false): void {
  const git = (...args: string[]) => {
    const run = spawnSync('git', args, { cwd: content, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`git ${args[0]} : ${run.stderr}`);
  };
  if (init) git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=Banc', '-c', 'user.email=banc@example.invalid', 'commit', '-qm', message);
}

/** `astro build` in a folder, with the peak memory of its process tree. */
function build(root: string): Promise<MeasuredRun> {
  return runMeasured(process.execPath, [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', REGISTRE_CONTENT_DIR: path.join(root, 'content') },
  });
}

/** A build from nothing: no earlier output, no cache between builds (compressed copies). */
function removeBuildOutput(root: string): void {
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  rmSync(path.join(root, '.astro', 'integrations'), { recursive: true, force: true });
}

/** Where our build spends its time, from the lines our integrations and Astro log. */
function phasesOf(output: string) {
  // Astro writes durations past a minute as « 1m 5s ».
  const seconds = (pattern: RegExp) => {
    const [, minutes = '0', rest = 'NaN'] = pattern.exec(output) ?? [];
    return Number(minutes) * 60 + Number(rest);
  };
  const kinds = Object.fromEntries(
    [...(/rendu par sorte de fichier : (.*)/.exec(output)?.[1] ?? '').matchAll(/([^;]+?) (\d+) en ([\d.]+) s/g)].map(
      ([, kind, , seconds]) => [kind!.trim(), Number(seconds)],
    ),
  );
  return {
    content: seconds(/lus et vérifiés en ()([\d.]+) s/),
    prerender: seconds(/prerendering static routes[\s\S]*?✓ Completed in (?:(\d+)m )?([\d.]+)s/),
    search: seconds(/index de recherche : \d+ pages.*? en ()([\d.]+) s/),
    compression: seconds(/fichiers compressés .*? fin en ()(\d+) ms/) / 1000,
    // The open data thread works while Astro renders: only its wait at the end counts.
    openDataThread: seconds(/exports complets et fichiers à télécharger .*? en ()([\d.]+) s dans leur propre fil/),
    openDataWait: seconds(/exports complets et fichiers à télécharger .*? attendus ()([\d.]+) s à la fin du rendu/),
    kinds,
  };
}

const fixed = (value: number, digits = 1) => value.toFixed(digits).replace('.', ',');
const best = (list: number[]) => Math.min(...list);

try {
  console.log(`Registre IA — banc de construction : ${COUNT} usages synthétiques, ${ROUNDS} tour(s), ${process.version}`);
  const content = syntheticContent();
  const loadStart = performance.now();
  const loaded = loadContent(content);
  console.log(
    `  lecture et validation du contenu : ${loaded.register.length} usages en ${fixed((performance.now() - loadStart) / 1000, 2)} s`,
  );

  const ours = copyProject(content);
  commitContent(path.join(ours.root, 'content'), 'Registre synthétique', true);
  const projects: Record<string, string> = {
    bare: bareProject(work, 'bare', content),
    bare4: bareProject(work, 'bare-4', content, { concurrency: 4 }),
    ours: ours.root,
  };
  const names: Record<string, string> = {
    ours: 'Registre IA',
    floor: 'plancher (Astro nu + Pagefind)',
    bare: 'Astro nu',
    bare4: 'Astro nu, concurrence 4',
  };
  const runs: Record<string, MeasuredRun[]> = { ours: [], floor: [], bare: [], bare4: [] };
  const phases: ReturnType<typeof phasesOf>[] = [];
  const run = async (name: string) => {
    removeBuildOutput(projects[name]!);
    const result = await build(projects[name]!);
    if (result.status !== 0) throw new Error(`la construction ${name} a échoué :\n${result.output.slice(-3000)}`);
    runs[name]!.push(result);
    if (name === 'ours') phases.push(phasesOf(result.output));
    console.log(
      `  tour ${runs[name]!.length}, ${names[name]!.padEnd(30)} : ${fixed(result.seconds)} s, processeur ${fixed(result.cpuSeconds ?? NaN)} s, mémoire ${fixed(result.peakMiB ?? NaN, 0)} Mio`,
    );
    return result;
  };
  // Round 1 builds ours first: the floor's pages carry the text our index holds.
  await run('ours');
  const texts = indexedEntryTexts(path.join(ours.root, 'dist', 'client'));
  projects.floor = bareProject(work, 'floor', content, { concurrency: 4, searchTexts: texts });
  for (const name of ['floor', 'bare', 'bare4']) await run(name);
  for (let round = 2; round <= ROUNDS; round++) {
    // The order alternates, so that no build always runs on a warmer machine.
    const order = ['bare', 'floor', 'ours', 'bare4'];
    for (const name of round % 2 ? order : order.reverse()) await run(name);
  }

  const time = (name: string) => best(runs[name]!.map((one) => one.seconds));
  const floorRatio = time('ours') / time('floor');
  const pages = readdirSync(path.join(ours.root, 'dist', 'client', 'registre')).filter((name) => !/\.(br|gz)$/.test(name)).length;
  console.log('');
  console.log(
    `Construction (meilleur tour) : Registre IA ${fixed(time('ours'))} s ; plancher ${fixed(time('floor'))} s ; Astro nu ${fixed(time('bare'))} s, en concurrence 4 ${fixed(time('bare4'))} s`,
  );
  console.log(
    `  ratio au plancher ${fixed(floorRatio, 2)} (budget ≤ 1,30) ${floorRatio <= 1.3 ? 'RESPECTÉ' : 'DÉPASSÉ'} — ${Object.keys(texts).length} fiches indexées de part et d’autre, ${pages} dossiers et fichiers sous /registre/`,
  );
  console.log(
    `  ratio à Astro nu ${fixed(time('ours') / time('bare'), 2)}, à Astro nu en concurrence 4 ${fixed(time('ours') / time('bare4'), 2)}`,
  );
  console.log(
    `  ratios au plancher tour par tour : ${runs.ours!.map((one, i) => fixed(one.seconds / runs.floor![i]!.seconds, 2)).join(' ; ')}`,
  );
  // Work, not waiting: on a machine of so many cores, a build cannot take less than its processor time divided by them.
  const cpu = (name: string) => best(runs[name]!.map((one) => one.cpuSeconds ?? NaN));
  const cores = cpus().length;
  console.log(
    `  temps de processeur (utilisateur + système, tous les processus et fils) : Registre IA ${fixed(cpu('ours'))} s, plancher ${fixed(cpu('floor'))} s, soit ${fixed(cpu('ours') / cpu('floor'), 2)} fois ; sur ${cores} cœurs, Registre IA ne peut pas descendre sous ${fixed(cpu('ours') / cores)} s (${fixed(cpu('ours') / cores / time('floor'), 2)} fois le plancher) sans faire moins de travail`,
  );

  // The phases of the fastest of our rounds.
  const fastest = runs.ours!.indexOf(runs.ours!.reduce((a, b) => (b.seconds < a.seconds ? b : a)));
  const phase = phases[fastest]!;
  const renderSum = Object.values(phase.kinds).reduce((sum, seconds) => sum + seconds, 0);
  // Each kind gets its share of the prerendering’s wall time (the gaps between written files).
  const share = (...kinds: string[]) => (kinds.reduce((sum, kind) => sum + (phase.kinds[kind] ?? 0), 0) / renderSum) * phase.prerender;
  const listed = {
    'lecture et validation du contenu': phase.content,
    'rendu des pages (fiches, filtres, autres)': share('fiches', 'pages de filtres', 'autres pages'),
    historiques: share('historiques'),
    'exports (données ouvertes)': share('fichiers de données') + phase.openDataWait,
    'index de recherche (Pagefind)': phase.search,
    'compression (fin de construction)': phase.compression,
  };
  const rest = runs.ours![fastest]!.seconds - Object.values(listed).reduce((sum, value) => sum + value, 0);
  console.log(`  où va le temps de Registre IA (tour de ${fixed(runs.ours![fastest]!.seconds)} s) :`);
  for (const [label, seconds] of Object.entries({ ...listed, 'tout le reste (démarrage, Vite, CMS…)': rest })) {
    console.log(`    ${label.padEnd(42)} ${fixed(seconds).padStart(6)} s`);
  }
  console.log(
    `    (exports complets et fichiers à télécharger : ${fixed(phase.openDataThread)} s dans leur propre fil pendant le rendu, dont ${fixed(phase.openDataWait)} s attendus à sa fin)`,
  );
  console.log(
    `    (rendu par sorte : ${Object.entries(phase.kinds)
      .map(([kind, seconds]) => `${kind} ${fixed((seconds / renderSum) * 100, 0)} %`)
      .join(', ')} du rendu)`,
  );

  // One entry changes, as an officer's edit would: the cache between builds is kept.
  const changedFile = path.join(ours.root, 'content', 'registre', 'usage-00001.yaml');
  const marker = `Modifié pour le banc ${Date.now()}`;
  const entry = yaml.load(readFileSync(changedFile, 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<string, unknown>;
  entry.summary = `${marker}. ${String(entry.summary)}`;
  writeFileSync(changedFile, yaml.dump(entry, { schema: yaml.CORE_SCHEMA, lineWidth: -1 }));
  commitContent(path.join(ours.root, 'content'), 'Une fiche modifiée');
  rmSync(path.join(ours.root, 'dist'), { recursive: true, force: true });
  const rebuild = await build(ours.root);
  if (rebuild.status !== 0) throw new Error(`la reconstruction a échoué :\n${rebuild.output.slice(-3000)}`);
  const changedPage = path.join(ours.root, 'dist', 'client', 'registre', 'usage-00001', 'index.html');
  const html = readFileSync(changedPage);
  const fresh = html.includes(marker) && brotliDecompressSync(readFileSync(`${changedPage}.br`)).equals(html);
  const reused = /(\d+) repris d’une construction précédente/.exec(rebuild.output)?.[1];
  console.log('');
  console.log(
    `Reconstruction après la modification d’une fiche : ${fixed(rebuild.seconds)} s, ${fixed(rebuild.seconds / time('ours'), 2)} fois la construction complète ; copies compressées reprises du cache : ${reused ?? '?'} ; fiche modifiée et sa copie Brotli à jour : ${fresh ? 'oui' : 'NON'}`,
  );
  console.log(
    `Mémoire de pointe (Node, ses fils et Pagefind) : Registre IA ${fixed(best(runs.ours!.map((one) => one.peakMiB ?? NaN)), 0)} Mio à ${COUNT} usages ; plancher ${fixed(best(runs.floor!.map((one) => one.peakMiB ?? NaN)), 0)} Mio`,
  );

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
