/** What the consultation page shows of the store: the moderation figures, the answers' totals and a page of approved contributions. */
import type { ConsultationCounts, ContributionStore, JsonObject, ListPage } from '../store/types.ts';

const PAGE_SIZE = 20;
/**
 * The totals need every approved contribution: they are read once, then reused while the
 * moderation figures stay the same, for at most this long (a decision undone and another taken
 * leaves the figures unchanged).
 */
const ANSWERS_REUSED_MS = 30_000;

export interface PublishedContributions {
  counts: ConsultationCounts;
  page: ListPage;
  /** The answers of every approved contribution, for the totals of the closed questions. */
  answers: readonly { answers: JsonObject }[];
}

const answersRead = new Map<string, { figures: string; readAt: number; answers: { answers: JsonObject }[] }>();

async function approvedAnswers(store: ContributionStore, consultation: string, counts: ConsultationCounts) {
  const figures = JSON.stringify(counts.byStatus);
  const known = answersRead.get(consultation);
  if (known && known.figures === figures && Date.now() - known.readAt < ANSWERS_REUSED_MS) return known.answers;
  const answers = (await store.exportApproved(consultation)).map(({ answers }) => ({ answers }));
  answersRead.set(consultation, { figures, readAt: Date.now(), answers });
  return answers;
}

/** `cursor` is the keyset cursor of the page asked for (`?apres=`); a bad one gives the first page. */
export async function publishedContributions(
  store: ContributionStore,
  consultation: string,
  cursor: string | null,
): Promise<PublishedContributions> {
  const counts = await store.counts(consultation);
  const query = { consultation, status: 'approved', limit: PAGE_SIZE } as const;
  let page: ListPage;
  try {
    page = await store.list({ ...query, cursor });
  } catch {
    page = await store.list(query);
  }
  return { counts, page, answers: await approvedAnswers(store, consultation, counts) };
}
