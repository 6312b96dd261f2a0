/**
 * Properties of the types of interchangeable volunteers and of the rounding to M panels, on many
 * invented pools (fast-check): every panel meets the quotas, members of a type share one fair
 * probability and their ticket counts differ by one at most, each volunteer sits on a number of
 * tickets within one of M × their fair probability, and the gap reported is the gap.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePool } from '../../src/lib/sortition/pool.ts';
import {
  buildProblem,
  groupTypes,
  lotteryFrequencies,
  maximin,
  meetsQuotas,
  QuotaError,
  roundToLottery,
  type Distribution,
  type RoundingMethod,
} from '../../src/lib/sortition/solver.ts';
import { roundWithinOneTicket, swapIntoWindows, ticketWindow } from '../../src/lib/sortition/rounding.ts';
import { syntheticPoolCsv } from '../../src/lib/sortition/synthetic.ts';
import { COMMUNES, fixtureDraw } from '../helpers/draw-fixture.ts';

const draw = fixtureDraw({ lottery_size: 100, reserve_size: 2 });

const pools = fc.record({
  size: fc.integer({ min: 20, max: 60 }),
  seed: fc.string({ minLength: 1, maxLength: 8 }),
  householdShare: fc.constantFrom(0, 0.1, 0.25),
  M: fc.constantFrom(20, 100, 1000),
});

const problemOf = (size: number, seed: string, householdShare: number) =>
  buildProblem(parsePool(syntheticPoolCsv({ size, seed, communes: COMMUNES, householdShare }), draw), draw);

describe('types de volontaires interchangeables', () => {
  it('chaque volontaire est dans un seul type ; un type partage toutes ses valeurs ; un membre de foyer est seul', () => {
    fc.assert(
      fc.property(pools, ({ size, seed, householdShare }) => {
        const problem = problemOf(size, seed, householdShare);
        const { types } = groupTypes(problem);
        const rows = types.flatMap((t) => t.members).sort((a, b) => a - b);
        expect(rows).toEqual(Array.from({ length: size }, (_, i) => i));
        const inHousehold = new Set(problem.households.flat());
        for (const type of types) {
          for (const cell of problem.cells) expect(new Set(type.members.map((i) => cell.members.includes(i))).size).toBe(1);
          if (type.members.some((i) => inHousehold.has(i))) expect(type.members).toHaveLength(1);
        }
      }),
      { numRuns: 40 },
    );
  });
});

const fairProblem = async (size: number, seed: string, householdShare: number) => {
  const problem = problemOf(size, seed, householdShare);
  const distribution = await maximin(problem).catch((error: unknown) => {
    if (error instanceof QuotaError) return undefined;
    throw error;
  });
  fc.pre(distribution !== undefined);
  return { problem, distribution: distribution! };
};

/** Ticket counts as panels of seats per type: M in all, each a valid panel, each type within its window. */
function expectWithinWindows(distribution: Distribution, rounded: { columns: number[][]; counts: number[] }, M: number) {
  const { typed, marginals } = distribution;
  expect(rounded.counts.reduce((s, c) => s + c, 0)).toBe(M);
  typed.types.forEach((type, t) => {
    const seats = rounded.columns.reduce((s, column, j) => s + column[t]! * rounded.counts[j]!, 0);
    const [low, high] = ticketWindow(M * marginals[type.members[0]!]!);
    expect(seats).toBeGreaterThanOrEqual(low * type.members.length);
    expect(seats).toBeLessThanOrEqual(high * type.members.length);
  });
  for (const column of rounded.columns) {
    expect(column.reduce((s, c) => s + c, 0)).toBe(typed.seats);
    typed.cells.forEach((cell, j) => {
      const seats = typed.types.reduce((s, type, t) => s + (type.cells.includes(j) ? column[t]! : 0), 0);
      expect(seats).toBeGreaterThanOrEqual(cell.min);
      expect(seats).toBeLessThanOrEqual(cell.max);
    });
    for (const household of typed.households) expect(household.reduce((s, t) => s + column[t]!, 0)).toBeLessThanOrEqual(1);
    typed.types.forEach((type, t) => expect(column[t]!).toBeLessThanOrEqual(type.members.length));
  }
}

