/**
 * Says at the end of each build where prerendering spent its time, by kind of page: entry pages,
 * history pages, filter pages, open data files, other pages. Astro renders several pages at once
 * (build.concurrency), so the figures are sums of each page's rendering time, which overlap:
 * they give the shares of the prerendering, not wall-clock durations. `npm run bench` reads them.
 * The times are taken by src/integrations/prerender-middleware.ts, which precompress adds.
 */
import type { AstroIntegration } from 'astro';
import { renderTimes } from './build-phases-hook.ts';

export function buildPhases(): AstroIntegration {
  return {
    name: 'registre-ia:build-phases',
    hooks: {
      'astro:build:start': () => {
        renderTimes().clear();
      },
      'astro:build:done': ({ logger }) => {
        const times = [...renderTimes()].sort(([, a], [, b]) => b.milliseconds - a.milliseconds);
        if (!times.length) return;
        const parts = times.map(([kind, { milliseconds, count }]) => `${kind} ${count} en ${Math.round(milliseconds)} ms`);
        logger.info(`rendu par sorte de page (durées cumulées) : ${parts.join(' ; ')}`);
      },
    },
  };
}
