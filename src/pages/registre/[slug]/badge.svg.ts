import type { APIRoute, GetStaticPaths } from 'astro';
import { getContent, type RegisterEntry } from '../../../lib/content/load.ts';
import { BADGE_LABEL, BADGE_VALUE, badgeSvg } from '../../../lib/badge/badge.ts';

export const getStaticPaths: GetStaticPaths = () =>
  getContent().register.map((entry) => ({ params: { slug: entry.slug }, props: { entry } }));

export const GET: APIRoute = ({ props }) => {
  const { entry } = props as { entry: RegisterEntry };
  const svg = badgeSvg({
    label: BADGE_LABEL,
    value: BADGE_VALUE,
    colour: getContent().site.colours.primary,
    title: `Ce service utilise l’intelligence artificielle : ${entry.title}`,
  });
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
};
