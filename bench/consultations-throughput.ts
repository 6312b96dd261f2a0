/**
 * `npm run bench:consultations:throughput` — contribution budget (DESIGN §6), on the built site
 * (dist/, built first when missing or stale).
 *
 * 1. Throughput and latency: autocannon, 100 connections, a fixed duration after a warm-up,
 *    against the JSON intake of the real server (`scripts/serve.ts`), each request a distinct
 *    valid contribution prepared beforehand (signed form token, own idempotency key, solved
 *    proof of work); then, same run, same machine, the same bodies against a bare `node:http`
 *    server doing the JSON parse and one SQLite insert (bench/lib/bare-intake-server.ts). Prints
 *    contributions per second, p50/p97.5/p99, refusals, the ratio against the budget (≥ 0.5× the
 *    bare server, p99 ≤ 50 ms), and checks that the rows stored match the 201 answers.
 * 2. Where the time of one contribution goes: each step of the intake alone.
 *
 * Speed figures are printed, never asserted (the machine's load varies); rows that do not match
 * the 201 answers make the command fail.
 */
import path from 'node:path';
import { PROJECT } from '../scripts/lib/project-copy.ts';
import { openSqliteDatabase } from '../src/server/store/sqlite.ts';
import {
  bodyOptions,
  consultation,
  content,
  fmt,
  INTAKE,
  printMachine,
  PROOF_MAX_NUMBER,
  startOurs,
  WITH_PROOF,
} from './lib/consultation-bench.ts';
import { intakeSteps, type Step } from './lib/intake-steps.ts';
import { best, measure as measureRuns, printMeasure, rekeyed, type Measure } from './lib/intake-load.ts';
import {
  ensureBuild,
  newDataDir,
  prepareContributions,
  startServer,
  storedKeys,
  type PreparedContribution,
  type ServerProcess,
} from './lib/intake.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
/**
 * `BENCH_RATE=<n>`: the connections together send n requests per second at most (open loop),
 * so latency tells the service time rather than the queue that 100 waiting connections make.
 */
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const BUDGET = { ratio: 0.5, p99: 50 };
const RUN = { connections: CONNECTIONS, rate: RATE, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };
const BARE = path.join(PROJECT, 'bench', 'lib', 'bare-intake-server.ts');

/** Warm-up, measured run, then the rows of the data folder against the 201 answers. */
const measure = (name: string, server: ServerProcess, prepare: (count: number) => Promise<PreparedContribution[]>): Promise<Measure> =>
  measureRuns(
    name,
    {
      origin: server.origin,
      stop: server.stop,
      storedKeys: () => storedKeys(server.dataDir),
      processGroups: [{ label: 'serveur', pids: [server.pid] }],
    },
    prepare,
    RUN,
  );

/** Commits of one small row, synchronous=FULL, in this process: what the disk allows at best. */
function diskCommits(count = 1000): { p50: number; p99: number; perSecond: number } {
  const db = openSqliteDatabase(newDataDir('disque'));
  db.exec('CREATE TABLE t (x TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  const times: number[] = [];
  const row = 'x'.repeat(1000);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    insert.run(row);
    times.push(performance.now() - t);
  }
  const total = performance.now() - start;
  db.close();
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(count * 0.5)]!, p99: times[Math.floor(count * 0.99)]!, perSecond: (count * 1000) / total };
}

