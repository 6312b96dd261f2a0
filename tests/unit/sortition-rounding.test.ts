/**
 * Properties of the types of interchangeable volunteers and of the rounding to M panels, on many
 * invented pools (fast-check): every panel meets the quotas, members of a type share one fair
 * probability and their ticket counts differ by one at most, and the gap reported is the gap.
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
} from '../../src/lib/sortition/solver.ts';
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

describe('arrondi à M panels', () => {
  it('chaque panel respecte les quotas, un type partage sa chance, l’écart annoncé est l’écart mesuré', async () => {
    await fc.assert(
      fc.asyncProperty(pools, async ({ size, seed, householdShare, M }) => {
        const problem = problemOf(size, seed, householdShare);
        const distribution = await maximin(problem).catch((error: unknown) => {
          if (error instanceof QuotaError) return undefined;
          throw error;
        });
        fc.pre(distribution !== undefined);
        const { lottery, gap } = roundToLottery(distribution!, size, M);
        expect(lottery.entries.reduce((s, e) => s + e.count, 0)).toBe(M);
        for (const entry of lottery.entries) expect(meetsQuotas(problem, entry.rows)).toBe(true);
        const tickets = lotteryFrequencies(lottery, size).map((f) => Math.round(f * M));
        for (const type of distribution!.typed.types) {
          expect(new Set(type.members.map((i) => distribution!.marginals[i])).size).toBe(1);
          const counts = type.members.map((i) => tickets[i]!);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        }
        const measured = Math.max(...tickets.map((t, i) => Math.abs(t - M * distribution!.marginals[i]!)));
        expect(gap).toBeCloseTo(measured, 9);
        // The fair distribution is maximin: its lowest probability reaches the proven ceiling.
        expect(distribution!.upperBound - distribution!.lowerBound).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
