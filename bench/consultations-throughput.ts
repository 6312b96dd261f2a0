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
import { loadavg } from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { PROJECT } from '../scripts/lib/project-copy.ts';
import { openSqliteDatabase } from '../src/server/store/sqlite.ts';
import {
  bodyOptions,
  consultation,
  content,
  fmt,
  HEADERS,
  INTAKE,
  printMachine,
  PROOF_MAX_NUMBER,
  startOurs,
  WITH_PROOF,
} from './lib/consultation-bench.ts';
import { intakeSteps, type Step } from './lib/intake-steps.ts';
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
/** Bodies prepared for the warm-up: if the server takes more, the first ones are sent again. */
const WARMUP_BODIES = 4000;
const BARE = path.join(PROJECT, 'bench', 'lib', 'bare-intake-server.ts');

interface LoadResult {
  result: Result;
  /** Status of each answered request, by idempotency key. */
  answers: Map<string, number>;
  created: number;
  /** Prepared bodies were all sent before the end: some were sent twice (answered 200). */
  exhausted: boolean;
}

/** One autocannon run; each request takes the next prepared contribution. */
function load(origin: string, pool: PreparedContribution[], duration: number): Promise<LoadResult> {
  let next = 0;
  let created = 0;
  const answers = new Map<string, number>();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: origin,
        connections: CONNECTIONS,
        ...(RATE && { overallRate: RATE }),
        pipelining: 1,
        timeout: 10,
        duration,
        requests: [
          {
            method: 'POST',
            path: INTAKE,
            headers: HEADERS,
            setupRequest: (request, context) => {
              const item = pool[next++ % pool.length]!;
              context.key = item.key;
              return { ...request, body: item.body };
            },
            onResponse: (status, _body, context) => {
              // A body sent twice (prepared ones exhausted) keeps its first 201.
              if (answers.get(String(context.key)) !== 201) answers.set(String(context.key), status);
              if (status === 201) created++;
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, answers, created, exhausted: next > pool.length })),
    );
  });
}

/** The same bodies for the bare server, each with a fresh key of the same length (its table is unique on it). */
function rekeyed(pool: PreparedContribution[], count: number, prefix: string): PreparedContribution[] {
  return Array.from({ length: count }, (_, i) => {
    const item = pool[i % pool.length]!;
    const key = `${prefix}${i.toString(36).padStart(item.key.length - prefix.length, '0')}`;
    return { key, body: item.body.replace(`"${item.key}"`, `"${key}"`) };
  });
}

interface Measure {
  name: string;
  perSecond: number;
  result: Result;
  created: number;
  exhausted: boolean;
  /** One-minute load average of the machine before and after the measured run. */
  load: [number, number];
  rows: { stored: number; created: number; missing: number; inFlight: number; unexplained: number; mayBeInFlight: number };
}

/** Warm-up, measured run, then the rows of the data folder against the 201 answers. */
async function measure(name: string, server: ServerProcess, prepare: (count: number) => Promise<PreparedContribution[]>): Promise<Measure> {
  const warm = await load(server.origin, await prepare(WARMUP_BODIES), WARMUP_SECONDS);
  // Every answer counts here, those to bodies sent twice included: it is the pace of the server.
  const warmRate = warm.result.requests.total / warm.result.duration;
  // Enough distinct bodies for the measured run at twice the warm-up's pace.
  const pool = await prepare(Math.min(400_000, Math.ceil(warmRate * SECONDS * 2) + 1000));
  const loadBefore = loadavg()[0]!;
  const run = await load(server.origin, pool, SECONDS);
  const loadAfter = loadavg()[0]!;
  await server.stop();
  const stored = storedKeys(server.dataDir);
  const answered = new Map([...warm.answers, ...run.answers]);
  const createdKeys = [...answered].filter(([, status]) => status === 201).map(([key]) => key);
  const missing = createdKeys.filter((key) => !stored.has(key)).length;
  // Rows without a 201: requests cut by autocannon at the end of the run, answered after it closed the connections.
  const extra = [...stored].filter((key) => answered.get(key) !== 201);
  const unexplained = extra.filter((key) => answered.has(key)).length;
  return {
    name,
    perSecond: run.created / run.result.duration,
    result: run.result,
    created: run.created,
    exhausted: run.exhausted,
    load: [loadBefore, loadAfter],
    rows: {
      stored: stored.size,
      created: createdKeys.length,
      missing,
      inFlight: extra.length - unexplained,
      unexplained,
      // At most one per connection at the end of each of the two runs, plus the requests given up (timeouts, errors).
      mayBeInFlight: 2 * CONNECTIONS + warm.result.errors + run.result.errors,
    },
  };
}

function printMeasure(m: Measure): boolean {
  const r = m.result;
  const codes = Object.entries(r.statusCodeStats)
    .filter(([code]) => code !== '201')
    .map(([code, { count }]) => `${code} × ${fmt(count)}`);
  console.log(`    ${m.name} (charge de la machine ${fmt(m.load[0], 1)} → ${fmt(m.load[1], 1)})`);
  console.log(`      ${fmt(m.perSecond)} contributions par seconde (${fmt(m.created)} réponses 201 en ${fmt(r.duration, 1)} s)`);
  console.log(`      latence : p50 ${r.latency.p50} ms, p97,5 ${r.latency.p97_5} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`);
  console.log(
    `      hors 201 : non-2xx ${fmt(r.non2xx)}${codes.length ? ` (${codes.join(', ')})` : ''}, erreurs ${fmt(r.errors)}, délais dépassés ${fmt(r.timeouts)}${m.exhausted ? ' — corps préparés épuisés, certains envoyés deux fois' : ''}`,
  );
  const ok = m.rows.missing === 0 && m.rows.unexplained === 0 && m.rows.inFlight <= m.rows.mayBeInFlight;
  console.log(
    `      base : ${fmt(m.rows.stored)} lignes = ${fmt(m.rows.created)} réponses 201 (préchauffage compris) − ${m.rows.missing} manquante(s) + ${m.rows.inFlight} requête(s) restée(s) sans réponse (en vol quand autocannon a coupé ses connexions, ou abandonnée(s) après 10 s)${m.rows.unexplained ? ` + ${m.rows.unexplained} ligne(s) inexpliquée(s)` : ''} : ${ok ? 'OK' : 'ÉCART'}`,
  );
  return ok;
}

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
  const best = (list: Measure[]) => list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
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
