import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { frenchToday } from '../../lib/format.ts';
import { toFollowUpSpreadsheet } from '../../lib/open-data/recommendations.ts';

export const GET: APIRoute = () =>
  new Response(toFollowUpSpreadsheet(getContent(), frenchToday()), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
