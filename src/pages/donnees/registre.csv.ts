import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { toCsv } from '../../lib/open-data/csv.ts';
import { toOpenData } from '../../lib/open-data/json.ts';

export const GET: APIRoute = () =>
  new Response(toCsv(toOpenData(getContent()).entries), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
