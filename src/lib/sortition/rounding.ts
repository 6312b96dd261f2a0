/**
 * Rounding the fair distribution to M tickets so that every volunteer sits on a number of tickets
 * within one of M × their fair probability, i.e. their frequency is the fair one within 1/M.
 *
 * Members of a type are interchangeable and take the type's seats in turn, so a member sits on
 * ⌊S / m⌋ or ⌈S / m⌉ tickets, S being the type's seats over all tickets and m its size. The
 * rounding therefore works on types, in two integer programs:
 * 1. Seat totals S per type inside the window that keeps every member within one ticket
 *    (m × ⌈x − 1⌉ ≤ S ≤ m × ⌊x + 1⌋, x being M × the fair probability), such that S / M still meets
 *    every quota and household rule on average. The fair distribution is such a point before
 *    rounding, so the window is never empty; the program finds an integer one.
 * 2. Those totals split into M valid panels, one panel at a time: each panel must leave totals that
 *    the remaining tickets can still carry on average (the quotas scaled by the tickets left), and
 *    is taken as many times in a row as that stays true.
 * Step 2 can meet a dead end (totals that are valid on average but no valid panel splits off): the
 * caller then falls back to the older rounding and reports its larger gap.
 * Deterministic: HiGHS gives the same answer to the same model text.
 */
import { linear, loadHighs, type Column, type TypedProblem } from './solver.ts';

/** Tickets a member may sit on: ⌊x⌋ or ⌈x⌉, and x − 1 … x + 1 when x is a whole number. */
export function ticketWindow(target: number): [number, number] {
  if (target < 1e-12) return [0, 0];
  const whole = Math.round(target);
  if (Math.abs(target - whole) < 1e-9) return [Math.max(0, whole - 1), whole + 1];
  return [Math.floor(target), Math.ceil(target)];
}

/** One seat of a ticket moved from a type to another: [ticket, from, to]. */
type Move = [number, number, number];

interface Row {
  types: number[];
  /** Per panel: the row's seats must lie in [lo, hi]. */
  lo: number;
  hi: number;
}

/** The quota, household and per-type rows a panel of seats per type must meet. */
function panelRows(typed: TypedProblem): Row[] {
  const typesOfCell = typed.cells.map(() => [] as number[]);
  typed.types.forEach((type, t) => type.cells.forEach((j) => typesOfCell[j]!.push(t)));
  return [
    ...typed.cells.map((c, j) => ({ types: typesOfCell[j]!, lo: c.min, hi: c.max })),
    ...typed.households.map((h) => ({ types: h, lo: 0, hi: 1 })),
    ...typed.types.map((type, t) => ({ types: [t], lo: 0, hi: Math.min(type.members.length, typed.seats) })),
  ];
}

/**
 * Integers within their bounds, meeting the rows, as close as possible to their aims (Σ weight ×
 * |value − aim|, each distance an auxiliary variable). Undefined when no such integers exist.
 */
async function closestIntegers(
  variables: readonly { name: string; aim: number; weight: number; bounds: readonly [number, number] }[],
  rows: readonly string[],
): Promise<Map<string, number> | undefined> {
  const distance = (name: string) => `dist_${name}`;
  const model = [
    'Minimize',
    ` obj: ${linear(variables.map((v) => [v.weight, distance(v.name)]))}`,
    'Subject To',
    ...rows,
    ...variables.flatMap(({ name, aim }) => [
      ` above_${name}: ${distance(name)} - ${name} >= ${-aim}`,
      ` below_${name}: ${distance(name)} + ${name} >= ${aim}`,
    ]),
    'Bounds',
    ...variables.map(({ name, bounds: [lo, hi] }) => ` ${lo} <= ${name} <= ${hi}`),
    'General',
    ...variables.map(({ name }) => ` ${name}`),
    'End',
  ].join('\n');
  const solution = (await loadHighs()).solve(model, { output_flag: false, mip_rel_gap: 0 });
  if (solution.Status !== 'Optimal') return undefined;
  const columns = solution.Columns as Record<string, { Primal: number }>;
  return new Map(variables.map(({ name }) => [name, Math.round(columns[name]?.Primal ?? 0)]));
}

const sumOver = (values: readonly number[], types: readonly number[]) => types.reduce((s, t) => s + values[t]!, 0);

