import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { toolsJsonSchema } from '../../lib/tools/open-data.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(toolsJsonSchema(getContent().site.url), null, 2), {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8' },
  });
