/**
 * The measured runs of the consultation benches: autocannon sending prepared contributions to an
 * intake, a warm-up then a measured run, and the rows stored afterwards checked against the 201
 * answers. Shared by the SQLite bench (consultations-throughput.ts) and the PostgreSQL one
 * (consultations-pg.ts); where the rows are read from is the caller's.
 */
import { cpus, loadavg } from 'node:os';
import autocannon, { type Result } from 'autocannon';
import { fmt, HEADERS, INTAKE } from './consultation-bench.ts';
import type { PreparedContribution } from './intake.ts';
import { cpuShares, cpuSnapshot, formatShares, type CpuShares, type CpuSnapshot, type ProcessGroup } from './cpu-share.ts';

export interface LoadOptions {
  connections: number;
  /** Requests per second across all connections, at most (open loop); none when undefined. */
  rate?: number | undefined;
  /** Extra headers of the i-th request (an address in X-Forwarded-For, say). */
  headersFor?: (index: number) => Record<string, string>;
}

export interface LoadResult {
  result: Result;
  /** Status of each answered request, by idempotency key. */
  answers: Map<string, number>;
  created: number;
  /** Prepared bodies were all sent before the end: some were sent twice (answered 200). */
  exhausted: boolean;
}

/** One autocannon run; each request takes the next prepared contribution. */
export function load(origin: string, pool: PreparedContribution[], duration: number, options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  let created = 0;
  const answers = new Map<string, number>();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: origin,
        connections: options.connections,
        ...(options.rate && { overallRate: options.rate }),
        pipelining: 1,
        timeout: 10,
        duration,
        requests: [
          {
            method: 'POST',
            path: INTAKE,
            headers: HEADERS,
            setupRequest: (request, context) => {
              const index = next++;
              const item = pool[index % pool.length]!;
              context.key = item.key;
              const headers = options.headersFor ? { ...HEADERS, ...options.headersFor(index) } : HEADERS;
              return { ...request, headers, body: item.body };
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

/** The same bodies for a bare server, each with a fresh key of the same length (its table is unique on it). */
export function rekeyed(pool: PreparedContribution[], count: number, prefix: string): PreparedContribution[] {
  return Array.from({ length: count }, (_, i) => {
    const item = pool[i % pool.length]!;
    const key = `${prefix}${i.toString(36).padStart(item.key.length - prefix.length, '0')}`;
    return { key, body: item.body.replace(`"${item.key}"`, `"${key}"`) };
  });
}

/** What is measured: an origin, how to stop what serves it, and how to read the keys stored once stopped. */
export interface Target {
  origin: string;
  stop: () => Promise<void>;
  storedKeys: () => Set<string> | Promise<Set<string>>;
  /** The processes whose share of the processor is printed (the load generator is added). */
  processGroups?: ProcessGroup[];
}

export interface Measure {
  name: string;
  perSecond: number;
  result: Result;
  created: number;
  exhausted: boolean;
  /** Measured runs started again because they ran out of bodies (discarded, their rows kept). */
  retries: number;
  /** The warm-up ran out of bodies and sent some twice. */
  warmupExhausted: boolean;
  /** One-minute load average of the machine before and after the measured run. */
  load: [number, number];
  /** Share of the processor of each group of processes during the measured run (Linux). */
  cpu: CpuShares | undefined;
  rows: { stored: number; created: number; missing: number; inFlight: number; unexplained: number; mayBeInFlight: number };
}

export interface MeasureOptions extends LoadOptions {
  seconds: number;
  warmupSeconds: number;
}

/** Bodies prepared per second of warm-up: more than any server here takes, so none is sent twice. */
const WARMUP_BODIES_PER_SECOND = 8000;

/** Distinct bodies prepared for one measured run, at most. */
const MAX_BODIES = 400_000;

/** Warm-up, measured run, then the rows stored against the 201 answers. */
export async function measure(
  name: string,
  target: Target,
  prepare: (count: number) => Promise<PreparedContribution[]>,
  options: MeasureOptions,
): Promise<Measure> {
  const warm = await load(target.origin, await prepare(WARMUP_BODIES_PER_SECOND * options.warmupSeconds), options.warmupSeconds, options);
  // Every answer counts here, those to bodies sent twice included: it is the pace of the server.
  const warmRate = warm.result.requests.total / warm.result.duration;
  // Enough distinct bodies for the measured run at twice the warm-up's pace. A body sent twice is
  // refused, and a refusal is no measure of the intake (the bare server's pool even drops its
  // connection on it): a run that used them all is run again with three times as many.
  let size = Math.min(MAX_BODIES, Math.ceil(warmRate * options.seconds * 2) + 1000);
  const earlier: LoadResult[] = [];
  let run: LoadResult;
  let cpuBefore: CpuSnapshot | undefined;
  let cpuAfter: CpuSnapshot | undefined;
  let loadBefore: number;
  for (;;) {
    const pool = await prepare(size);
    loadBefore = loadavg()[0]!;
    cpuBefore = cpuSnapshot();
    run = await load(target.origin, pool, options.seconds, options);
    cpuAfter = cpuSnapshot();
    if (!run.exhausted || size === MAX_BODIES) break;
    earlier.push(run);
    size = Math.min(MAX_BODIES, size * 3);
  }
  const loadAfter = loadavg()[0]!;
  const groups = [...(target.processGroups ?? []), { label: 'générateur de charge', pids: [process.pid] }];
  const cpu = cpuBefore && cpuAfter ? cpuShares(cpuBefore, cpuAfter, groups, cpus().length) : undefined;
  await target.stop();
  const stored = await target.storedKeys();
  const answered = new Map([warm, ...earlier, run].flatMap((one) => [...one.answers]));
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
    retries: earlier.length,
    warmupExhausted: warm.exhausted,
    load: [loadBefore, loadAfter],
    cpu,
    rows: {
      stored: stored.size,
      created: createdKeys.length,
      missing,
      inFlight: extra.length - unexplained,
      unexplained,
      // At most one per connection at the end of each run (warm-up and discarded ones included), plus the requests given up (timeouts, errors).
      mayBeInFlight: (2 + earlier.length) * options.connections + [warm, ...earlier, run].reduce((sum, one) => sum + one.result.errors, 0),
    },
  };
}

/** Prints one measure; false when the rows stored do not match the 201 answers. */
export function printMeasure(m: Measure): boolean {
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
  if (m.cpu) console.log(`      ${formatShares(m.cpu)}`);
  if (m.retries || m.warmupExhausted) {
    const notes = [
      m.retries ? `mesure refaite ${m.retries} fois avec plus de corps (les précédentes en avaient manqué)` : '',
      m.warmupExhausted ? 'préchauffage à court de corps, certains envoyés deux fois' : '',
    ];
    console.log(`      attention : ${notes.filter(Boolean).join(' ; ')}`);
  }
  const ok = m.rows.missing === 0 && m.rows.unexplained === 0 && m.rows.inFlight <= m.rows.mayBeInFlight;
  console.log(
    `      base : ${fmt(m.rows.stored)} lignes = ${fmt(m.rows.created)} réponses 201 (préchauffage et mesures refaites compris) − ${m.rows.missing} manquante(s) + ${m.rows.inFlight} requête(s) restée(s) sans réponse (en vol quand autocannon a coupé ses connexions, ou abandonnée(s) après 10 s)${m.rows.unexplained ? ` + ${m.rows.unexplained} ligne(s) inexpliquée(s)` : ''} : ${ok ? 'OK' : 'ÉCART'}`,
  );
  return ok;
}

/** The best measure of a list, by contributions per second. */
export const best = (list: Measure[]) => list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