/** Step 1: seat totals per type, each member within one ticket, the quotas met on average. */
async function seatTotals(typed: TypedProblem, targets: readonly number[], M: number, rows: readonly Row[]): Promise<number[] | undefined> {
  const s = (t: number) => `s${t}`;
  const all = typed.types.map((_, t) => t);
  const sizes = typed.types.map((type) => type.members.length);
  // Distance from the fair seats, per member: among the totals allowed, the closest.
  const values = await closestIntegers(
    all.map((t) => {
      const [low, high] = ticketWindow(targets[t]!);
      const top = Math.min(sizes[t]! * high, M * Math.min(sizes[t]!, typed.seats));
      return { name: s(t), aim: sizes[t]! * targets[t]!, weight: 1 / sizes[t]!, bounds: [sizes[t]! * low, top] };
    }),
    [
      ` seats: ${linear(all.map((t) => [1, s(t)]))} = ${M * typed.seats}`,
      ...rows.flatMap((row, i) => {
        if (row.types.length === 1) return []; // a type's own row is its bound
        const expr = linear(row.types.map((t) => [1, s(t)]));
        return [...(row.lo > 0 ? [` lo${i}: ${expr} >= ${M * row.lo}`] : []), ` hi${i}: ${expr} <= ${M * row.hi}`];
      }),
    ],
  );
  return values && all.map((t) => values.get(s(t))!);
}

/**
 * Step 2, one panel: valid, within the totals left, and leaving totals the other `left − 1`
 * tickets can carry on average. Among those, the closest to the average panel still to come.
 */
async function nextPanel(typed: TypedProblem, totals: readonly number[], left: number, rows: readonly Row[]): Promise<Column | undefined> {
  const p = (t: number) => `p${t}`;
  const used = typed.types.map((_, t) => t).filter((t) => totals[t]! > 0);
  const rest = left - 1;
  const constraints = rows.flatMap((row, i) => {
    const types = row.types.filter((t) => totals[t]! > 0);
    if (types.length === 0) return [];
    const inTotals = sumOver(totals, types);
    const lo = Math.max(row.lo, inTotals - rest * row.hi);
    const hi = Math.min(row.hi, inTotals - rest * row.lo);
    return [{ name: `r${i}`, types, lo, hi }];
  });
  const bounds = new Map<number, [number, number]>(used.map((t) => [t, [0, totals[t]!]]));
  const ranged: string[] = [];
  for (const c of constraints) {
    if (c.lo > c.hi) return undefined;
    if (c.types.length === 1) {
      const [lo, hi] = bounds.get(c.types[0]!)!;
      bounds.set(c.types[0]!, [Math.max(lo, c.lo), Math.min(hi, c.hi)]);
      continue;
    }
    const expr = linear(c.types.map((t) => [1, p(t)]));
    if (c.lo > 0) ranged.push(` ${c.name}lo: ${expr} >= ${c.lo}`);
    ranged.push(` ${c.name}hi: ${expr} <= ${c.hi}`);
  }
  const values = await closestIntegers(
    used.map((t) => ({ name: p(t), aim: totals[t]! / left, weight: 1, bounds: bounds.get(t)! })),
    [` seats: ${linear(used.map((t) => [1, p(t)]))} = ${typed.seats}`, ...ranged],
  );
  return values && typed.types.map((_, t) => values.get(p(t)) ?? 0);
}

/** How many times in a row the panel can be taken with the totals left still carried on average. */
function repeats(panel: Column, totals: readonly number[], left: number, rows: readonly Row[]): number {
  const fits = (n: number) =>
    rows.every((row) => {
      const remaining = sumOver(totals, row.types) - n * sumOver(panel, row.types);
      return remaining >= (left - n) * row.lo && remaining <= (left - n) * row.hi;
    });
  let n = 1;
  while (n < left && fits(n + 1)) n++;
  return n;
}

/**
 * Panels (seats per type) and their ticket counts, every member within one ticket of M × their
 * fair probability; undefined when the programs meet a dead end.
 */
