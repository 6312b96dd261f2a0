import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { registerJsonSchema } from '../../lib/open-data/schema.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(registerJsonSchema(getContent().site.url), null, 2), {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8' },
  });
