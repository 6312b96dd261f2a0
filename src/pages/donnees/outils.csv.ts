import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { toToolsCsv, toToolsOpenData } from '../../lib/tools/open-data.ts';

export const GET: APIRoute = () =>
  new Response(toToolsCsv(toToolsOpenData(getContent())), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
