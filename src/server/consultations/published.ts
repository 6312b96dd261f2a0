/** What the consultation page shows of the store: the moderation figures and a page of approved contributions. */
import type { ConsultationCounts, ContributionStore, ListPage } from '../store/types.ts';

const PAGE_SIZE = 20;

export interface PublishedContributions {
  counts: ConsultationCounts;
  page: ListPage;
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
  return { counts, page };
}
