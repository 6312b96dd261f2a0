/**
 * `npm run deploy -- <target>`: puts a new release of the site in service on this machine.
 *
 *   npm run deploy -- [publier] <target> [--build <dist>] [--contenu <dir>] [--garder 5]
 *                                        [--adresse http://127.0.0.1:4321] [--env <file>]
 *   npm run deploy -- retour <target>     (or rollback) back to the release before the live one
 *   npm run deploy -- apercu <target> [--build <dist>]   static preview of a merge request
 *   npm run deploy -- retirer-apercu <target>
 *
 * A release is built (or taken from `--build`), copied into its own folder, started on a spare
 * port and checked at /sante before anything changes; then `current` is switched atomically and,
 * if the supervisor answers at `--adresse`, the command waits until it serves the new release,
 * switching back if it does not. The data folder and the modules are shared by the releases.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import type { HealthReport, ReleaseInfo } from '../src/server/http/health.ts';
import { buildAstro, PROJECT } from './lib/project-copy.ts';
import {
  ensureLayout,
  listReleases,
  liveRelease,
  logSwitch,
  previousRelease,
  prune,
  releaseId,
  switchCurrent,
  targetLayout,
  type TargetLayout,
} from './lib/releases.ts';
import { freePort } from './lib/free-port.ts';

/** What a release needs to run, besides its build and its content. */
const SERVER_CODE = ['src', 'scripts', 'package.json'];
const PREVIEW_MARK = 'apercu.json';

class DeployError extends Error {}

const { positionals, values: options } = parseArgs({
  allowPositionals: true,
  options: {
    build: { type: 'string' },
    contenu: { type: 'string' },
    garder: { type: 'string', default: '5' },
    adresse: { type: 'string' },
    env: { type: 'string' },
    attente: { type: 'string', default: '90' },
  },
});

const seconds = (ms: number) => `${(ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s`;

/** The settings the service runs with (`--env`, as systemd's EnvironmentFile), over this process's. */
function serviceEnv(layout: TargetLayout): NodeJS.ProcessEnv {
  // An empty --env (a pipeline variable left unset) means none.
  const fromFile = options.env ? (parseEnv(readFileSync(options.env, 'utf8')) as NodeJS.ProcessEnv) : {};
  return { DATA_DIR: layout.data, ...process.env, ...fromFile };
}

function liveAddress(env: NodeJS.ProcessEnv): string {
  if (options.adresse) return options.adresse.replace(/\/$/, '');
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT ?? 4321}`;
}

async function health(origin: string): Promise<{ status: number; report: HealthReport } | undefined> {
  try {
    const response = await fetch(`${origin}/sante`, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, report: (await response.json()) as HealthReport };
  } catch {
    return undefined;
  }
}

/** Polls /sante until it reports `version` healthy; false past the deadline or if `gone()` says so. */
async function waitForVersion(origin: string, version: string, timeoutMs: number, gone = () => false): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone()) {
    const answer = await health(origin);
    if (answer?.status === 200 && answer.report.version === version) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function gitCommit(): string {
  const git = spawnSync('git', ['rev-parse', '--short=8', 'HEAD'], { cwd: PROJECT, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : 'sans-git';
}

/** The build to deploy: `--build`, or a fresh `astro build` of this checkout. */
function buildFolder(): string {
  if (options.build) {
    const dist = path.resolve(options.build);
    if (!existsSync(path.join(dist, 'client', 'index.html')))
      throw new DeployError(`${dist} n’est pas une construction du site (client/index.html manque).`);
    return dist;
  }
  console.log('Construction du site…');
  const build = buildAstro(PROJECT);
  if (build.status !== 0) throw new DeployError(`la construction a échoué :\n${build.output.slice(-3000)}`);
  console.log(`  construit en ${build.seconds.toFixed(1)} s`);
  return path.join(PROJECT, 'dist');
}

/** Copies a folder, sharing blocks with the source where the file system can (reflink). */
function copyTree(from: string, to: string): void {
  const cp = spawnSync('cp', ['-a', '--reflink=auto', from, to]);
  if (cp.status !== 0) cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

/** node_modules of this checkout, copied once per lock file and Node ABI into the shared folder. */
function sharedModules(layout: TargetLayout): string {
  const key = createHash('sha256')
    .update(readFileSync(path.join(PROJECT, 'package-lock.json')))
    .update(`abi ${process.versions.modules} ${process.platform} ${process.arch}`)
    .digest('hex')
    .slice(0, 16);
  const folder = path.join(layout.modules, key);
  if (!existsSync(folder)) {
    const staging = `${folder}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    copyTree(path.join(PROJECT, 'node_modules'), path.join(staging, 'node_modules'));
    renameSync(staging, folder);
  }
  return key;
}