describe('arrondi à M panels', () => {
  it('chaque panel respecte les quotas, chacun est à un billet près de sa chance équitable, l’écart annoncé est l’écart mesuré', async () => {
    await fc.assert(
      fc.asyncProperty(pools, fc.constantFrom<RoundingMethod>('fenetres', 'billets'), async ({ size, seed, householdShare, M }, method) => {
        const { problem, distribution } = await fairProblem(size, seed, householdShare);
        const { lottery, gap, method: used } = await roundToLottery(distribution, size, M, method);
        expect(lottery.entries.reduce((s, e) => s + e.count, 0)).toBe(M);
        for (const entry of lottery.entries) expect(meetsQuotas(problem, entry.rows)).toBe(true);
        const tickets = lotteryFrequencies(lottery, size).map((f) => Math.round(f * M));
        for (const type of distribution.typed.types) {
          expect(new Set(type.members.map((i) => distribution.marginals[i])).size).toBe(1);
          const counts = type.members.map((i) => tickets[i]!);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        }
        const measured = Math.max(...tickets.map((t, i) => Math.abs(t - M * distribution.marginals[i]!)));
        expect(gap).toBeCloseTo(measured, 9);
        if (method === 'fenetres') {
          expect(used).toBe('fenetres');
          expect(gap).toBeLessThanOrEqual(1 + 1e-9);
        } else expect(used).toBe('billets');
        // The fair distribution is maximin: its lowest probability reaches the proven ceiling.
        expect(distribution.upperBound - distribution.lowerBound).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 30 },
    );
  }, 180_000);

  it('les deux voies vers un billet près (échanges de sièges, programmes en nombres entiers) donnent des panels valides dans les fenêtres', async () => {
    // Each way alone, on fixed pools: each must succeed somewhere, and whatever it returns must hold.
    const succeeded = { programs: 0, swaps: 0 };
    for (const [size, seed, householdShare, M] of [
      [24, 'a', 0, 100],
      [36, 'b', 0.1, 1000],
      [48, 'c', 0.25, 1000],
      [60, 'd', 0.1, 100],
      [30, 'e', 0.25, 20],
      [55, 'f', 0, 1000],
    ] as const) {
      const distribution = await maximin(problemOf(size, seed, householdShare));
      const { typed, marginals, columns, weights } = distribution;
      const targets = typed.types.map((type) => M * marginals[type.members[0]!]!);
      const programs = await roundWithinOneTicket(typed, targets, M);
      if (programs) expectWithinWindows(distribution, programs, M);
      // Swaps from the plain rounding of the weights, without the polishing.
      const plain = weights.map((w) => Math.floor(w * M));
      plain[weights.indexOf(Math.max(...weights))]! += M - plain.reduce((s, c) => s + c, 0);
      const swapped = swapIntoWindows(typed, columns, plain, targets);
      if (swapped) expectWithinWindows(distribution, swapped, M);
      succeeded.programs += programs ? 1 : 0;
      succeeded.swaps += swapped ? 1 : 0;
    }
    expect(succeeded.programs).toBeGreaterThan(0);
    expect(succeeded.swaps).toBeGreaterThan(0);
  }, 180_000);
});

describe('fenêtre de billets', () => {
  it('une part fractionnaire s’arrondit en dessous ou au-dessus ; une part entière admet un billet de plus ou de moins', () => {
    expect(ticketWindow(0)).toEqual([0, 0]);
    expect(ticketWindow(0.4)).toEqual([0, 1]);
    expect(ticketWindow(57.85)).toEqual([57, 58]);
    expect(ticketWindow(40)).toEqual([39, 41]);
    expect(ticketWindow(40 + 1e-12)).toEqual([39, 41]);
  });
});
