/** The catalogue of tools in a browser: found by the search; without JavaScript, its filters are links to pages showing only their tools. */
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, isolatedContext, useSiteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { RunningSite } from '../helpers/server.ts';

const essai = fixtureSite('essai');
const { tools } = essai.content;

describeInBrowser('le catalogue des outils dans Chromium', () => {
  let site: RunningSite;
  let browser: Browser;
  let page: Page;
  useSiteInBrowser(essai, (env) => ({ site, browser, page } = env));

  it('la recherche du site trouve un outil du catalogue par son nom', async () => {
    await page.goto(`${site.origin}/recherche/?q=transcripteur`);
    await page.locator('.search-results li').first().waitFor();
    const links = await page
      .locator('.search-results h2 a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toContain('/outils/transcription-en-ligne/');
  });

  it('sans JavaScript, se filtre par classe de données puis par statut, et mène à la fiche d’un outil et aux usages qui s’y appuient', async () => {
    const { context, foreignRequests } = await isolatedContext(browser, site.origin, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.origin}/outils/`);
    await page.getByText('Filtrer le catalogue', { exact: true }).first().click();
    await page
      .getByRole('navigation', { name: 'Filtrer par données permises' })
      .getByRole('link', { name: 'Données personnelles' })
      .click();
    expect(await page.locator('h1').innerText()).toBe('Données permises : Données personnelles');
    const shown = await page.locator('main .entry-list h2').allInnerTexts();
    expect(shown).toEqual(tools.filter((t) => t.decision.data_classes.includes('personnelles')).map((t) => t.name));
    // A witness: the catalogue has tools this filter leaves out.
    expect(shown.length).toBeLessThan(tools.length);
    await page.getByText('Filtrer le catalogue', { exact: true }).first().click();
    await page.getByRole('navigation', { name: 'Filtrer par statut' }).getByRole('link', { name: 'Refusé' }).click();
    expect(await page.locator('main').innerText()).toContain('Motifs');
    await page.goto(`${site.origin}/outils/assistant-interne/`);
    await page.getByRole('link', { name: 'Détection des fuites sur le réseau d’eau potable' }).click();
    expect(new URL(page.url()).pathname).toBe('/registre/detection-fuites-reseau-eau/');
    expect(await page.getByRole('link', { name: 'Assistant rédactionnel interne' }).isVisible()).toBe(true);
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});
