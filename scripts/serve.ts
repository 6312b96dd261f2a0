/** Serves the built site (dist/) on HOST:PORT, default localhost:4321. `npm start` builds first when needed. */
import path from 'node:path';
import { getContent } from '../src/lib/content/load.ts';
import { createSiteServer } from '../src/server/http/server.ts';
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
server.listen(port, host, () => console.log(`Registre IA : http://${host}:${port}/`));

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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => void closeRuntime().finally(() => process.exit(0))));
}
