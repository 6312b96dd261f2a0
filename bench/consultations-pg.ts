/**
 * `npm run bench:consultations:pg` — contributions on PostgreSQL, on one server then on two (issue
 * 18), on the built site (dist/, built first when missing or stale), in one run on a throwaway
 * PostgreSQL cluster with its durable defaults (fsync, synchronous commit):
 *
 * (a) a bare `node:http` server doing the JSON parse and one `pg` INSERT (bench/lib/bare-intake-server.ts),
 * (b) our real server, one process on PostgreSQL,
 * (c) two of our server processes behind the bench's round-robin proxy (bench/lib/round-robin-proxy.ts),
 *     which balances connections (LEVEL=tcp): parsing each request again in a proxy would take
 *     from the same 2 cores the processor that the second server is meant to add.
 *
 * autocannon, 100 connections, each request a distinct valid contribution prepared beforehand
 * (signed form token, own idempotency key, solved proof of work), from one of 1,000 addresses.
 * Prints contributions per second, p50/p99 and the two ratios against their budgets; each
 * configuration gets a fresh database, whose rows are checked against the 201 answers, then dropped.
 * Speed figures are printed, never asserted; rows that do not match the 201 answers fail the command.
 */
import path from 'node:path';
import { cpus } from 'node:os';
import pg from 'pg';
import { PROJECT } from '../scripts/lib/project-copy.ts';
import { PG_BIN, postgresAvailable, startPostgres } from '../tests/helpers/postgres.ts';
import { bodyOptions, fmt, INTAKE, printMachine, WITH_PROOF } from './lib/consultation-bench.ts';
import { best, measure, printMeasure, rekeyed, type Measure, type Target } from './lib/intake-load.ts';
import { ensureBuild, prepareContributions, startServer, type PreparedContribution } from './lib/intake.ts';
import { ADDRESSES, addressHeaders, POSTGRES_PROCESSES, startGroup, storedKeysIn } from './lib/pg-bench.ts';

const RUN = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 100),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  headersFor: addressHeaders,
};
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BUDGET = { onePerBare: 0.5, twoPerOne: 1 };
const BARE = path.join(PROJECT, 'bench', 'lib', 'bare-intake-server.ts');

type Kind = 'bare' | 'one' | 'two';
const NAMES: Record<Kind, string> = {
  bare: 'serveur node:http nu (JSON.parse + un INSERT pg)',
  one: 'Registre IA, 1 processus sur PostgreSQL',
  two: 'Registre IA, 2 processus derrière le proxy à tour de rôle (par connexion)',
};

/**
 * Each measure starts from the same PostgreSQL: the last one's database dropped (autovacuum has
 * nothing left to clean in it) and its writes flushed, rather than during the next measure.
 */
async function settle(clusterUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE ${database} WITH (FORCE)`);
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

printMachine('banc des contributions sur PostgreSQL : un serveur, puis deux');
console.log(
  `  ici, sur ${cpus().length} cœurs : le générateur de charge, PostgreSQL, le proxy et les serveurs mesurés se partagent les mêmes cœurs ; deux processus ne peuvent gagner que ce que les cœurs laissent libre`,
);
if (!postgresAvailable) {
  console.log('\nÉCHEC : PostgreSQL introuvable (initdb, pg_ctl) : installez le paquet Debian « postgresql », ou indiquez PG_BIN.');
  process.exit(1);
}
ensureBuild();
const cluster = await startPostgres({ durable: true });
let ok = true;
try {
  console.log('');
  console.log(
    `Débit et latence : autocannon, ${RUN.connections} connexions, ${RUN.warmupSeconds} s de préchauffage puis ${RUN.seconds} s mesurées, POST ${INTAKE}, ${ROUNDS} tour(s), une base neuve par mesure, supprimée ensuite, et un CHECKPOINT avant la mesure suivante`,
  );
  console.log(
    `  PostgreSQL (${PG_BIN}) jetable, réglages par défaut (fsync, synchronous_commit) ; contributions ${WITH_PROOF ? 'avec preuve de travail résolue' : 'sans preuve de travail'}, venant de ${fmt(ADDRESSES)} adresses (X-Forwarded-For, proxy de confiance : la boucle locale)`,
  );
  const sample = await prepareContributions(2000, bodyOptions);
  let databases = 0;
  const run = async (kind: Kind): Promise<Measure> => {
    const name = `banc_${kind}_${databases++}`;
    const url = await cluster.createDatabase(name);
    let target: Target;
    let prepare: (count: number) => Promise<PreparedContribution[]>;
    if (kind === 'bare') {
      const bare = await startServer(BARE, { DATABASE_URL: url });
      target = {
        origin: bare.origin,
        stop: bare.stop,
        storedKeys: () => storedKeysIn(url),
        processGroups: [{ label: 'serveur nu', pids: [bare.pid] }, POSTGRES_PROCESSES],
      };
      prepare = async (count) => rekeyed(sample, count, `nu${databases}x${count}x`);
    } else {
      const group = await startGroup(url, kind === 'one' ? 1 : 2, 'tcp');
      target = { origin: group.origin, stop: group.stop, storedKeys: () => storedKeysIn(url), processGroups: group.processGroups };
      prepare = (count) => prepareContributions(count, bodyOptions);
    }
    const result = await measure(NAMES[kind], target, prepare, RUN);
    await settle(cluster.url, name);
    return result;
  };
  const rounds: Record<Kind, Measure>[] = [];
  const orders: Kind[][] = [
    ['bare', 'one', 'two'],
    ['two', 'one', 'bare'],
  ];
  for (let round = 1; round <= ROUNDS; round++) {
    // The order turns from one round to the next, so that no configuration always runs on a warmer (or busier) machine.
    const measures = {} as Record<Kind, Measure>;
    for (const kind of orders[(round - 1) % orders.length]!) measures[kind] = await run(kind);
    console.log(`  tour ${round}`);
    for (const kind of orders[(round - 1) % orders.length]!) ok = printMeasure(measures[kind]) && ok;
    console.log(
      `    ratios : 1 processus / nu ${(measures.one.perSecond / measures.bare.perSecond).toFixed(2)}, 2 processus / 1 ${(measures.two.perSecond / measures.one.perSecond).toFixed(2)}`,
    );
    rounds.push(measures);
  }
  const top = (kind: Kind) => best(rounds.map((r) => r[kind]));
  const [bare, one, two] = [top('bare'), top('one'), top('two')];
  console.log('');
  console.log('Meilleur tour de chaque configuration :');
  for (const m of [bare, one, two]) {
    console.log(`  ${m.name} : ${fmt(m.perSecond)} contributions/s, p50 ${m.result.latency.p50} ms, p99 ${m.result.latency.p99} ms`);
  }
  const onePerBare = one.perSecond / bare.perSecond;
  const twoPerOne = two.perSecond / one.perSecond;
  const held = (yes: boolean) => (yes ? 'tenu' : 'non tenu');
  console.log(
    `  1 processus / serveur nu : ${onePerBare.toFixed(2)} (budget ≥ ${BUDGET.onePerBare}) — ${held(onePerBare >= BUDGET.onePerBare)}`,
  );
  console.log(
    `  2 processus / 1 processus : ${twoPerOne.toFixed(2)} (budget > ${BUDGET.twoPerOne}) — ${held(twoPerOne > BUDGET.twoPerOne)}`,
  );
} finally {
  await cluster.stop();
}
if (!ok) {
  console.log('\nÉCHEC : les lignes en base ne correspondent pas aux réponses 201.');
  process.exitCode = 1;
}
