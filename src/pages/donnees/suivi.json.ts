import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { frenchToday } from '../../lib/format.ts';
import { toFollowUpOpenData } from '../../lib/open-data/recommendations.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(toFollowUpOpenData(getContent(), frenchToday()), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
