/**
 * Rendering times by kind of page, shared between the build-phases integration and its
 * middleware (bundled apart, in Astro's prerendering code) through one value on globalThis.
 */
export type RenderTimes = Map<string, { milliseconds: number; count: number }>;

const KEY = Symbol.for('registre-ia.render-times');

export function renderTimes(): RenderTimes {
  const store = globalThis as { [KEY]?: RenderTimes };
  store[KEY] ??= new Map();
  return store[KEY];
}

/** The kind of a prerendered page, from its route (`/registre/[slug]`), as the build report names it. */
export function pageKind(route: string): string {
  if (/\.(json|csv|atom|xml|txt)$/.test(route)) return 'fichiers de données';
  if (route.endsWith('/historique')) return 'historiques';
  if (route.includes('/filtre/')) return 'pages de filtres';
  if (route === '/registre/[slug]') return 'fiches';
  return 'autres pages';
}
