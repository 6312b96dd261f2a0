import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { followUpJsonSchema } from '../../lib/open-data/recommendations.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(followUpJsonSchema(getContent().site.url), null, 2), {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8' },
  });
