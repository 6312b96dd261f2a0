import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { toOpenData } from '../../lib/open-data/json.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(toOpenData(getContent()), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
