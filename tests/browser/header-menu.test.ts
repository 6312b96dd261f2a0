/**
 * The main menu leads to the follow-up of the councils' recommendations, and on a phone it stays
 * short enough that the register still shows its first use in the first screen (390 × 844).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, hydrated, useSiteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { RunningSite } from '../helpers/server.ts';
import { FOLLOW_UP_PATH } from '../../src/lib/follow-up/recommendations.ts';

const essai = fixtureSite('essai');
const PHONE = { width: 390, height: 844 };

/** Top of the element, in CSS pixels from the top of the page as it opens. */
async function topOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`« ${selector} » n’est pas affiché sur ${page.url()}`);
  return box.y;
}

describeInBrowser('le menu principal, dans Chromium', () => {
  let site: RunningSite;
  let page: Page;
  useSiteInBrowser(essai, (env) => ({ site, page } = env));

  it('mène au suivi des recommandations, et la page du suivi s’y signale comme page courante', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${site.origin}/`);
    const menu = page.getByRole('navigation', { name: 'Navigation principale' });
    const link = menu.locator(`a[href="${FOLLOW_UP_PATH}"]`);
    expect(await link.count()).toBe(1);
    expect(await link.isVisible()).toBe(true);
    await link.click();
    await page.waitForURL(`**${FOLLOW_UP_PATH}`);
    expect(await menu.locator(`a[href="${FOLLOW_UP_PATH}"]`).getAttribute('aria-current')).toBe('page');
  });

  it('à 390 × 844, le premier usage du registre et l’entrée du registre sur l’accueil restent dans le premier écran', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${site.origin}/registre/`);
    await hydrated(page);
    expect(await topOf(page, '.entry-card')).toBeLessThan(PHONE.height);
    await page.goto(`${site.origin}/`);
    await hydrated(page);
    // The home page has no card: its way into the register is the first button under the title.
    expect(await topOf(page, 'main a.button[href="/registre/"]')).toBeLessThan(PHONE.height);
  });

  it('à 320 px, le menu tient sans faire défiler la page de côté', async () => {
    await page.setViewportSize({ width: 320, height: 700 });
    for (const url of ['/', '/registre/', FOLLOW_UP_PATH]) {
      await page.goto(`${site.origin}${url}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(320);
    }
  });
});
