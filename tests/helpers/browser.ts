/**
 * Headless Debian Chromium through playwright-core. Without Chromium the browser suites say they
 * were skipped; under CI a missing Chromium is a failure, never a silent skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.ts';
import type { BuiltSite } from './dist.ts';
import type { RunningSite } from './server.ts';

export { CHROMIUM };
export const chromiumAvailable = existsSync(CHROMIUM);

if (!chromiumAvailable) {
  const message = `Chromium introuvable (${CHROMIUM}) : les tests dans le navigateur ne peuvent pas tourner.`;
  if (process.env.CI) throw new Error(`${message} En CI, c’est une erreur : installez le paquet Debian « chromium ».`);
  console.warn(`\n⚠ ${message} Suite navigateur IGNORÉE (skipped). Installez le paquet Debian « chromium » pour la lancer.\n`);
}

/** `describe` when Chromium is there, `describe.skip` otherwise (outside CI only, see above). */
export const describeInBrowser = chromiumAvailable ? describe : describe.skip;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS, '--disable-quic'],
  });
}

/**
 * A browser context that records every request leaving the site's origin and blocks it (the
 * pages must never call another host), and every Content-Security-Policy violation.
 */
export async function isolatedContext(
  browser: Browser,
  origin: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; foreignRequests: string[]; cspViolations: string[] }> {
  const context = await browser.newContext({ locale: 'fr-FR', ...options });
  const cspViolations: string[] = [];
  context.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(`${message.location().url} : ${message.text()}`);
  });
  const foreignRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  return { context, foreignRequests, cspViolations };
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core with the WCAG 2.1 A and AA rules (those RGAA follows) and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => n.target.join(' ')),
    }));
  });
}

/** Waits until every React island of the page has hydrated (Astro removes their `ssr` attribute). */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll('astro-island')].every((island) => !island.hasAttribute('ssr')));
}

export interface SiteInBrowser {
  site: RunningSite;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  foreignRequests: string[];
  cspViolations: string[];
}

/**
 * Starts a built site and Chromium once for a test file (in beforeAll), hands them over through
 * `assign`, and stops both afterwards.
 */
export function useSiteInBrowser(built: BuiltSite, assign: (env: SiteInBrowser) => void, siteEnv: Record<string, string> = {}): void {
  let env: SiteInBrowser | undefined;
  beforeAll(async () => {
    const { startSite } = await import('./server.ts');
    const site = await startSite(built, siteEnv);
    const browser = await launchChromium();
    const { context, foreignRequests, cspViolations } = await isolatedContext(browser, site.origin);
    env = { site, browser, context, page: await context.newPage(), foreignRequests, cspViolations };
    assign(env);
  });
  afterAll(async () => {
    await env?.browser.close();
    await env?.site.stop();
  });
}
