/**
 * A resident follows the councils' recommendations in Chromium with JavaScript turned off (axe,
 * which needs it, checks these templates in templates.test.ts).
 */
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, isolatedContext, useSiteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { RunningSite } from '../helpers/server.ts';

const essai = fixtureSite('essai');
const opinion = essai.content.opinions[0]!;
const late = opinion.recommendations.find((r) => r.id === 'regle-urgence')!;
const notRetained = opinion.recommendations.find((r) => r.answer?.status === 'non-retenue')!;

describeInBrowser('le suivi des recommandations, sans JavaScript', () => {
  let site: RunningSite;
  let browser: Browser;
  useSiteInBrowser(essai, (env) => ({ site, browser } = env));

  it('de l’accueil au suivi, filtré par des liens, jusqu’à la réponse et l’appréciation du conseil', async () => {
    const { context, foreignRequests } = await isolatedContext(browser, site.origin, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    await page
      .getByRole('region', { name: 'Les suites données aux avis des conseils' })
      .getByRole('link', { name: 'Suivre les recommandations' })
      .click();
    await page.waitForURL('**/suivi/');
    await page.getByRole('navigation', { name: 'Filtrer par échéance' }).getByRole('link', { name: 'En retard' }).click();
    await page.waitForURL('**/suivi/retard/en-retard/');
    const rows = page.locator('table.follow-up-table tbody tr');
    expect(await rows.count()).toBe(1);
    await rows
      .first()
      .getByRole('link', { name: new RegExp(late.title) })
      .click();
    await expect
      .poll(() => page.url())
      .toBe(`${site.origin}/gouvernance/${opinion.committee}/avis/${opinion.id}/#recommandation-${late.id}`);
    const section = page.getByRole('region', { name: `Recommandation ${late.number} — ${late.title}` });
    await expect.poll(() => section.getByText('Réponse de la collectivité').count()).toBe(1);
    expect(await section.getByText('Appréciation du conseil').count()).toBe(1);
    expect(await section.getByText('En retard', { exact: true }).count()).toBe(1);
    expect(await section.locator('.milestones > li').count()).toBe(late.answer!.milestones.length);
    await page.goto(`${site.origin}/suivi/reponse/non-retenue/`);
    expect(await page.locator('table.follow-up-table tbody th').allTextContents()).toEqual([`${notRetained.number}. ${notRetained.title}`]);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
