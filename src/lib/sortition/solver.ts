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
import { roundWithinOneTicket, swapIntoWindows } from './rounding.ts';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let highsPromise: Promise<Highs> | undefined;
export const loadHighs = () => (highsPromise ??= highsLoader());

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
export function linear(terms: readonly [number, string][]): string {
  if (terms.length === 0) return '0 x_none';
  const parts = terms.map(([c, v], i) => `${c < 0 ? '-' : i === 0 ? '' : '+'} ${num(Math.abs(c))} ${v}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 40) lines.push(parts.slice(i, i + 40).join(' '));
  return lines.join('\n  ');
}

/**
 * Volunteers with the same value on every feature and no shared household are interchangeable:
 * swapping one for another keeps every panel valid. They form one type with a multiplicity, and
 * the programs below count seats per type rather than choosing people. This loses nothing: any
 * optimal maximin distribution averaged over those swaps stays optimal and gives every member of a
 * type the same probability. Household members stay alone in their type (the household rule tells
 * them apart), so the programs shrink from one variable per volunteer to one per combination of
 * values plus one per household member.
 */
export interface VolunteerType {
  /** Pool rows, ascending. */
  members: number[];
  /** Indexes of the quota cells every member belongs to. */
  cells: number[];
}

export interface TypedProblem {
  seats: number;
  cells: Cell[];
  types: VolunteerType[];
  /** Households as lists of type indexes (each member is a type of one). */
  households: number[][];
}

export function groupTypes(problem: Problem): TypedProblem {
  const cellsOf: number[][] = Array.from({ length: problem.size }, () => []);
  problem.cells.forEach((c, j) => c.members.forEach((i) => cellsOf[i]!.push(j)));
  const inHousehold = new Set(problem.households.flat());
  const typeByKey = new Map<string, number>();
  const typeOf = new Array<number>(problem.size);
  const types: VolunteerType[] = [];
  for (let i = 0; i < problem.size; i++) {
    const key = inHousehold.has(i) ? `foyer ${i}` : cellsOf[i]!.join(' ');
    let t = typeByKey.get(key);
    if (t === undefined) {
      t = types.push({ members: [], cells: cellsOf[i]! }) - 1;
      typeByKey.set(key, t);
    }
    types[t]!.members.push(i);
    typeOf[i] = t;
  }
  return { seats: problem.seats, cells: problem.cells, types, households: problem.households.map((h) => h.map((i) => typeOf[i]!)) };
}

/** A panel as seats per type (dense, one count per type). */
export type Column = number[];

/** The panel maximising Σ weight × seats per type that meets every quota and household rule. */
async function bestColumn(typed: TypedProblem, weights: readonly number[]): Promise<{ column: Column; value: number } | undefined> {
  const y = (t: number) => `y${t}`;
  const all = typed.types.map((_, t) => t);
  const typesOfCell = typed.cells.map(() => [] as number[]);
  typed.types.forEach((type, t) => type.cells.forEach((j) => typesOfCell[j]!.push(t)));
  const rows = [
    ` seats: ${linear(all.map((t) => [1, y(t)]))} = ${typed.seats}`,
    ...typed.cells.flatMap((c, j) => {
      const expr = linear(typesOfCell[j]!.map((t) => [1, y(t)]));
      return [
        ...(c.min > 0 ? [` min${j}: ${expr} >= ${c.min}`] : []),
        ...(c.max < c.members.length ? [` max${j}: ${expr} <= ${c.max}`] : []),
      ];
    }),
    ...typed.households.map((h, j) => ` home${j}: ${linear(h.map((t) => [1, y(t)]))} <= 1`),
  ];
  const objective = all.filter((t) => weights[t] !== 0).map((t): [number, string] => [weights[t]!, y(t)]);
  const model = [
    'Maximize',
    ` obj: ${linear(objective)}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...all.map((t) => ` 0 <= ${y(t)} <= ${Math.min(typed.types[t]!.members.length, typed.seats)}`),
    'General',
    ...all.map((t) => ` ${y(t)}`),
    'End',
  ].join('\n');
  const highs = await loadHighs();
  const solution = highs.solve(model, { output_flag: false, mip_rel_gap: 0 });
  if (solution.Status === 'Infeasible') return undefined;
  if (solution.Status !== 'Optimal') throw new Error(`le solveur n’a pas trouvé de panel (${solution.Status})`);
  const columns = solution.Columns as Record<string, { Primal: number }>;
  const column = all.map((t) => Math.round(columns[y(t)]?.Primal ?? 0));
  return { column, value: column.reduce((s, c, t) => s + c * weights[t]!, 0) };
}

