import type { APIRoute } from 'astro';
import { getContent, type Draw } from '../../../../lib/content/load.ts';
import { drawOpenData } from '../../../../lib/sortition/open-data.ts';

export function getStaticPaths() {
  return [...getContent().draws.values()].map((draw) => ({ params: { committee: draw.council, draw: draw.slug }, props: { draw } }));
}

export const GET: APIRoute<{ draw: Draw }> = ({ props }) =>
  new Response(JSON.stringify(drawOpenData(props.draw, getContent().site.url), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
