import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { toAtom } from '../../lib/open-data/atom.ts';

export const GET: APIRoute = () =>
  new Response(toAtom(getContent()), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
