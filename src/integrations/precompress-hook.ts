/**
 * The link between the precompress integration (which runs the compression threads) and the
 * prerender middleware (which runs in Astro's prerendering code, bundled apart): one value on
 * `globalThis`, under a registered symbol, present only while a build renders.
 */
export interface RenderedPageHook {
  /** False when the threads are behind: the page is then compressed at the end instead. */
  accepting: () => boolean;
  take: (bytes: Uint8Array) => void;
}

const KEY = Symbol.for('registre-ia.precompress');

export function renderedPageHook(): RenderedPageHook | undefined {
  return (globalThis as { [KEY]?: RenderedPageHook })[KEY];
}

export function setRenderedPageHook(hook: RenderedPageHook | undefined): void {
  (globalThis as { [KEY]?: RenderedPageHook })[KEY] = hook;
}
