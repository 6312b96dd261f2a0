import type { APIRoute } from 'astro';
import { getContent } from '../../../lib/content/load.ts';
import { toAlgoritmeregister } from '../../../lib/open-data/standards/algoritmeregister.ts';

export const GET: APIRoute = () =>
  new Response(toAlgoritmeregister(getContent()), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
