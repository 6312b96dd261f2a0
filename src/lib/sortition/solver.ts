/**
 * The fair distribution over valid panels (maximin, Flanigan et al., Nature 2021) and its rounding
 * to M equally likely panels (Flanigan, Kehne, Procaccia, NeurIPS 2021).
 *
 * Solver: HiGHS compiled to WebAssembly (npm `highs`, MIT). It installs from the registry with no
 * native download or build step, runs in Node and in a browser, is single-threaded and therefore
 * deterministic for a given model text, and, unlike the pure JavaScript solvers (yalps,
 * javascript-lp-solver), returns the row duals that column generation needs. No limit here is a
 * time limit: a result must never depend on the speed of the machine that computes it.
 */
import highsLoader from 'highs';
import type { DrawData } from '../../schemas/draws.ts';
import type { Pool } from './pool.ts';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highsPromise: Promise<Highs> | undefined;
const loadHighs = () => (highsPromise ??= highsLoader());

/** A quota on one feature value, with the pool rows that have it. */
export interface Cell {
  feature: string;
  label: string;
  value: string;
  min: number;
  max: number;
  members: number[];
}

export interface Problem {
  size: number;
  seats: number;
  cells: Cell[];
  /** Households of two volunteers or more: at most one of each may sit. */
  households: number[][];
}

export class QuotaError extends Error {}

export function buildProblem(pool: Pool, draw: Pick<DrawData, 'features' | 'seats'>): Problem {
  const cells = draw.features.flatMap((f) =>
    f.values.map((v) => ({
      feature: f.key,
      label: f.label,
      value: v.value,
      min: v.min,
      max: v.max,
      members: pool.volunteers.flatMap((p, i) => (p.features[f.key] === v.value ? [i] : [])),
    })),
  );
  const byHousehold = new Map<string, number[]>();
  pool.volunteers.forEach((p, i) => {
    if (p.household) byHousehold.set(p.household, [...(byHousehold.get(p.household) ?? []), i]);
  });
  const households = [...byHousehold.values()].filter((h) => h.length > 1);
  return { size: pool.volunteers.length, seats: draw.seats, cells, households };
}

/** Names the first quota the pool cannot meet, with its numbers; the solver then checks the rest. */
export function checkQuotas(problem: Problem): void {
  const distinctHouseholds = (members: number[]) => {
    const households = problem.households.filter((h) => h.some((i) => members.includes(i)));
    const inHouseholds = new Set(households.flat());
    return members.filter((i) => !inHouseholds.has(i)).length + households.length;
  };
  if (problem.size < problem.seats) {
    throw new QuotaError(`${problem.seats} sièges à pourvoir, mais la liste ne compte que ${problem.size} volontaires`);
  }
  for (const cell of problem.cells) {
    const available = distinctHouseholds(cell.members);
    if (cell.min > available) {
      const households =
        available < cell.members.length ? ` de foyers différents (${cell.members.length} volontaires, dont plusieurs d’un même foyer)` : '';
      throw new QuotaError(
        `quota impossible : « ${cell.label} = ${cell.value} » demande au moins ${cell.min} ${plural(cell.min, 'siège')}, mais la liste ne compte que ${available} ${plural(available, 'volontaire')}${households} avec cette valeur`,
      );
    }
  }
}

const plural = (n: number, word: string) => (n > 1 ? `${word}s` : word);

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(15));

