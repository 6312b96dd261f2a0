import type { APIRoute } from 'astro';
import { getContent } from '../../../lib/content/load.ts';
import { toAtrs } from '../../../lib/open-data/standards/atrs.ts';

export const GET: APIRoute = () => new Response(toAtrs(getContent()), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
