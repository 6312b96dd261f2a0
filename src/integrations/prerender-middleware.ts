/**
 * Added to the build by the precompress integration. For each page Astro prerenders, once its
 * body is complete: notes how long it took (reported by build-phases.ts), and hands a copy of
 * its bytes to the compression threads, so that compressing overlaps rendering. Outside a build,
 * and for pages rendered on demand, it does nothing.
 */
import type { MiddlewareHandler } from 'astro';
import { pageKind, renderTimes } from './build-phases-hook.ts';
import { renderedPageHook } from './precompress-hook.ts';

export const onRequest: MiddlewareHandler = async (context, next) => {
  if (!context.isPrerendered) return next();
  const started = performance.now();
  const response = await next();
  if (!response.body) return response;
  // Pages come as a stream: a page's time ends when its body is complete.
  const bytes = new Uint8Array(await response.arrayBuffer());
  const kind = pageKind(context.routePattern);
  const times = renderTimes();
  const total = times.get(kind) ?? { milliseconds: 0, count: 0 };
  times.set(kind, { milliseconds: total.milliseconds + performance.now() - started, count: total.count + 1 });
  const hook = renderedPageHook();
  // A page missed here (the threads behind) is compressed once the build is written.
  if (hook && response.status === 200 && hook.accepting()) hook.take(bytes.slice());
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
};