/** A linear expression in LP format, wrapped so no line grows without bound. */
function linear(terms: readonly [number, string][]): string {
  if (terms.length === 0) return '0 x_none';
  const parts = terms.map(([c, v], i) => `${c < 0 ? '-' : i === 0 ? '' : '+'} ${num(Math.abs(c))} ${v}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 40) lines.push(parts.slice(i, i + 40).join(' '));
  return lines.join('\n  ');
}

/** The panel maximising the sum of `weights` that meets every quota and household rule. */
async function bestPanel(problem: Problem, weights: readonly number[]): Promise<{ panel: number[]; value: number } | undefined> {
  const x = (i: number) => `x${i}`;
  const all = Array.from({ length: problem.size }, (_, i) => i);
  const rows = [
    ` seats: ${linear(all.map((i) => [1, x(i)]))} = ${problem.seats}`,
    ...problem.cells.flatMap((c, j) => {
      const expr = linear(c.members.map((i) => [1, x(i)]));
      return [
        ...(c.min > 0 ? [` min${j}: ${expr} >= ${c.min}`] : []),
        ...(c.max < c.members.length ? [` max${j}: ${expr} <= ${c.max}`] : []),
      ];
    }),
    ...problem.households.map((h, j) => ` home${j}: ${linear(h.map((i) => [1, x(i)]))} <= 1`),
  ];
  const objective = all.filter((i) => weights[i] !== 0).map((i): [number, string] => [weights[i]!, x(i)]);
  const model = ['Maximize', ` obj: ${linear(objective)}`, 'Subject To', ...rows, 'Binary', ...all.map((i) => ` ${x(i)}`), 'End'].join(
    '\n',
  );
  const highs = await loadHighs();
  const solution = highs.solve(model, { output_flag: false, mip_rel_gap: 0 });
  if (solution.Status === 'Infeasible') return undefined;
  if (solution.Status !== 'Optimal') throw new Error(`le solveur n’a pas trouvé de panel (${solution.Status})`);
  const panel = all.filter((i) => (solution.Columns[x(i)]?.Primal ?? 0) > 0.5);
  return { panel, value: panel.reduce((s, i) => s + weights[i]!, 0) };
}

export interface Distribution {
  panels: number[][];
  weights: number[];
  /** Each volunteer's selection probability under the distribution. */
  marginals: number[];
  /** Volunteers that no valid panel can include. */
  excluded: number[];
  /** The proven lowest probability (lower bound) and the proven ceiling (upper bound). */
  lowerBound: number;
  upperBound: number;
  iterations: number;
}

const EPSILON = 1e-7;

/** Maximin by column generation: a master LP over known panels, priced by the ILP above. */
export async function maximin(problem: Problem, maxIterations = 500): Promise<Distribution> {
  checkQuotas(problem);
  const panels: number[][] = [];
  const covered = new Uint8Array(problem.size);
  // Cover everyone who can sit at all: each new panel takes as many not yet covered as possible.
  for (;;) {
    const best = await bestPanel(
      problem,
      Array.from(covered, (c) => (c ? 0 : 1)),
    );
    if (!best)
      throw new QuotaError(
        'les quotas se contredisent : aucun panel ne peut les respecter tous à la fois (vérifiez les minimums et maximums de chaque critère ensemble)',
      );
    if (panels.length > 0 && best.value < 0.5) break;
    panels.push(best.panel);
    for (const i of best.panel) covered[i] = 1;
    if (covered.every((c) => c)) break;
  }
  const eligible = Array.from({ length: problem.size }, (_, i) => i).filter((i) => covered[i]);
  const excluded = Array.from({ length: problem.size }, (_, i) => i).filter((i) => !covered[i]);
  let upperBound = 1;
  let iterations = 0;
  let master = await solveMaster(problem.size, eligible, panels);
  while (iterations < maxIterations) {
    iterations++;
    const best = await bestPanel(problem, master.duals);
    if (!best) break;
    upperBound = Math.min(upperBound, best.value);
    if (best.value <= master.mu + EPSILON) break;
    panels.push(best.panel);
    master = await solveMaster(problem.size, eligible, panels);
  }
  const support = panels.map((p, j) => ({ p, w: master.weights[j]! })).filter(({ w }) => w > 1e-9);
  const total = support.reduce((s, { w }) => s + w, 0);
  const weights = support.map(({ w }) => w / total);
  const marginals = new Array<number>(problem.size).fill(0);
  support.forEach(({ p }, j) => p.forEach((i) => (marginals[i]! += weights[j]!)));
  return { panels: support.map(({ p }) => p), weights, marginals, excluded, lowerBound: master.z, upperBound, iterations };
}

async function solveMaster(size: number, eligible: readonly number[], panels: readonly number[][]) {
  const containing = new Map<number, number[]>(eligible.map((i) => [i, []]));
  panels.forEach((p, j) => p.forEach((i) => containing.get(i)?.push(j)));
  const model = [
    'Maximize',
    ' obj: z',
    'Subject To',
    ...eligible.map((i) => ` p${i}: z ${linear(containing.get(i)!.map((j) => [-1, `l${j}`]))} <= 0`),
    ` one: ${linear(panels.map((_, j) => [1, `l${j}`]))} = 1`,
    'End',
  ].join('\n');
  const highs = await loadHighs();
  const solution = highs.solve(model, { output_flag: false, solver: 'simplex' });
  if (solution.Status !== 'Optimal' || !('Dual' in (solution.Rows[0] ?? {})))
    throw new Error(`programme linéaire non résolu (${solution.Status})`);
  const rows = solution.Rows as { Name: string; Dual: number }[];
  const duals = new Array<number>(size).fill(0);
  let mu = 0;
  for (const row of rows) {
    if (row.Name === 'one') mu = row.Dual;
    else duals[Number(row.Name.slice(1))] = Math.max(0, row.Dual);
  }
  const columns = solution.Columns as Record<string, { Primal: number }>;
  return { z: columns.z?.Primal ?? 0, mu, duals, weights: panels.map((_, j) => Math.max(0, columns[`l${j}`]?.Primal ?? 0)) };
}

export interface Lottery {
  size: number;
  /** Distinct panels (sorted rows), in canonical order, each with how many of the M tickets name it. */
  entries: { count: number; rows: number[] }[];
}

/**
 * Rounds the distribution to M equally likely panels: integer ticket counts per panel of the
 * support, chosen by an ILP that minimises the largest gap, over all volunteers, between the number
 * of tickets that include them and M times their fair probability. Then each volunteer's frequency
 * is within that gap / M of the fair distribution; the tests check it is at most 1/M.
 */
export async function roundToLottery(distribution: Distribution, size: number, M: number): Promise<{ lottery: Lottery; gap: number }> {
  const { panels, weights, marginals } = distribution;
  const containing = new Map<number, number[]>();
  panels.forEach((p, j) => p.forEach((i) => containing.set(i, [...(containing.get(i) ?? []), j])));
  // Volunteers in exactly the same panels share one pair of rows.
  const signatures = new Map<string, number>();
  for (const [i, js] of containing) signatures.set(js.join(' '), i);
  const rows = [` tickets: ${linear(panels.map((_, j) => [1, `c${j}`]))} = ${M}`];
  for (const i of signatures.values()) {
    const expr = linear(containing.get(i)!.map((j) => [1, `c${j}`]));
    const target = M * marginals[i]!;
    rows.push(` hi${i}: ${expr} - t <= ${num(target)}`, ` lo${i}: ${expr} + t >= ${num(target)}`);
  }
  const model = [
    'Minimize',
    ' obj: t',
    'Subject To',
    ...rows,
    'Bounds',
    ...panels.map((_, j) => ` 0 <= c${j} <= ${M}`),
    'General',
    ...panels.map((_, j) => ` c${j}`),
    'End',
  ].join('\n');
  const highs = await loadHighs();
  const solution = highs.solve(model, { output_flag: false, mip_abs_gap: 0.05, mip_max_nodes: 50 });
  let counts: number[];
  if (
    solution.Status === 'Optimal' ||
    ('Columns' in solution && Object.keys(solution.Columns).length > 0 && solution.Status !== 'Infeasible')
  ) {
    const columns = solution.Columns as Record<string, { Primal: number }>;
    counts = panels.map((_, j) => Math.round(columns[`c${j}`]?.Primal ?? 0));
  } else {
    counts = largestRemainder(weights, M);
  }
  if (counts.reduce((s, c) => s + c, 0) !== M) counts = largestRemainder(weights, M);
  counts = polishTickets(panels, counts, marginals, M);
  const entries = panels
    .map((p, j) => ({ count: counts[j]!, rows: [...p].sort((a, b) => a - b) }))
    .filter((e) => e.count > 0)
    .sort((a, b) => compareRows(a.rows, b.rows));
  const lottery = { size: M, entries };
  const frequency = lotteryFrequencies(lottery, size);
  const gap = Math.max(...marginals.map((m, i) => Math.abs(frequency[i]! * M - m * M)));
  return { lottery, gap };
}

/**
 * Moves single tickets from one panel to another while that lowers Σ deviation⁴ (which weighs the
 * worst deviations most), always among the moves that help the volunteer furthest from their fair
 * share. Deterministic: panels are tried in order and the first best move wins.
 */
function polishTickets(panels: readonly number[][], start: readonly number[], marginals: readonly number[], M: number): number[] {
  const counts = [...start];
  const deviation = marginals.map((m) => -M * m);
  panels.forEach((p, j) => p.forEach((i) => (deviation[i]! += counts[j]!)));
  const sets = panels.map((p) => new Set(p));
  const f = (d: number) => d * d * d * d;
  for (let step = 0; step < 20 * M; step++) {
    let worst = 0;
    deviation.forEach((d, i) => {
      if (Math.abs(d) > Math.abs(deviation[worst]!)) worst = i;
    });
    const tooMany = deviation[worst]! > 0;
    let best = { gain: 1e-9, from: -1, to: -1 };
    for (let a = 0; a < panels.length; a++) {
      if (counts[a] === 0 || sets[a]!.has(worst) !== tooMany) continue;
      for (let b = 0; b < panels.length; b++) {
        if (b === a || sets[b]!.has(worst) === tooMany) continue;
        let gain = 0;
        for (const i of panels[a]!) if (!sets[b]!.has(i)) gain += f(deviation[i]!) - f(deviation[i]! - 1);
        for (const i of panels[b]!) if (!sets[a]!.has(i)) gain += f(deviation[i]!) - f(deviation[i]! + 1);
        if (gain > best.gain) best = { gain, from: a, to: b };
      }
    }
    if (best.from < 0) break;
    counts[best.from]!--;
    counts[best.to]!++;
    for (const i of panels[best.from]!) deviation[i]!--;
    for (const i of panels[best.to]!) deviation[i]!++;
  }
  return counts;
}

/** Fallback rounding: floor of M × weight, the remaining tickets to the largest remainders (ties: first panel). */
function largestRemainder(weights: readonly number[], M: number): number[] {
  const counts = weights.map((w) => Math.floor(w * M));
  const order = weights.map((w, j) => ({ j, r: w * M - counts[j]! })).sort((a, b) => b.r - a.r || a.j - b.j);
  let left = M - counts.reduce((s, c) => s + c, 0);
  for (const { j } of order) {
    if (left-- <= 0) break;
    counts[j]!++;
  }
  return counts;
}

function compareRows(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Each volunteer's share of the M tickets. */
export function lotteryFrequencies(lottery: Lottery, size: number): number[] {
  const frequency = new Array<number>(size).fill(0);
  for (const e of lottery.entries) for (const i of e.rows) frequency[i]! += e.count / lottery.size;
  return frequency;
}

/** The panel named by ticket `index` (0…M−1): the tickets run through the entries in their order. */
export function panelAt(lottery: Lottery, index: number): number[] {
  let start = 0;
  for (const e of lottery.entries) {
    if (index < start + e.count) return e.rows;
    start += e.count;
  }
  throw new RangeError(`numéro de panel ${index} hors de 0…${lottery.size - 1}`);
}

/** True when the panel meets every quota and household rule. */
export function meetsQuotas(problem: Problem, panel: readonly number[]): boolean {
  const inPanel = new Set(panel);
  if (inPanel.size !== problem.seats) return false;
  const count = (members: readonly number[]) => members.filter((i) => inPanel.has(i)).length;
  return (
    problem.cells.every((c) => count(c.members) >= c.min && count(c.members) <= c.max) && problem.households.every((h) => count(h) <= 1)
  );
}
