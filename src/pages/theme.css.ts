/** The authority's colours from its settings, as a stylesheet: no inline style, so the CSP needs no 'unsafe-inline'. */
import type { APIRoute } from 'astro';
import { getContent } from '../lib/content/load.ts';

export const GET: APIRoute = () => {
  const { colours } = getContent().site;
  // html:root outranks the defaults of global.css whatever the order of the stylesheets.
  return new Response(`html:root{--primary:${colours.primary};--accent:${colours.accent}}\n`, {
    headers: { 'Content-Type': 'text/css; charset=utf-8' },
  });
};
