/**
 * `npm run bench:static` — the static files of the built site, served by the real server
 * (`scripts/serve.ts`) in a process of its own:
 *
 * - the first request of the largest page (as a browser asks it: Brotli accepted), then the
 *   median of the next ones;
 * - the resident memory of the server once started, then after every file of dist/client has
 *   been asked once with Brotli, once with gzip and once without compression, and its peak.
 *
 * BENCH_STATIC_CODE names the checkout whose server is measured (default: this one), so that the
 * same dist/ can be served by an older version of the code (`git archive <commit>` unpacked
 * beside a node_modules). DIST_DIR names the build (default: dist/ of this checkout, built when
 * missing). Figures are printed, never asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT } from '../scripts/lib/project-copy.ts';
import { freePort } from '../tests/helpers/server.ts';

const code = path.resolve(process.env.BENCH_STATIC_CODE ?? PROJECT);
const dist = path.resolve(process.env.DIST_DIR ?? path.join(PROJECT, 'dist'));
const ROUNDS = Number(process.env.BENCH_STATIC_ROUNDS ?? 20);

if (!existsSync(path.join(dist, 'server', 'entry.mjs'))) {
  console.log('Construction du site…');
  const build = spawnSync(process.execPath, [path.join(PROJECT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: PROJECT,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const client = path.join(dist, 'client');
/** Every file a browser may ask for: the compressed copies written beside them are not addresses. */
function addresses(folder = client): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return addresses(file);
    if (/\.(br|gz)$/.test(entry.name)) return [];
    const url = `/${path.relative(client, file).split(path.sep).map(encodeURIComponent).join('/')}`;
    return [url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url];
  });
}

function get(origin: string, url: string, encoding?: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${url}`, { headers: encoding ? { 'Accept-Encoding': encoding } : {} }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function timed(origin: string, url: string, encoding: string): Promise<number> {
  const started = performance.now();
  const answer = await get(origin, url, encoding);
  if (answer.status !== 200) throw new Error(`${url} : ${answer.status}`);
  return performance.now() - started;
}

/** Resident memory of a process, and its peak, in MiB (Linux). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

const mib = (value: number) => `${value.toFixed(1)} Mio`;
const ms = (value: number) => `${value.toFixed(2)} ms`;

const urls = addresses();
const pages = urls.filter((url) => url.endsWith('/'));
const largest = pages
  .map((url) => ({ url, size: statSync(path.join(client, decodeURIComponent(url), 'index.html')).size }))
  .sort((a, b) => b.size - a.size)[0]!;

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'registre-bench-static-'));
const server = spawn(process.execPath, [path.join(code, 'scripts', 'serve.ts')], {
  cwd: code,
  env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DIST_DIR: dist, DATA_DIR: dataDir },
  stdio: ['ignore', 'pipe', 'inherit'],
});
// Ready when it says so: asking for a page to know would make that page's next request not the first.
await new Promise<void>((resolve, reject) => {
  server.stdout!.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('http://')) resolve();
  });
  server.once('exit', (status) => reject(new Error(`le serveur s’est arrêté (${status})`)));
});

try {
  const started = memory(server.pid!);
  const first = await timed(origin, largest.url, 'br, gzip');
  const next: number[] = [];
  for (let round = 0; round < ROUNDS; round++) next.push(await timed(origin, largest.url, 'br, gzip'));
  next.sort((a, b) => a - b);
  const firstGzip = await timed(origin, pages.find((url) => url !== largest.url) ?? largest.url, 'gzip');
  for (const encoding of ['br, gzip', 'gzip', '']) for (const url of urls) await get(origin, url, encoding);
  const served = memory(server.pid!);

  console.log(`Serveur mesuré : ${code}`);
  console.log(`Site : ${dist} (${urls.length} fichiers, dont ${pages.length} pages)`);
  console.log(`Charge de la machine (1 min) : ${loadavg()[0]!.toFixed(2)}`);
  console.log(`Plus grande page : ${largest.url} (${(largest.size / 1024).toFixed(1)} Kio)`);
  console.log(`  première requête (br) : ${ms(first)}`);
  console.log(`  requêtes suivantes (br), médiane de ${ROUNDS} : ${ms(next[Math.floor(next.length / 2)]!)}`);
  console.log(`  première requête d’une autre page (gzip) : ${ms(firstGzip)}`);
  console.log(`Mémoire résidente au démarrage : ${mib(started.rss)}`);
  console.log(`Mémoire résidente après chaque fichier servi trois fois (br, gzip, brut) : ${mib(served.rss)}`);
  console.log(`Mémoire résidente au plus haut : ${mib(served.peak)}`);
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
