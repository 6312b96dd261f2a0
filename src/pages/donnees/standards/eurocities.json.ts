import type { APIRoute } from 'astro';
import { getContent } from '../../../lib/content/load.ts';
import { toEurocities } from '../../../lib/open-data/standards/eurocities.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(toEurocities(getContent()), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