async function throughput(): Promise<{ ok: boolean; perSecond: number }> {
  console.log('');
  console.log(
    `1. Débit et latence : autocannon, ${CONNECTIONS} connexions${RATE ? ` envoyant ensemble ${RATE} requêtes par seconde au plus` : ''}, ${WARMUP_SECONDS} s de préchauffage puis ${SECONDS} s mesurées, POST ${INTAKE}, ${ROUNDS} tour(s)`,
  );
  console.log(
    WITH_PROOF
      ? `   chemin réel d’un navigateur avec JavaScript : jeton signé, clé d’idempotence et preuve de travail résolue (difficulté ${PROOF_MAX_NUMBER} ; la vérifier coûte autant à toute difficulté) pour chaque contribution`
      : '   sans preuve de travail (chemin d’un navigateur sans JavaScript, limite quotidienne relevée)',
  );
  const disk = diskCommits();
  console.log(
    `   disque : un commit SQLite (WAL, synchronous=FULL) prend ${fmt(disk.p50, 2)} ms en médiane, ${fmt(disk.p99, 2)} ms au 99e centile (${fmt(disk.perSecond)} commits par seconde à la suite)`,
  );
  // The bare server gets our bodies with fresh keys: same JSON to parse, same row to insert.
  const sample = await prepareContributions(2000, bodyOptions);
  let prefix = 0;
  const runBare = async () =>
    measure('serveur node:http nu (JSON.parse + un INSERT)', await startServer(BARE, { DATA_DIR: newDataDir('nu') }), async (count) =>
      rekeyed(sample, count, `nu${prefix++}x`),
    );
  const runOurs = async () =>
    measure(
      'Registre IA (serveur réel : Astro, jeton, preuve, limite, validation, INSERT)',
      await startOurs(newDataDir('registre')),
      (count) => prepareContributions(count, bodyOptions),
    );
  let ok = true;
  const pairs: { bare: Measure; ours: Measure }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order so that neither server always runs on a warmer (or busier) machine.
    const pair = round % 2 ? { bare: await runBare(), ours: await runOurs() } : { ours: await runOurs(), bare: await runBare() };
    console.log(`  tour ${round}`);
    for (const m of round % 2 ? [pair.bare, pair.ours] : [pair.ours, pair.bare]) ok = printMeasure(m) && ok;
    console.log(`    ratio ${(pair.ours.perSecond / pair.bare.perSecond).toFixed(2)}`);
    pairs.push(pair);
  }
  const bare = best(pairs.map((p) => p.bare));
  const ours = best(pairs.map((p) => p.ours));
  const ratio = ours.perSecond / bare.perSecond;
  const p99 = ours.result.latency.p99;
  console.log(
    `  meilleur tour : Registre IA ${fmt(ours.perSecond)} contributions/s (p50 ${ours.result.latency.p50} ms, p99 ${p99} ms), serveur nu ${fmt(bare.perSecond)}/s (p50 ${bare.result.latency.p50} ms, p99 ${bare.result.latency.p99} ms)`,
  );
  console.log(
    `  ratio ${ratio.toFixed(2)} (budget ≥ ${BUDGET.ratio.toFixed(2)}) ${ratio >= BUDGET.ratio ? 'RESPECTÉ' : 'DÉPASSÉ'} ; p99 ${p99} ms (budget ≤ ${BUDGET.p99} ms) ${p99 <= BUDGET.p99 ? 'RESPECTÉ' : 'DÉPASSÉ'}`,
  );
  // Each connection sends its next request when the previous one is answered: latency = connections / rate.
  console.log(
    `  à ${CONNECTIONS} connexions qui attendent chacune sa réponse, la latence moyenne vaut ${CONNECTIONS} ÷ débit : un p99 ≤ ${BUDGET.p99} ms demande plus de ${fmt((CONNECTIONS * 1000) / BUDGET.p99)} contributions/s (serveur nu : p99 ${bare.result.latency.p99} ms)`,
  );
  return { ok, perSecond: ours.perSecond };
}

async function whereTimeGoes(): Promise<void> {
  console.log('');
  console.log(
    '2. Où passe le temps d’une contribution : chaque étape de submitContribution seule, dans ce processus, un appel après l’autre (µs par appel)',
  );
  const steps = await intakeSteps({
    consultation,
    site: content.site,
    secret: bodyOptions.secret,
    contributions: await prepareContributions(500, bodyOptions),
  });
  const width = Math.max(...steps.map((s) => s.name.length));
  for (const step of steps) {
    const kept = step.kept === undefined ? '' : ` ; ${fmt(step.kept)} µs si ${step.keptHow}`;
    console.log(`  ${step.name.padEnd(width)} ${fmt(step.now).padStart(7)} µs${step.commit ? ' (commit durable : disque)' : ''}${kept}`);
  }
  const sum = (list: Step[], kept: boolean) => list.reduce((total, s) => total + (kept ? (s.kept ?? s.now) : s.now), 0);
  const cpu = steps.filter((s) => !s.commit);
  const commits = steps.filter((s) => s.commit);
  console.log(
    `  hors disque : ${fmt(sum(cpu, false))} µs par contribution, ${fmt(sum(cpu, true))} µs en gardant ce qui ne change pas ; sur disque : ${commits.length} commit(s) durable(s) (${fmt(sum(commits, false))} µs) contre 1 pour le serveur nu`,
  );
}

printMachine('banc des contributions : débit et latence');
ensureBuild();
const rates = await throughput();
await whereTimeGoes();
if (!rates.ok) {
  console.log('\nÉCHEC : les lignes en base ne correspondent pas aux réponses 201.');
  process.exitCode = 1;
}
