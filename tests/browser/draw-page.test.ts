/**
 * The page of a draw by lot on the fixture site: readable without JavaScript, zero axe violation,
 * no sideways scrolling at 320 px, and the figures it shows are those of the published file.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations, describeInBrowser, useSiteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { RunningSite } from '../helpers/server.ts';

const essai = fixtureSite('essai');
const draw = [...essai.content.draws.values()].find((d) => d.result)!;
const url = `/gouvernance/${draw.council}/tirages/${draw.slug}/`;

describeInBrowser('la page d’un tirage au sort, dans Chromium', () => {
  let site: RunningSite;
  let page: Page;
  useSiteInBrowser(essai, (env) => ({ site, page } = env));

  it('aucune violation axe, aucun script, et les codes du panel actuel', async () => {
    const response = await page.goto(`${site.origin}${url}`);
    expect(response?.status()).toBe(200);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.locator('main script').count()).toBe(0);
    const codes = await page.locator('ul.codes code').allTextContents();
    const replaced = draw.replacements[0]!;
    expect(codes).toContain(replaced.joining);
    expect(codes).not.toContain(replaced.leaving);
    expect(await page.getByText(`panel n°\u00a0${draw.result!.index} sur ${draw.lottery_size}`).count()).toBe(1);
  });

  it('à 320 px, la page ne défile pas de côté', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${site.origin}${url}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('la page de l’instance renvoie vers le tirage', async () => {
    await page.goto(`${site.origin}/gouvernance/${draw.council}/`);
    expect(await page.locator(`a[href="${url}"]`).count()).toBe(1);
  });
});