export interface Distribution {
  typed: TypedProblem;
  /** Every panel the column generation produced, as seats per type, and its weight (0 when unused). */
  columns: Column[];
  weights: number[];
  /** Each volunteer's selection probability under the distribution. */
  marginals: number[];
  /** Volunteers that no valid panel can include. */
  excluded: number[];
  /** The lowest probability reached (lower bound) and the dual's proven ceiling for it (upper bound). */
  lowerBound: number;
  upperBound: number;
  iterations: number;
}

/** Column generation stops once the proven ceiling is within this of the lowest probability reached. */
export const MAXIMIN_TOLERANCE = 1e-6;
const SMOOTHING = 0.7;

/** Maximin by column generation: a master LP over known panels, priced by the ILP above. */
export async function maximin(problem: Problem, maxIterations = 500): Promise<Distribution> {
  checkQuotas(problem);
  const typed = groupTypes(problem);
  const columns: Column[] = [];
  const covered = new Uint8Array(typed.types.length);
  // Cover every type that can sit at all: each new panel takes as many types not yet covered as possible.
  for (;;) {
    const best = await bestColumn(
      typed,
      Array.from(covered, (c) => (c ? 0 : 1)),
    );
    if (!best)
      throw new QuotaError(
        'les quotas se contredisent : aucun panel ne peut les respecter tous à la fois (vérifiez les minimums et maximums de chaque critère ensemble)',
      );
    if (columns.length > 0 && best.value < 0.5) break;
    columns.push(best.column);
    best.column.forEach((c, t) => (covered[t] ||= c > 0 ? 1 : 0));
    if (covered.every((c) => c)) break;
  }
  const eligible = typed.types.map((_, t) => t).filter((t) => covered[t]);
  let upperBound = 1;
  let iterations = 0;
  let master = await solveMaster(typed, eligible, columns);
  // Dual smoothing (Wentges): price at a point between the duals that gave the best ceiling so far
  // and the current ones. Any such point is a valid dual, so its pricing value is still a proven
  // ceiling, and the duals stop jumping from one extreme to another, which cuts the rounds.
  let center: number[] | undefined;
  while (iterations < maxIterations) {
    iterations++;
    const current = master.duals;
    let prices = center ? current.map((d, t) => SMOOTHING * center![t]! + (1 - SMOOTHING) * d) : current;
    let best = await bestColumn(typed, prices);
    if (!best) break;
    const valueNow = (column: Column) => column.reduce((s, c, t) => s + c * current[t]!, 0);
    if (best.value < upperBound) [upperBound, center] = [best.value, prices];
    if (upperBound <= master.z + MAXIMIN_TOLERANCE) break;
    if (valueNow(best.column) <= master.z + MAXIMIN_TOLERANCE && prices !== current) {
      // The smoothed prices found nothing better for the current master: price at the current duals.
      prices = current;
      best = await bestColumn(typed, prices);
      if (!best) break;
      if (best.value < upperBound) [upperBound, center] = [best.value, prices];
      if (upperBound <= master.z + MAXIMIN_TOLERANCE) break;
    }
    columns.push(best.column);
    master = await solveMaster(typed, eligible, columns);
  }
  const total = master.weights.reduce((s, w) => s + w, 0);
  const weights = master.weights.map((w) => (w > 1e-9 ? w / total : 0));
  const marginals = new Array<number>(problem.size).fill(0);
  typed.types.forEach((type, t) => {
    const share = columns.reduce((s, column, j) => s + weights[j]! * column[t]!, 0) / type.members.length;
    for (const i of type.members) marginals[i] = share;
  });
  const excluded = typed.types.flatMap((type, t) => (covered[t] ? [] : type.members));
  return { typed, columns, weights, marginals, excluded, lowerBound: master.z, upperBound: Math.max(upperBound, master.z), iterations };
}