function modulesOf(release: string): string | undefined {
  try {
    return readlinkSync(path.join(release, 'node_modules')).split(path.sep).at(-2);
  } catch {
    return undefined;
  }
}

/**
 * Starts the release on a spare port with the service's settings and asks its /sante. With the
 * embedded database it runs on a throwaway data folder: the deploying account must not open the
 * live SQLite file (its journal files would then belong to that account, not the service's).
 * The live data is checked by the supervisor's new workers, as the service, before they take over.
 */
async function preflight(release: string, id: string, env: NodeJS.ProcessEnv): Promise<void> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const scratch = mkdtempSync(path.join(tmpdir(), 'registre-ia-controle-'));
  const child = spawn(process.execPath, [path.join(release, 'scripts', 'serve.ts')], {
    cwd: release,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port), DIST_DIR: path.join(release, 'dist'), DATA_DIR: scratch },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const healthy = await waitForVersion(origin, id, 60_000, () => child.exitCode !== null);
  const report = healthy ? undefined : await health(origin);
  child.kill('SIGTERM');
  await exited;
  rmSync(scratch, { recursive: true, force: true });
  if (!healthy) {
    throw new DeployError(
      `la version ${id} échoue à son contrôle de santé (${report ? JSON.stringify(report.report) : 'aucune réponse'}) : elle n’est pas mise en service.\n${output.slice(-2000)}`,
    );
  }
}

/**
 * Switches `current` to `id`; when a supervisor serves the target, waits until it serves `id`,
 * and switches back to `from` if it does not.
 */
async function switchAndWait(
  layout: TargetLayout,
  id: string,
  from: string | undefined,
  action: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const origin = liveAddress(env);
  const serving = await health(origin);
  switchCurrent(layout, id);
  logSwitch(layout, action, id, from);
  if (!serving) {
    console.log(`  aucun serveur ne répond sur ${origin} : la version est en place, démarrez le service (systemctl start registre-ia).`);
    return;
  }
  const waited = performance.now();
  if (await waitForVersion(origin, id, Number(options.attente) * 1000)) {
    console.log(`  servie sur ${origin} après ${seconds(performance.now() - waited)}`);
    return;
  }
  if (from) {
    switchCurrent(layout, from);
    logSwitch(layout, 'annulation', from, id);
  }
  throw new DeployError(
    `le serveur de ${origin} ne sert pas la version ${id} après ${options.attente} s : ${from ? `retour à ${from}` : 'aucune version précédente'} (voir le journal du service).`,
  );
}

function keepCount(): number {
  const keep = Number(options.garder);
  if (!Number.isInteger(keep) || keep < 2)
    throw new DeployError(`--garder : un entier d’au moins 2 est attendu, « ${options.garder} » reçu.`);
  return keep;
}

function printSinceCommit(): void {
  const stamp = process.env.COMMIT_TIMESTAMP;
  const at = stamp ? Date.parse(stamp) : NaN;
  if (Number.isFinite(at)) console.log(`Du commit à la mise en ligne : ${seconds(Date.now() - at)}`);
}

