/** Serves the built site (dist/) on HOST:PORT, default localhost:4321. `npm start` builds first when needed. */
import path from 'node:path';
import { getContent } from '../src/lib/content/load.ts';
import { checkHealth, currentRelease } from '../src/server/http/health.ts';
import { drainServer, DRAIN_LIMIT_MS } from '../src/server/http/drain.ts';
import { createSiteServer } from '../src/server/http/server.ts';
import { WORKER_READY, WORKER_STOP } from '../src/server/supervision.ts';
import { applyRetention } from '../src/server/retention.ts';
import { closeRuntime, getRuntime } from '../src/server/runtime.ts';

const host = process.env.HOST ?? 'localhost';
const port = Number(process.env.PORT ?? 4321);

/**
 * The settings, the secret and the store are opened before listening: a server that could not
 * check a form nor keep a contribution says so now, in French, and does not start.
 */
try {
  await getRuntime();
} catch (error) {
  console.error(`Le serveur ne peut pas démarrer : ${(error as Error).message}`);
  console.error(
    'Vérifiez que le dossier de données (DATA_DIR) existe et est accessible en écriture, ou que la base (DATABASE_URL) répond, puis relancez.',
  );
  process.exit(1);
}
const server = await createSiteServer(path.resolve(process.env.DIST_DIR ?? 'dist'));
const release = currentRelease();
server.listen(port, host, () => {
  console.log(`Registre IA : http://${host}:${port}/ (version ${release.id}, processus ${process.pid})`);
  void reportReady();
});

/**
 * Under the supervisor (`scripts/supervise.ts`), this process is a worker that shares the
 * supervisor's listening socket: it says it is ready only once its own health check passes, and
 * the supervisor retires the previous release's workers only then.
 */
async function reportReady(): Promise<void> {
  if (!process.send) return;
  const health = await checkHealth(release);
  if (health.status !== 200) {
    console.error(`Version ${release.id} : le contrôle de santé échoue (${JSON.stringify(health.report)}), arrêt.`);
    process.exit(1);
  }
  process.send({ type: WORKER_READY, version: release.id });
}

/**
 * The retention delay of content/site.yaml applies even if nobody schedules the purge command:
 * the server runs it a minute after starting, then every six hours.
 */
async function purgeExpired(): Promise<void> {
  try {
    const { store } = await getRuntime();
    const report = await applyRetention({
      store,
      purgeDays: getContent().site.consultations.purge_days,
      consultations: [],
      actor: 'purge automatique',
    });
    if (!report.dryRun && report.contributions > 0)
      console.log(`Purge automatique : ${report.contributions} contribution(s) effacée(s) ou supprimée(s).`);
  } catch (error) {
    console.error(`Purge automatique impossible : ${(error as Error).message}`);
  }
}
setTimeout(purgeExpired, 60_000).unref();
setInterval(purgeExpired, 6 * 60 * 60 * 1000).unref();

let draining = false;
/** Stops taking connections, lets the requests under way finish, then closes the store and exits. */
function drain(): void {
  if (draining) return;
  draining = true;
  void drainServer(server, DRAIN_LIMIT_MS).then(() => closeRuntime().finally(() => process.exit(0)));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, drain);
process.on('message', (message: { type?: string } | null) => {
  if (message?.type === WORKER_STOP) drain();
});
