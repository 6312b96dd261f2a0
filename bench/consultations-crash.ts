/**
 * `npm run bench:consultations:crash` — no contribution lost (DESIGN §6): the real server, on
 * the built site, under load (50 clients), killed with SIGKILL and restarted on the same data
 * folder, three times; every contribution answered 201 must be found by its receipt code and the
 * SQLite file must pass its integrity check, or the command fails.
 */
import { receiptHash } from '../src/server/abuse/receipt.ts';
import { openStore } from '../src/server/store/index.ts';
import { openSqliteDatabase } from '../src/server/store/sqlite.ts';
import { bodyOptions, fmt, HEADERS, INTAKE, printMachine, sleep, startOurs } from './lib/consultation-bench.ts';
import { ensureBuild, newDataDir, prepareContributions, type PreparedContribution } from './lib/intake.ts';

const CRASH_CLIENTS = Number(process.env.BENCH_CRASH_CLIENTS ?? 50);
const CRASH_ROUNDS = Number(process.env.BENCH_CRASH_ROUNDS ?? 3);
const CRASH_AFTER_MS = Number(process.env.BENCH_CRASH_AFTER_MS ?? 3000);
/** Contributions per second the server is expected to take: sizes the bodies prepared per round. */
const CRASH_RATE = Number(process.env.BENCH_CRASH_RATE ?? 2000);

interface Accepted {
  key: string;
  receipt: string;
}

/**
 * Sends contributions from `clients` concurrent loops until the server stops answering; every
 * 201 is recorded with its receipt code. Returns the counts of the other outcomes.
 */
function sendUntilKilled(origin: string, pool: PreparedContribution[], accepted: Accepted[]) {
  let next = 0;
  let stopped = false;
  const other = new Map<string, number>();
  const count = (what: string) => other.set(what, (other.get(what) ?? 0) + 1);
  const client = async () => {
    while (!stopped && next < pool.length) {
      const item = pool[next++]!;
      try {
        const response = await fetch(`${origin}${INTAKE}`, { method: 'POST', headers: HEADERS, body: item.body });
        const text = await response.text();
        if (response.status === 201) accepted.push({ key: item.key, receipt: (JSON.parse(text) as { recu: string }).recu });
        else count(String(response.status));
      } catch {
        // The server is gone: this request has no answer, and this client stops.
        count('sans réponse');
        return;
      }
    }
  };
  const running = Promise.all(Array.from({ length: CRASH_CLIENTS }, client));
  return {
    other,
    sent: () => next,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

async function crashTest(perSecond: number): Promise<boolean> {
  console.log(
    `Arrêt brutal : ${CRASH_CLIENTS} clients envoient des contributions, le serveur est tué (SIGKILL) en pleine charge puis relancé sur le même dossier de données, ${CRASH_ROUNDS} fois`,
  );
  const dataDir = newDataDir('panne');
  let server = await startOurs(dataDir);
  const accepted: Accepted[] = [];
  let ok = true;
  for (let round = 1; round <= CRASH_ROUNDS; round++) {
    // The moment of the kill moves from one round to the next.
    const killAfter = CRASH_AFTER_MS + (round - 1) * 737;
    const pool = await prepareContributions(Math.ceil((Math.max(perSecond, 200) * killAfter) / 1000) * 3 + 500, bodyOptions);
    const before = accepted.length;
    const sending = sendUntilKilled(server.origin, pool, accepted);
    await sleep(killAfter);
    await server.kill();
    const answeredBeforeKill = accepted.length - before;
    await sending.stop();
    const late = accepted.length - before - answeredBeforeKill;

    const restart = await startOurs(dataDir);
    // The store is opened on the first contribution: that one also waits for SQLite's recovery.
    const [first] = await prepareContributions(1, bodyOptions);
    const firstStart = performance.now();
    const response = await fetch(`${restart.origin}${INTAKE}`, { method: 'POST', headers: HEADERS, body: first!.body });
    const firstMs = performance.now() - firstStart;
    if (response.status === 201) accepted.push({ key: first!.key, receipt: ((await response.json()) as { recu: string }).recu });
    else console.log(`    première contribution après relance : ${response.status} ${await response.text()}`);

    const store = await openStore({ dataDir });
    let found = 0;
    let wrong = 0;
    try {
      for (const { key, receipt } of accepted) {
        const stored = await store.getByReceiptHash(receiptHash(receipt)!);
        if (stored) found++;
        if (stored && stored.idempotencyKey !== key) wrong++;
      }
    } finally {
      await store.close();
    }
    const db = openSqliteDatabase(dataDir);
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const rows = (db.prepare('SELECT count(*) AS n FROM contributions').get() as { n: number }).n;
    db.close();
    const lost = accepted.length - found;
    const roundOk = lost === 0 && wrong === 0 && integrity === 'ok' && response.status === 201;
    ok &&= roundOk;
    const others = [...sending.other].map(([what, n]) => `${what} × ${n}`).join(', ');
    console.log(`  tour ${round} : tué (pid ${server.pid}) après ${fmt(killAfter / 1000, 1)} s de charge`);
    console.log(
      `    réponses 201 avant l’arrêt : ${fmt(answeredBeforeKill)}${late ? ` (+ ${late} lue(s) juste après le signal)` : ''} ; autres issues : ${others || 'aucune'}`,
    );
    console.log(
      `    relance : ${fmt(restart.startMs)} ms jusqu’à la première page, puis ${fmt(firstMs)} ms pour la première contribution (chargement de la route et du contenu, ouverture de la base et reprise du journal WAL)`,
    );
    console.log(
      `    contrôle : ${fmt(found)} / ${fmt(accepted.length)} contributions répondues 201 depuis le début retrouvées par leur reçu, perdues : ${lost}${wrong ? `, ${wrong} sous une autre clé` : ''} ; ${fmt(rows)} lignes (les autres : requêtes enregistrées dont la réponse a été coupée) ; integrity_check : ${integrity} — ${roundOk ? 'OK' : 'ÉCHEC'}`,
    );
    server = restart;
  }
  await server.stop();
  return ok;
}

printMachine('banc des contributions : arrêt brutal');
ensureBuild();
if (!(await crashTest(CRASH_RATE))) {
  console.log('\nÉCHEC : une contribution répondue 201 manque, ou la base est abîmée.');
  process.exitCode = 1;
}