/** max z such that each eligible type's average probability is at least z; rows scaled by multiplicity. */
async function solveMaster(typed: TypedProblem, eligible: readonly number[], columns: readonly Column[]) {
  const model = [
    'Maximize',
    ' obj: z',
    'Subject To',
    ...eligible.map((t) => {
      const terms = columns.flatMap((column, j): [number, string][] => (column[t] ? [[-column[t], `l${j}`]] : []));
      return ` p${t}: ${linear([[typed.types[t]!.members.length, 'z'], ...terms])} <= 0`;
    }),
    ` one: ${linear(columns.map((_, j) => [1, `l${j}`]))} = 1`,
    'End',
  ].join('\n');
  const highs = await loadHighs();
  const solution = highs.solve(model, { output_flag: false, solver: 'simplex' });
  if (solution.Status !== 'Optimal' || !('Dual' in (solution.Rows[0] ?? {})))
    throw new Error(`programme linéaire non résolu (${solution.Status})`);
  const rows = solution.Rows as { Name: string; Dual: number }[];
  const duals = new Array<number>(typed.types.length).fill(0);
  for (const row of rows) if (row.Name !== 'one') duals[Number(row.Name.slice(1))] = Math.max(0, row.Dual);
  const primal = solution.Columns as Record<string, { Primal: number }>;
  return { z: primal.z?.Primal ?? 0, duals, weights: columns.map((_, j) => Math.max(0, primal[`l${j}`]?.Primal ?? 0)) };
}

export interface Lottery {
  size: number;
  /** Distinct panels (sorted rows), in canonical order, each with how many of the M tickets name it. */
  entries: { count: number; rows: number[] }[];
}

/**
 * How the distribution becomes M tickets. Both start from the same tickets: M × weight rounded by
 * largest remainders, then single tickets moved between panels (see polishTickets).
 * `billets` (« tirage 2 ») stops there, and is kept so its commitments can still be recomputed bit
 * for bit. `fenetres` (« tirage 3 ») then brings every member within one ticket of M × their fair
 * probability (rounding.ts: seat swaps, else the two integer programs), and falls back to
 * `billets` only when neither reaches it.
 */
export type RoundingMethod = 'fenetres' | 'billets';

/**
 * Rounds the distribution to M equally likely panels: ticket counts per panel of seats per type
 * (see RoundingMethod), then, within each type, seats go to its members in turn, ticket after
 * ticket, so each member sits on ⌊S / multiplicity⌋ or ⌈S / multiplicity⌉ tickets.
 * The gap left, in tickets, is measured on the result and reported.
 */
