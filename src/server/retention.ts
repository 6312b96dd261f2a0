/**
 * Retention of contributions and anti-abuse counters, run every day by `npm run consultation --
 * purge` (cron or systemd timer, see docs/consultations-archive.md). Pending contributions older
 * than `consultations.purge_days` are deleted, rejected ones moderated longer ago are erased (their
 * status and reason stay, for the published figures). The store does the work and writes one
 * audit line per contribution; a dry run only reads.
 */
import type { ContributionStore, ContributionStatus } from './store/types.ts';

export const PURGE_ACTOR = 'commande purge';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Rate-limit windows, login failures and expired sessions are pruned after two days: longer than
 * the longest window (a day), and the keyed hash of an address changes every day anyway, so an
 * older counter can never be matched again.
 */
export const COUNTER_RETENTION_MS = 2 * DAY_MS;

export interface RetentionOptions {
  store: ContributionStore;
  purgeDays: number;
  /** Slugs of the consultations in content/: a dry run can only look into those. */
  consultations: readonly string[];
  dryRun?: boolean;
  now?: Date;
  /** Who the audit log names; the command by default, the server for its own daily run. */
  actor?: string;
}

export type RetentionReport =
  | { dryRun: false; cutoff: string; contributions: number; counters: number }
  /** What a real run would touch now; counters cannot be counted without a store method. */
  | { dryRun: true; cutoff: string; pending: number; rejected: number };

/** Counts the contributions of one status that `filter` selects, page by page. */
async function countWhere(
  store: ContributionStore,
  consultation: string,
  status: ContributionStatus,
  filter: (c: { createdAt: string; moderatedAt: string | null; erasedAt: string | null }) => boolean,
) {
  let total = 0;
  let cursor: string | null = null;
  do {
    const page = await store.list({ consultation, status, limit: 500, cursor });
    total += page.items.filter(filter).length;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}

export async function applyRetention(options: RetentionOptions): Promise<RetentionReport> {
  const { store, purgeDays, now = new Date() } = options;
  const olderThanMs = purgeDays * DAY_MS;
  // The same comparison as the store's: ISO timestamps in UTC order as text.
  const cutoff = new Date(now.getTime() - olderThanMs).toISOString();
  if (options.dryRun) {
    let pending = 0;
    let rejected = 0;
    for (const consultation of options.consultations) {
      pending += await countWhere(store, consultation, 'pending', (c) => c.createdAt < cutoff);
      rejected += await countWhere(
        store,
        consultation,
        'rejected',
        (c) => c.erasedAt === null && c.moderatedAt !== null && c.moderatedAt < cutoff,
      );
    }
    return { dryRun: true, cutoff, pending, rejected };
  }
  const contributions = await store.purge({ olderThanMs, actor: options.actor ?? PURGE_ACTOR });
  const counters = await store.pruneCounters(COUNTER_RETENTION_MS);
  return { dryRun: false, cutoff, contributions, counters };
}
