import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { frenchToday } from '../../lib/format.ts';
import { toFollowUpAtom } from '../../lib/open-data/recommendations.ts';

export const GET: APIRoute = () =>
  new Response(toFollowUpAtom(getContent(), frenchToday()), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
