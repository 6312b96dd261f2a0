import type { APIRoute } from 'astro';
import { getContent } from '../lib/content/load.ts';
import { badgeSvg } from '../lib/badge/badge.ts';

export const GET: APIRoute = () =>
  new Response(
    badgeSvg({ colour: getContent().site.colours.primary, title: 'Ce service utilise l’intelligence artificielle : en savoir plus' }),
    {
      headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' },
    },
  );
