import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { toToolsAtom } from '../../lib/tools/open-data.ts';

export const GET: APIRoute = () =>
  new Response(toToolsAtom(getContent()), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
