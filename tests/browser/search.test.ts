import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations, describeInBrowser, isolatedContext, useSiteInBrowser } from '../helpers/browser.ts';
import type { RunningSite } from '../helpers/server.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';

const essai = fixtureSite('essai');

describeInBrowser('recherche dans le site, dans Chromium', () => {
  let site: RunningSite;
  let browser: Browser;
  let foreignRequests: string[];
  let cspViolations: string[];
  let page: Page;
  useSiteInBrowser(essai, (env) => ({ site, browser, foreignRequests, cspViolations, page } = env));

  it('le formulaire de l’en-tête de chaque page envoie la recherche à /recherche/, qui montre des résultats avec extraits', async () => {
    await page.goto(`${site.origin}/`);
    await page.getByRole('searchbox', { name: 'Rechercher dans le site' }).fill('fuites');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.waitForURL('**/recherche/?q=fuites');
    const results = page.locator('.search-results li');
    await results.first().waitFor();
    const titles = await page.locator('.search-results h2').allTextContents();
    expect(titles).toContain('Détection des fuites sur le réseau d’eau potable');
    expect(await page.locator('.search-results mark').count()).toBeGreaterThan(0);
    expect(await page.getByRole('status').textContent()).toMatch(/\d+ résultats? pour « fuites »/);
    expect(await axeViolations(page)).toEqual([]);
    expect(foreignRequests).toEqual([]);
    // Pagefind runs WebAssembly under the page's CSP: nothing may be refused.
    expect(cspViolations).toEqual([]);
  });

  it('filtre par type de page et garde la recherche et les filtres dans l’adresse', async () => {
    await page.goto(`${site.origin}/recherche/?q=comit%C3%A9`);
    await page.locator('.search-results li').first().waitFor();
    const all = Number((await page.getByRole('status').textContent())!.match(/\d+/)![0]);
    await page.getByText('Affiner par type de page').click();
    await page
      .getByRole('group', { name: 'Type de page' })
      .getByLabel(/Usage du registre/)
      .check();
    await expect.poll(async () => Number((await page.getByRole('status').textContent())!.match(/\d+/)?.[0] ?? 0)).toBeLessThan(all);
    expect(new URL(page.url()).searchParams.get('type')).toBe('Usage du registre');
    await expect
      .poll(async () => [...new Set(await page.locator('.search-results .tag').allTextContents())])
      .toEqual(['Usage du registre']);
  });

  it('met en tête ce qu’un habitant cherche, avec ses mots à lui', { timeout: 120_000 }, async () => {
    const expected: [string, string][] = [
      ['aide au logement', '/registre/priorisation-demandes-fsl/'],
      ['expulsion', '/registre/priorisation-demandes-fsl/'],
      ['impayés d’énergie', '/registre/priorisation-demandes-fsl/'],
      ['reconnaissance faciale', '/registre/detection-emotions-accueil/'],
      ['caméras à l’accueil', '/registre/detection-emotions-accueil/'],
      ['biométrie', '/registre/detection-emotions-accueil/'],
      ['fuites d’eau', '/registre/detection-fuites-reseau-eau/'],
      ['eau potable', '/registre/detection-fuites-reseau-eau/'],
      ['capteurs', '/registre/detection-fuites-reseau-eau/'],
      ['traduction', '/registre/traduction-orale-accueil/'],
      ['langues étrangères', '/registre/traduction-orale-accueil/'],
      ['reconnaissance vocale', '/registre/traduction-orale-accueil/'],
    ];
    for (const [query, url] of expected) {
      await page.goto(`${site.origin}/recherche/?q=${encodeURIComponent(query)}`);
      await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000, message: query }).toMatch(/résultat/);
      const top = await page
        .locator('.search-results h2 a')
        .evaluateAll((anchors) => anchors.slice(0, 3).map((a) => a.getAttribute('href')));
      expect(top, query).toContain(url);
      // The small words of the query are not highlighted across the excerpts.
      const marked = (await page.locator('.search-results mark').allTextContents()).map((m) => m.toLowerCase());
      expect(
        marked.filter((m) => ['au', 'à', 'de', 'la', 'le', 'les', 'des'].includes(m)),
        query,
      ).toEqual([]);
    }
  });

  it('« logement » ne surligne ni ne trouve « logiciel », qui partage son radical', async () => {
    await page.goto(`${site.origin}/recherche/?q=logement`);
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/résultat/);
    const marked = (await page.locator('.search-results mark').allTextContents()).map((m) => m.toLowerCase());
    expect(marked.some((m) => m.startsWith('logement'))).toBe(true);
    expect(marked.filter((m) => m.startsWith('logiciel'))).toEqual([]);
    // The consultation speaks of both: it is found for the housing, without its software marked.
    const links = await page.locator('.search-results h2 a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toContain('/consultations/avis-priorisation-aides-logement/');
    // A word still being typed finds what it begins.
    await page.goto(`${site.origin}/recherche/?q=logic`);
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/résultat/);
    expect((await page.locator('.search-results mark').allTextContents()).map((m) => m.toLowerCase())).toContain('logiciel');
  });

  it('trouve les consultations, rendues à la demande, et leur archive', async () => {
    await page.goto(`${site.origin}/recherche/?q=expulsion&type=Consultation`);
    await page.locator('.search-results li').first().waitFor();
    const links = await page.locator('.search-results h2 a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toContain('/consultations/avis-priorisation-aides-logement/');
    await page.goto(`${site.origin}/recherche/?q=tablette&type=Consultation`);
    await page.locator('.search-results li').first().waitFor();
    const archived = await page.locator('.search-results h2 a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(archived).toContain('/consultations/bilan-interpretes-accueil/archive/');
  });

  it('le dit quand rien ne correspond', async () => {
    await page.goto(`${site.origin}/recherche/?q=zzzxqw`);
    // The index loads first: on a busy machine that takes more than the poll's default second.
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Aucun résultat pour « zzzxqw ».');
  });

  it('sans JavaScript, explique où aller à la place', async () => {
    const { context: noJs } = await isolatedContext(browser, site.origin, { javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${site.origin}/recherche/?q=eau`);
    expect(await plain.locator('#recherche-sans-js').isVisible()).toBe(true);
    expect(await plain.getByRole('link', { name: 'registre et ses filtres' }).getAttribute('href')).toBe('/registre/');
    await noJs.close();
  });
});
