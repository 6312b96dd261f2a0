/**
 * The supervisor of a deployed site (`scripts/supervise.ts`, started by systemd or a container).
 * It runs the workers of the live release, `<root>/current`, a symbolic link the deploy command
 * switches, and holds their listening socket: Node's cluster module, with the socket shared
 * rather than passed on, so that the kernel hands each connection to whichever worker accepts.
 *
 * When the link changes, or on SIGHUP, it starts the new release's workers on that same socket,
 * waits until each says its health check passed, and only then asks the old ones to finish their
 * requests and stop: no connection is refused and no request is cut during a deploy. A release
 * whose workers do not become ready is left aside and the old one keeps serving; a worker that
 * dies is replaced.
 */
import cluster, { type Worker } from 'node:cluster';
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** Worker → supervisor: listening, and its health check passed. */
export const WORKER_READY = 'registre-ia:pret';
/** Supervisor → worker: finish the requests under way, then exit. */
export const WORKER_STOP = 'registre-ia:arret';

export interface SupervisorOptions {
  /** The deploy target: holds `current` and `shared/data`. */
  root: string;
  /** Worker processes per release. */
  workers: number;
  /** How often the `current` link is read. */
  pollMs: number;
  /** How long a new worker has to become ready. */
  readyTimeoutMs: number;
  /** How long an old worker has to finish its requests after being asked to stop. */
  stopTimeoutMs: number;
}

interface Generation {
  release: string;
  workers: Set<Worker>;
}

const log = (message: string) => console.log(`[superviseur] ${message}`);
const releaseName = (release: string) => path.basename(release);

export function runSupervisor(options: SupervisorOptions): void {
  const link = path.join(options.root, 'current');
  const workerEnv = {
    DATA_DIR: process.env.DATA_DIR ?? path.join(options.root, 'shared', 'data'),
  };
  let live: Generation | undefined;
  /** A release whose workers failed to start: not retried until the link moves or SIGHUP. */
  let refused: string | undefined;
  let switching = false;
  let stopping = false;
  let restartDelayMs = 1_000;

  // The socket is created once and shared with every worker, never closed while one listens.
  cluster.schedulingPolicy = cluster.SCHED_NONE;

  function readLink(): string | undefined {
    try {
      return realpathSync(link);
    } catch {
      return undefined;
    }
  }

  function fork(release: string): Worker {
    cluster.setupPrimary({ exec: path.join(release, 'scripts', 'serve.ts'), cwd: release });
    return cluster.fork({ ...workerEnv, DIST_DIR: path.join(release, 'dist') });
  }

  /** Resolves once the worker reports ready; rejects if it exits or stays silent too long. */
  function ready(worker: Worker): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        worker.process.kill('SIGKILL');
        reject(new Error(`pas prêt en ${options.readyTimeoutMs / 1000} s`));
      }, options.readyTimeoutMs);
      const onMessage = (message: { type?: string } | null) => {
        if (message?.type !== WORKER_READY) return;
        cleanup();
        resolve();
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanup();
        reject(new Error(`arrêté avant d’être prêt (${signal ?? `code ${code}`})`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
    });
  }

  function retire(generation: Generation): Promise<void[]> {
    return Promise.all(
      [...generation.workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), options.stopTimeoutMs);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.send({ type: WORKER_STOP });
          }),
      ),
    );
  }

  /** A live worker that dies is replaced from the same release, after a growing delay. */
  function watchLiveWorker(generation: Generation, worker: Worker): void {
    worker.once('exit', (code, signal) => {
      generation.workers.delete(worker);
      if (stopping || live !== generation) return;
      log(
        `un processus de la version ${releaseName(generation.release)} s’est arrêté (${signal ?? `code ${code}`}) : relance dans ${restartDelayMs / 1000} s`,
      );
      setTimeout(() => {
        if (stopping || live !== generation) return;
        const replacement = fork(generation.release);
        generation.workers.add(replacement);
        watchLiveWorker(generation, replacement);
        ready(replacement).then(
          () => (restartDelayMs = 1_000),
          (error: Error) => log(`relance impossible : ${error.message}`),
        );
      }, restartDelayMs);
      restartDelayMs = Math.min(restartDelayMs * 2, 30_000);
    });
  }

  async function switchTo(release: string): Promise<void> {
    switching = true;
    const started = performance.now();
    const next: Generation = { release, workers: new Set() };
    try {
      const workers = Array.from({ length: options.workers }, () => fork(release));
      workers.forEach((worker) => next.workers.add(worker));
      await Promise.all(workers.map(ready));
    } catch (error) {
      refused = release;
      await retire(next);
      log(
        `la version ${releaseName(release)} n’a pas démarré (${(error as Error).message}) : ${live ? `la version ${releaseName(live.release)} reste en service` : 'aucune version en service'}`,
      );
      switching = false;
      return;
    }
    const previous = live;
    live = next;
    refused = undefined;
    for (const worker of next.workers) watchLiveWorker(next, worker);
    log(
      `version ${releaseName(release)} en service (prête en ${Math.round(performance.now() - started)} ms, ${options.workers} processus)` +
        (previous ? ` ; la version ${releaseName(previous.release)} termine ses requêtes en cours` : ''),
    );
    switching = false;
    if (previous) {
      await retire(previous);
      log(`version ${releaseName(previous.release)} arrêtée`);
    }
  }

  /** A SIGHUP received during a switch is carried out after it. */
  let reloadAfterSwitch = false;
  function check(force = false): void {
    if (stopping) return;
    if (switching) {
      reloadAfterSwitch ||= force;
      return;
    }
    const target = readLink();
    if (!target) return;
    if (!force && (target === live?.release || target === refused)) return;
    void switchTo(target).then(() => {
      if (!reloadAfterSwitch) return;
      reloadAfterSwitch = false;
      check(true);
    });
  }

  if (!readLink()) {
    console.error(`Aucune version à servir : ${link} n’existe pas. Déployez d’abord (npm run deploy -- ${options.root}).`);
    process.exit(1);
  }
  check();
  setInterval(check, options.pollMs);
  process.on('SIGHUP', () => {
    log('SIGHUP : rechargement de la version en place');
    refused = undefined;
    check(true);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log('arrêt : les processus terminent leurs requêtes en cours');
      const all = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
      void retire({ release: '', workers: new Set(all) }).then(() => process.exit(0));
    });
  }
}
