import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { toToolsOpenData } from '../../lib/tools/open-data.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(toToolsOpenData(getContent()), null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