export async function roundWithinOneTicket(
  typed: TypedProblem,
  targets: readonly number[],
  M: number,
): Promise<{ columns: Column[]; counts: number[] } | undefined> {
  const rows = panelRows(typed);
  const totals = await seatTotals(typed, targets, M, rows);
  if (!totals) return undefined;
  const columns: Column[] = [];
  const counts: number[] = [];
  for (let left = M; left > 0;) {
    const panel = await nextPanel(typed, totals, left, rows);
    if (!panel) return undefined;
    const n = repeats(panel, totals, left, rows);
    columns.push(panel);
    counts.push(n);
    panel.forEach((c, t) => (totals[t]! -= n * c));
    left -= n;
  }
  return { columns, counts };
}

/**
 * Seat swaps inside single tickets until every type's seat total is inside its window (see
 * ticketWindow), for a rounding that left some outside. A swap gives one ticket's seat of a type to
 * another type, only when the ticket stays a valid panel and no type leaves its window; a swap that
 * mends two types at once (one over, one under) is preferred. Returns the tickets, or undefined when
 * some type is still outside and no swap can help.
 * Deterministic: the worst type first, then tickets and types in order.
 */
export function swapIntoWindows(
  typed: TypedProblem,
  columns: readonly Column[],
  counts: readonly number[],
  targets: readonly number[],
): { columns: Column[]; counts: number[] } | undefined {
  const tickets = columns.flatMap((column, j) => Array.from({ length: counts[j]! }, () => column));
  const sizes = typed.types.map((type) => type.members.length);
  const capacity = sizes.map((m) => Math.min(m, typed.seats));
  const windows = targets.map((x, t) => ticketWindow(x).map((w) => w * sizes[t]!) as [number, number]);
  const totals = typed.types.map((_, t) => tickets.reduce((s, ticket) => s + ticket[t]!, 0));
  const householdOf = new Map<number, number>();
  typed.households.forEach((h, k) => h.forEach((t) => householdOf.set(t, k)));
  const below = (t: number) => windows[t]![0] - totals[t]!;
  const above = (t: number) => totals[t]! - windows[t]![1];
  const seatsIn = (ticket: Column, types: readonly number[]) => types.reduce((s, t) => s + ticket[t]!, 0);
  const typesOfCell = typed.cells.map(() => [] as number[]);
  typed.types.forEach((type, t) => type.cells.forEach((j) => typesOfCell[j]!.push(t)));
  // Whether the ticket stays valid when one seat of `from` goes to `to`.
  const canSwap = (ticket: Column, from: number, to: number) => {
    if (ticket[from]! === 0 || ticket[to]! >= capacity[to]!) return false;
    const fromCells = typed.types[from]!.cells;
    const toCells = typed.types[to]!.cells;
    for (const j of fromCells) if (!toCells.includes(j) && seatsIn(ticket, typesOfCell[j]!) - 1 < typed.cells[j]!.min) return false;
    for (const j of toCells) if (!fromCells.includes(j) && seatsIn(ticket, typesOfCell[j]!) + 1 > typed.cells[j]!.max) return false;
    const home = householdOf.get(to);
    return home === undefined || home === householdOf.get(from) || seatsIn(ticket, typed.households[home]!) === 0;
  };
  const all = typed.types.map((_, t) => t);
  const validPanel = (ticket: Column) =>
    ticket.every((c, t) => c >= 0 && c <= capacity[t]!) &&
    typed.cells.every((cell, j) => {
      const seats = seatsIn(ticket, typesOfCell[j]!);
      return seats >= cell.min && seats <= cell.max;
    }) &&
    typed.households.every((h) => seatsIn(ticket, h) <= 1);
  // Each type's total ends in its window, or moves towards it without passing it.
  const staysInWindows = (changes: Map<number, number>) =>
    [...changes].every(([t, change]) => {
      const after = totals[t]! + change;
      if (after >= windows[t]![0] && after <= windows[t]![1]) return true;
      return change > 0 ? below(t) >= change : above(t) >= -change;
    });
  /** Two swaps in one ticket, the second restoring what the first broke (parity, one seat for an age bracket). */
  const doubleSwap = (worst: number, over: boolean): Move[] | undefined => {
    const tried = new Set<string>();
    for (let i = 0; i < tickets.length; i++) {
      const ticket = tickets[i]!;
      const key = ticket.join(',');
      if (tried.has(key)) continue;
      tried.add(key);
      const present = all.filter((t) => ticket[t]! > 0);
      for (const b of over ? all : present) {
        if (b === worst) continue;
        const first: [number, number] = over ? [worst, b] : [b, worst];
        for (const c of present) {
          for (const d of all) {
            if (c === d || new Set([worst, b, c, d]).size < 4) continue;
            const changes = new Map<number, number>([
              [first[0], -1],
              [first[1], 1],
              [c, -1],
              [d, 1],
            ]);
            if (!staysInWindows(changes)) continue;
            const moved = [...ticket];
            for (const [t, change] of changes) moved[t]! += change;
            if (validPanel(moved))
              return [
                [i, ...first],
                [i, c, d],
              ];
          }
        }
      }
    }
    return undefined;
  };
  /** One swap in one ticket, preferring a partner outside its window the other way. */
  const singleSwap = (worst: number, over: boolean): Move[] | undefined => {
    // Partners: types that can give a seat (when `worst` is short) or take one (when it has too many).
    const partners = all.filter((t) => t !== worst && (over ? totals[t]! < windows[t]![1] : totals[t]! > windows[t]![0]));
    const mendsBoth = (t: number) => (over ? below(t) > 0 : above(t) > 0);
    let move: { ticket: number; partner: number; both: boolean } | undefined;
    for (let i = 0; i < tickets.length && !move?.both; i++) {
      for (const t of partners) {
        if (move && !mendsBoth(t)) continue;
        if (over ? canSwap(tickets[i]!, worst, t) : canSwap(tickets[i]!, t, worst)) {
          move = { ticket: i, partner: t, both: mendsBoth(t) };
          if (move.both) break;
        }
      }
    }
    if (!move) return undefined;
    return [over ? [move.ticket, worst, move.partner] : [move.ticket, move.partner, worst]];
  };
  /**
   * A seat passed along types, one swap per ticket, from the type with too many to one with room
   * (or from one with seats to spare to the type short of them): the types in between keep their
   * totals. Shortest chain first; undefined when the chain would reuse a ticket and break it.
   */
  const chainOfSwaps = (worst: number, over: boolean): Move[] | undefined => {
    const distinct = [...new Map(tickets.map((ticket, i) => [ticket.join(','), i])).values()];
    const reachedBy = new Map<number, Move | undefined>([[worst, undefined]]);
    const queue = [worst];
    const ends = (t: number) => t !== worst && (over ? totals[t]! < windows[t]![1] : totals[t]! > windows[t]![0]);
    while (queue.length) {
      const u = queue.shift()!;
      for (const i of distinct) {
        for (const v of all) {
          if (reachedBy.has(v) || !(over ? canSwap(tickets[i]!, u, v) : canSwap(tickets[i]!, v, u))) continue;
          reachedBy.set(v, over ? [i, u, v] : [i, v, u]);
          if (!ends(v)) {
            queue.push(v);
            continue;
          }
          const chain: Move[] = [];
          for (let t = v; t !== worst;) {
            const move = reachedBy.get(t)!;
            chain.push(move);
            t = over ? move[1] : move[2];
          }
          const after = new Map<number, Column>();
          for (const [k, from, to] of chain) {
            const ticket = [...(after.get(k) ?? tickets[k]!)];
            ticket[from]!--;
            ticket[to]!++;
            after.set(k, ticket);
          }
          return [...after.values()].every(validPanel) ? chain : undefined;
        }
      }
    }
    return undefined;
  };
  for (;;) {
    let worst = -1;
    let worstBy = 0;
    for (const t of all) {
      const by = Math.max(below(t), above(t));
      if (by > worstBy) [worst, worstBy] = [t, by];
    }
    if (worst < 0) break;
    const over = above(worst) > 0;
    const moves = singleSwap(worst, over) ?? doubleSwap(worst, over) ?? chainOfSwaps(worst, over);
    if (!moves) return undefined;
    for (const [i, from, to] of moves) {
      const ticket = [...tickets[i]!];
      ticket[from]!--;
      ticket[to]!++;
      tickets[i] = ticket;
      totals[from]!--;
      totals[to]!++;
    }
  }
  // Back to distinct panels with their ticket counts, in the order first met.
  const byKey = new Map<string, number>();
  const result = { columns: [] as Column[], counts: [] as number[] };
  for (const ticket of tickets) {
    const key = ticket.join(',');
    const j = byKey.get(key);
    if (j === undefined) {
      byKey.set(key, result.columns.push(ticket) - 1);
      result.counts.push(1);
    } else result.counts[j]!++;
  }
  return result;
}