async function publish(target: string): Promise<void> {
  const started = performance.now();
  const keep = keepCount();
  const layout = targetLayout(target);
  ensureLayout(layout);
  const env = serviceEnv(layout);
  const dist = buildFolder();
  const built = performance.now();

  const commit = gitCommit();
  const id = releaseId(new Date(), commit);
  const release = path.join(layout.releases, id);
  if (existsSync(release)) throw new DeployError(`la version ${id} existe déjà : attendez une seconde avant de redéployer.`);
  const staging = `${release}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  copyTree(dist, path.join(staging, 'dist'));
  for (const item of SERVER_CODE) cpSync(path.join(PROJECT, item), path.join(staging, item), { recursive: true });
  // The content is checked again at start, its documents included: they live in public/ beside it.
  const content = path.resolve(options.contenu ?? path.join(PROJECT, 'content'));
  cpSync(content, path.join(staging, 'content'), { recursive: true });
  const documents = path.join(path.dirname(content), 'public');
  if (existsSync(documents)) cpSync(documents, path.join(staging, 'public'), { recursive: true });
  const key = sharedModules(layout);
  symlinkSync(path.join('..', '..', 'shared', 'modules', key, 'node_modules'), path.join(staging, 'node_modules'));
  const info: ReleaseInfo = { id, commit: commit === 'sans-git' ? null : commit, builtAt: new Date().toISOString() };
  writeFileSync(path.join(staging, 'release.json'), `${JSON.stringify(info, null, 2)}\n`);
  renameSync(staging, release);
  const copied = performance.now();

  try {
    await preflight(release, id, env);
  } catch (error) {
    rmSync(release, { recursive: true, force: true });
    throw error;
  }
  const checked = performance.now();

  const from = liveRelease(layout);
  await switchAndWait(layout, id, from, 'publication', env);
  const switched = performance.now();
  const removed = prune(layout, keep, modulesOf);

  console.log(
    `Version ${id} en service en ${seconds(switched - started)} : construction ${seconds(built - started)}, copie ${seconds(copied - built)}, ` +
      `contrôle de santé ${seconds(checked - copied)}, bascule ${seconds(switched - checked)}` +
      (removed.length ? ` ; ${removed.length} version(s) ancienne(s) supprimée(s)` : ''),
  );
  printSinceCommit();
}

async function rollback(target: string): Promise<void> {
  const started = performance.now();
  const layout = targetLayout(target);
  const live = liveRelease(layout);
  if (!live) throw new DeployError(`${layout.current} n’existe pas : rien n’a encore été déployé dans ${layout.root}.`);
  const before = previousRelease(listReleases(layout), live);
  if (!before) throw new DeployError(`aucune version antérieure à ${live} dans ${layout.releases} : retour impossible.`);
  await switchAndWait(layout, before, live, 'retour', serviceEnv(layout));
  console.log(`Retour à la version ${before} (au lieu de ${live}) en ${seconds(performance.now() - started)}`);
}

/** A merge request's preview: the static pages only, served by any web server from `current`. */
function preview(target: string): void {
  const started = performance.now();
  const layout = targetLayout(target);
  mkdirSync(layout.releases, { recursive: true });
  writeFileSync(path.join(layout.root, PREVIEW_MARK), `${JSON.stringify({ apercu: true, commit: gitCommit() })}\n`);
  const id = releaseId(new Date(), gitCommit());
  const release = path.join(layout.releases, id);
  copyTree(path.join(buildFolder(), 'client'), `${release}.tmp`);
  renameSync(`${release}.tmp`, release);
  const from = liveRelease(layout);
  switchCurrent(layout, id);
  logSwitch(layout, 'apercu', id, from);
  prune(layout, 2, modulesOf);
  console.log(`Aperçu ${id} en place dans ${layout.current} en ${seconds(performance.now() - started)}`);
  printSinceCommit();
}

function removePreview(target: string): void {
  const layout = targetLayout(target);
  if (!existsSync(layout.root)) return console.log(`${layout.root} n’existe pas : rien à retirer.`);
  if (!existsSync(path.join(layout.root, PREVIEW_MARK))) {
    throw new DeployError(`${layout.root} n’est pas un aperçu (${PREVIEW_MARK} manque) : il n’est pas supprimé.`);
  }
  rmSync(layout.root, { recursive: true, force: true });
  console.log(`Aperçu retiré : ${layout.root}`);
}

const ACTIONS: Record<string, (target: string) => Promise<void> | void> = {
  publier: publish,
  retour: rollback,
  rollback,
  apercu: preview,
  'retirer-apercu': removePreview,
};

const [first, second] = positionals;
const action = first && ACTIONS[first] ? first : 'publier';
const target = first && ACTIONS[first] ? second : first;
try {
  if (!target || positionals.length > (action === first ? 2 : 1)) {
    throw new DeployError('usage : npm run deploy -- [publier|retour|apercu|retirer-apercu] <dossier cible> [--build <dist>] [--garder 5]');
  }
  await ACTIONS[action]!(target);
} catch (error) {
  if (!(error instanceof DeployError)) throw error;
  console.error(`Déploiement impossible : ${error.message}`);
  process.exit(1);
}