export async function roundToLottery(
  distribution: Distribution,
  size: number,
  M: number,
  method: RoundingMethod = 'fenetres',
): Promise<{ lottery: Lottery; gap: number; method: RoundingMethod }> {
  const { typed, marginals } = distribution;
  const targets = typed.types.map((type) => M * marginals[type.members[0]!]!);
  const polished = polishTickets(typed, distribution.columns, largestRemainder(distribution.weights, M), targets);
  // Swaps mend the polished tickets in most cases and cost nothing; the programs take the others.
  const windows =
    method === 'fenetres'
      ? (swapIntoWindows(typed, distribution.columns, polished, targets) ?? (await roundWithinOneTicket(typed, targets, M)))
      : undefined;
  const columns = windows?.columns ?? distribution.columns;
  const counts = windows?.counts ?? polished;
  const next = typed.types.map(() => 0);
  const tickets = new Map<string, { count: number; rows: number[] }>();
  columns.forEach((column, j) => {
    for (let k = 0; k < counts[j]!; k++) {
      const rows: number[] = [];
      column.forEach((c, t) => {
        const { members } = typed.types[t]!;
        for (let s = 0; s < c; s++) rows.push(members[(next[t]! + s) % members.length]!);
        next[t] = (next[t]! + c) % members.length;
      });
      rows.sort((a, b) => a - b);
      const key = rows.join(' ');
      const entry = tickets.get(key);
      if (entry) entry.count++;
      else tickets.set(key, { count: 1, rows });
    }
  });
  const lottery = { size: M, entries: [...tickets.values()].sort((a, b) => compareRows(a.rows, b.rows)) };
  const frequency = lotteryFrequencies(lottery, size);
  const gap = Math.max(...marginals.map((m, i) => Math.abs(frequency[i]! * M - m * M)));
  return { lottery, gap, method: windows ? 'fenetres' : 'billets' };
}

/**
 * Moves single tickets from one panel to another while that lowers Σ gap⁴ over the volunteers (gap:
 * their tickets once seats are handed out in turn, minus M × their fair probability; the fourth
 * power weighs the worst gaps most), always among the moves that help the type holding the
 * volunteer furthest from their share.
 * Deterministic: panels are tried in order and the first best move wins.
 */
function polishTickets(typed: TypedProblem, columns: readonly Column[], start: readonly number[], targets: readonly number[]): number[] {
  const counts = [...start];
  const sizes = typed.types.map((type) => type.members.length);
  const seats = typed.types.map((_, t) => columns.reduce((s, column, j) => s + column[t]! * counts[j]!, 0));
  // Members get ⌊S / m⌋ or ⌈S / m⌉ tickets (S mod m of them the latter): the exact sum over them.
  const cost = (t: number, total: number) => {
    const m = sizes[t]!;
    const low = Math.floor(total / m);
    const high = total % m;
    return (m - high) * (low - targets[t]!) ** 4 + high * (low + 1 - targets[t]!) ** 4;
  };
  const gapOf = (t: number, total: number) => {
    const low = Math.floor(total / sizes[t]!) - targets[t]!;
    const high = total % sizes[t]! ? low + 1 : low;
    return Math.abs(high) > Math.abs(low) ? high : low;
  };
  const sparse = columns.map((column) => column.flatMap((c, t) => (c ? [t] : [])));
  for (let step = 0; step < 5 * start.reduce((s, c) => s + c, 0); step++) {
    let worst = 0;
    seats.forEach((total, t) => {
      if (Math.abs(gapOf(t, total)) > Math.abs(gapOf(worst, seats[worst]!))) worst = t;
    });
    const tooMany = gapOf(worst, seats[worst]!) > 0;
    let best = { gain: 1e-12, from: -1, to: -1 };
    for (let a = 0; a < columns.length; a++) {
      if (counts[a] === 0 || (tooMany ? columns[a]![worst]! === 0 : false)) continue;
      for (let b = 0; b < columns.length; b++) {
        const change = columns[b]![worst]! - columns[a]![worst]!;
        if (b === a || (tooMany ? change >= 0 : change <= 0)) continue;
        let gain = 0;
        for (const t of new Set([...sparse[a]!, ...sparse[b]!])) {
          const moved = seats[t]! + columns[b]![t]! - columns[a]![t]!;
          gain += cost(t, seats[t]!) - cost(t, moved);
        }
        if (gain > best.gain) best = { gain, from: a, to: b };
      }
    }
    if (best.from < 0) break;
    counts[best.from]!--;
    counts[best.to]!++;
    seats.forEach((_, t) => (seats[t]! += columns[best.to]![t]! - columns[best.from]![t]!));
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
