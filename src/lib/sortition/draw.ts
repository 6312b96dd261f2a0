/**
 * The three public steps of a draw as pure functions over the draw file and the pool: the
 * commitment (before the randomness exists), the result (after), and the check anyone can run.
 */
import type { Commitment, DrawData, DrawResult } from '../../schemas/draws.ts';
import { greedyProbabilities } from './greedy.ts';
import { poolCounts, sha256, type Pool } from './pool.ts';
import { PublicRandom, seedText } from './randomness.ts';
import { rulesHash } from './rules.ts';
import { buildProblem, lotteryFrequencies, maximin, panelAt, roundToLottery, type Lottery, type RoundingMethod } from './solver.ts';

export { rulesHash };

export const SOFTWARE = 'registre-ia tirage 3 (maximin par types, arrondi à un billet près, HiGHS 1.15.3 WebAssembly, règle sha256-v1)';

/** The rounding a commitment's software used, so that `verifier` recomputes it bit for bit. */
export const roundingOf = (software: string): RoundingMethod => (software.startsWith('registre-ia tirage 2 ') ? 'billets' : 'fenetres');

export function lotteryFromCommitment(commitment: Pick<Commitment, 'lottery'>, M: number): Lottery {
  return { size: M, entries: commitment.lottery.map((e) => ({ count: e.count, rows: e.rows.split(' ').map(Number) })) };
}

export function lotteryHash(lottery: Lottery): string {
  return sha256(JSON.stringify({ size: lottery.size, entries: lottery.entries.map((e) => [e.count, e.rows]) }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface Preparation {
  commitment: Commitment;
  lottery: Lottery;
  /** The fair probabilities before rounding, and the largest gap (in tickets) the rounding left. */
  marginals: number[];
  gap: number;
  /** `billets` when the rounding within one ticket met a dead end and the older one took over. */
  rounding: RoundingMethod;
  lowerBound: number;
  upperBound: number;
  iterations: number;
  /** Groups of interchangeable volunteers the programs worked on. */
  types: number;
}

/** `software`: the version to compute as (the current one, or an older commitment's to verify it). */
export async function prepare(draw: DrawData, pool: Pool, date: string, greedyRuns = 2000, software = SOFTWARE): Promise<Preparation> {
  const problem = buildProblem(pool, draw);
  const distribution = await maximin(problem);
  const { lottery, gap, method } = await roundToLottery(distribution, problem.size, draw.lottery_size, roundingOf(software));
  const frequency = lotteryFrequencies(lottery, problem.size);
  const greedy = greedyRuns > 0 ? Math.min(...greedyProbabilities(problem, greedyRuns)) : undefined;
  const commitment: Commitment = {
    date,
    pool_sha256: pool.sha256,
    pool_size: problem.size,
    quotas_sha256: rulesHash(draw),
    software,
    lottery_sha256: lotteryHash(lottery),
    pool_counts: poolCounts(pool, draw),
    probability: { min: round6(Math.min(...frequency)), median: round6(median(frequency)), max: round6(Math.max(...frequency)) },
    ...(greedy === undefined ? {} : { greedy_min_probability: round6(greedy) }),
    rounding_gap: round6(gap),
    lottery: lottery.entries.map((e) => ({ count: e.count, rows: e.rows.join(' ') })),
  };
  return {
    commitment,
    lottery,
    marginals: distribution.marginals,
    gap,
    rounding: method,
    lowerBound: distribution.lowerBound,
    upperBound: distribution.upperBound,
    iterations: distribution.iterations,
    types: distribution.typed.types.length,
  };
}

export class DrawError extends Error {}

/** The panel and reserves that the public numbers give, as pool rows. */
/** `reserveCount`: how many of the reserve order to return (the published list by default, all for a replacement). */
export function drawRows(
  drawName: string,
  draw: DrawData,
  numbers: readonly number[],
  poolSize: number,
  reserveCount = draw.reserve_size,
): { index: number; seats: number[]; reserves: number[] } {
  const commitment = draw.commitment;
  if (!commitment) throw new DrawError('aucun engagement publié : lancez d’abord « preparer »');
  const lottery = lotteryFromCommitment(commitment, draw.lottery_size);
  if (lotteryHash(lottery) !== commitment.lottery_sha256)
    throw new DrawError('les panels publiés ne correspondent pas à leur empreinte : le fichier du tirage a été modifié');
  const random = new PublicRandom(seedText(drawName, commitment.lottery_sha256, numbers));
  const index = random.below(draw.lottery_size);
  const seats = panelAt(lottery, index);
  const inPanel = new Set(seats);
  const others = Array.from({ length: poolSize }, (_, i) => i).filter((i) => !inPanel.has(i));
  const reserves = random.shuffle(others).slice(0, reserveCount);
  return { index, seats, reserves };
}

export function checkPool(draw: DrawData, pool: Pool): void {
  const commitment = draw.commitment;
  if (!commitment) throw new DrawError('aucun engagement publié : lancez d’abord « preparer »');
  if (pool.sha256 !== commitment.pool_sha256) {
    throw new DrawError(
      `la liste des volontaires ne correspond pas à l’engagement : son empreinte est ${pool.sha256}, l’engagement publié le ${commitment.date} porte ${commitment.pool_sha256}. Le tirage est refusé.`,
    );
  }
  if (rulesHash(draw) !== commitment.quotas_sha256)
    throw new DrawError('les règles du tirage (sièges, quotas, loterie, hasard) ont changé depuis l’engagement : le tirage est refusé');
}

export function makeResult(
  drawName: string,
  draw: DrawData,
  pool: Pool,
  numbers: readonly number[],
  date: string,
  codeOf: (row: number) => string,
): DrawResult {
  checkPool(draw, pool);
  if (date < draw.randomness.date)
    throw new DrawError(`le hasard public annoncé n’existe que le ${draw.randomness.date} : pas de tirage avant`);
  const { index, seats, reserves } = drawRows(drawName, draw, numbers, pool.volunteers.length);
  return {
    date,
    numbers: [...numbers],
    index,
    seats: seats.map((row) => ({ code: codeOf(row), row })),
    reserves: reserves.map((row) => ({ code: codeOf(row), row })),
    counts: draw.features.flatMap((f) =>
      f.values.map((v) => ({
        feature: f.key,
        value: v.value,
        count: seats.filter((row) => pool.volunteers[row]!.features[f.key] === v.value).length,
      })),
    ),
  };
}
