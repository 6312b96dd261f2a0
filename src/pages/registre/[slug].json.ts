/** /registre/<slug>.json: one entry, in the shape of registre.json. */
import type { APIRoute } from 'astro';
import { getContent, type RegisterEntry } from '../../lib/content/load.ts';
import { toEntryOpenData } from '../../lib/open-data/json.ts';

export function getStaticPaths() {
  return getContent().register.map((entry) => ({ params: { slug: entry.slug }, props: { entry } }));
}

export const GET: APIRoute<{ entry: RegisterEntry }> = ({ props }) =>
  new Response(JSON.stringify(toEntryOpenData(getContent(), props.entry), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
