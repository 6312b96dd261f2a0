/** The hash of a draw's rules, which the commitment freezes (kept apart so the content loader needs no solver). */
import { createHash } from 'node:crypto';
import type { DrawData } from '../../schemas/draws.ts';

/** Seats, quotas, algorithm, lottery and reserve sizes, and the randomness announced. */
export function rulesHash(draw: DrawData): string {
  const { council, seats, features, algorithm, lottery_size, reserve_size, randomness } = draw;
  return createHash('sha256')
    .update(JSON.stringify({ council, seats, features, algorithm, lottery_size, reserve_size, randomness }), 'utf8')
    .digest('hex');
}
