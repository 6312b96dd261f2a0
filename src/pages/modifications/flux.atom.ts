/** /modifications/flux.atom: the latest changes of the register entries, field by field (Atom). */
import type { APIRoute } from 'astro';
import { getContent } from '../../lib/content/load.ts';
import { historyAtom } from '../../lib/history/atom.ts';
import { getHistory, latestChanges } from '../../lib/history/history.ts';

export const GET: APIRoute = () =>
  new Response(historyAtom(getContent(), latestChanges(getHistory(), 50)), {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' },
  });
