/**
 * `npm run bench:consultations:pg:crash` — no contribution lost when one of two servers dies
 * (issue 18): two of our server processes on one PostgreSQL database (durable defaults), behind
 * the bench's round-robin proxy, under load (50 clients); one is killed with SIGKILL. Every
 * contribution answered 201 must be in the database under its receipt and key, and the other
 * server must have kept serving (its 201s after the kill are counted), or the command fails.
 */
import { receiptHash } from '../src/server/abuse/receipt.ts';
import { postgresAvailable, startPostgres } from '../tests/helpers/postgres.ts';
import { bodyOptions, fmt, HEADERS, INTAKE, printMachine, sleep } from './lib/consultation-bench.ts';
import { ensureBuild, prepareContributions, type PreparedContribution } from './lib/intake.ts';
import { addressHeaders, startGroup, storedReceipts } from './lib/pg-bench.ts';

const CLIENTS = Number(process.env.BENCH_CRASH_CLIENTS ?? 50);
const KILL_AFTER_MS = Number(process.env.BENCH_CRASH_AFTER_MS ?? 3000);
const AFTER_KILL_MS = Number(process.env.BENCH_CRASH_SURVIVOR_MS ?? 3000);
/** Contributions per second the pair is expected to take at most: sizes the bodies prepared. */
const RATE = Number(process.env.BENCH_CRASH_RATE ?? 1500);

interface Accepted {
  key: string;
  receipt: string;
  /** Which server answered (the proxy's `x-banc-serveur`). */
  server: number;
  /** Milliseconds since the start of the load. */
  at: number;
}

/** Clients sending contributions through the proxy, one after another each, until stopped or out of bodies. */
function sendThrough(origin: string, pool: PreparedContribution[]) {
  const start = performance.now();
  const accepted: Accepted[] = [];
  const other = new Map<string, number>();
  const count = (what: string) => other.set(what, (other.get(what) ?? 0) + 1);
  let next = 0;
  let stopped = false;
  const client = async () => {
    while (!stopped && next < pool.length) {
      const index = next++;
      const item = pool[index]!;
      try {
        const response = await fetch(`${origin}${INTAKE}`, {
          method: 'POST',
          headers: { ...HEADERS, ...addressHeaders(index) },
          body: item.body,
        });
        const text = await response.text();
        const server = Number(response.headers.get('x-banc-serveur'));
        if (response.status === 201)
          accepted.push({ key: item.key, receipt: (JSON.parse(text) as { recu: string }).recu, server, at: performance.now() - start });
        else count(`${response.status} (serveur ${server + 1})`);
      } catch {
        count('sans réponse');
      }
    }
  };
  const running = Promise.all(Array.from({ length: CLIENTS }, client));
  return {
    accepted,
    other,
    elapsed: () => performance.now() - start,
    exhausted: () => next >= pool.length,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

printMachine('banc des contributions sur PostgreSQL : arrêt brutal d’un serveur sur deux');
if (!postgresAvailable) {
  console.log('\nÉCHEC : PostgreSQL introuvable (initdb, pg_ctl) : installez le paquet Debian « postgresql », ou indiquez PG_BIN.');
  process.exit(1);
}
ensureBuild();
console.log(
  `Arrêt brutal : ${CLIENTS} clients envoient des contributions à deux serveurs sur une même base PostgreSQL, par le proxy à tour de rôle ; le serveur 1 est tué (SIGKILL) après ${fmt(KILL_AFTER_MS / 1000, 1)} s, la charge continue ${fmt(AFTER_KILL_MS / 1000, 1)} s`,
);
const cluster = await startPostgres({ durable: true });
let ok: boolean;
try {
  const url = await cluster.createDatabase('panne');
  const group = await startGroup(url, 2);
  const pool = await prepareContributions(Math.ceil((RATE * (KILL_AFTER_MS + AFTER_KILL_MS)) / 1000) + 500, bodyOptions);
  const sending = sendThrough(group.origin, pool);
  await sleep(KILL_AFTER_MS);
  const killedAt = sending.elapsed();
  await group.servers[0]!.kill();
  await sleep(AFTER_KILL_MS);
  await sending.stop();
  const exhausted = sending.exhausted();
  await group.stop();

  const stored = await storedReceipts(url);
  const { accepted } = sending;
  const lost = accepted.filter((a) => stored.get(receiptHash(a.receipt)!) !== a.key).length;
  const before = accepted.filter((a) => a.at <= killedAt);
  const after = accepted.filter((a) => a.at > killedAt);
  const survivorAfter = after.filter((a) => a.server === 1).length;
  const killedAfter = after.length - survivorAfter;
  const others = [...sending.other].map(([what, n]) => `${what} × ${fmt(n)}`).join(', ');
  ok = lost === 0 && survivorAfter > 0;
  console.log(
    `  avant l’arrêt : ${fmt(before.length)} réponses 201 (serveur 1 : ${fmt(before.filter((a) => a.server === 0).length)}, serveur 2 : ${fmt(before.filter((a) => a.server === 1).length)}), ${fmt((before.length * 1000) / killedAt)} contributions/s`,
  );
  console.log(
    `  après l’arrêt : le serveur 2 a répondu 201 à ${fmt(survivorAfter)} contributions en ${fmt(AFTER_KILL_MS / 1000, 1)} s (${fmt((survivorAfter * 1000) / AFTER_KILL_MS)}/s)${killedAfter ? ` ; ${killedAfter} réponse(s) 201 du serveur 1 lue(s) juste après le signal` : ''}`,
  );
  console.log(`  autres issues : ${others || 'aucune'}${exhausted ? ' — corps préparés épuisés avant la fin' : ''}`);
  console.log(
    `  contrôle : ${fmt(accepted.length - lost)} / ${fmt(accepted.length)} contributions répondues 201 retrouvées dans la base par leur reçu et leur clé, perdues : ${lost} ; ${fmt(stored.size)} lignes (les autres : enregistrées, réponse coupée par l’arrêt) — ${ok ? 'OK' : 'ÉCHEC'}`,
  );
} finally {
  await cluster.stop();
}
if (!ok) {
  console.log('\nÉCHEC : une contribution répondue 201 manque, ou le serveur restant n’a plus servi.');
  process.exitCode = 1;
}
