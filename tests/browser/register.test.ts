import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { axeViolations, describeInBrowser, isolatedContext, useSiteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { RunningSite } from '../helpers/server.ts';

const essai = fixtureSite('essai');
const { content } = essai;
const entries = content.register;
const someEntry = entries.find((e) => e.evaluation && e.withheld.length === 0) ?? entries[0]!;
const inService = entries.filter((e) => e.status === 'en-service');

describeInBrowser('le registre dans Chromium', () => {
  let site: RunningSite;
  let browser: Browser;
  let context: BrowserContext;
  let foreignRequests: string[];
  let cspViolations: string[];
  let page: Page;
  useSiteInBrowser(essai, (env) => ({ site, browser, context, foreignRequests, cspViolations, page } = env));

  it('une fiche ne charge aucun JavaScript et montre d’abord le résumé, puis l’encadré des recours', async () => {
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.goto(`${site.origin}/registre/${someEntry.slug}/`);
    expect(scripts).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    await expect.poll(() => page.locator('.lead').first().textContent()).toBe(someEntry.summary);
    expect(await page.getByRole('heading', { name: 'Contester, demander un examen humain' }).isVisible()).toBe(true);
    const report = page
      .getByRole('region', { name: 'Signaler une erreur dans cette fiche' })
      .getByRole('link', { name: content.services.get(someEntry.service)!.email });
    expect(await report.getAttribute('href')).toMatch(/^mailto:.+\?subject=/);
    page.removeAllListeners('request');
  });

  it('filtre aussitôt avec JavaScript et garde les filtres dans l’adresse', async () => {
    await page.goto(`${site.origin}/registre/`);
    const cards = page.locator('[data-register-list] .entry-card');
    const form = page.getByRole('form', { name: 'Filtrer le registre' });
    await form.waitFor();
    expect(await page.locator('#filtres-liens').isHidden()).toBe(true);
    expect(await cards.count()).toBe(entries.length);

    await form.getByRole('group', { name: 'Statut' }).getByLabel('En service').check();
    await expect.poll(() => page.locator('[data-register-list] .entry-card:visible').count()).toBe(inService.length);
    expect(new URL(page.url()).searchParams.getAll('statut')).toEqual(['en-service']);
    expect(await page.getByRole('status').textContent()).toContain(`${inService.length} usage`);

    // A shared URL opens with the same filters ticked.
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    await other.getByRole('form', { name: 'Filtrer le registre' }).waitFor();
    expect(await other.getByLabel('En service').isChecked()).toBe(true);
    await expect.poll(() => other.locator('[data-register-list] .entry-card:visible').count()).toBe(inService.length);
    await other.close();

    await page.getByRole('button', { name: /Effacer les filtres/ }).click();
    await expect.poll(() => page.locator('[data-register-list] .entry-card:visible').count()).toBe(entries.length);
    expect(new URL(page.url()).search).toBe('');
    expect(foreignRequests).toEqual([]);
  });

  it('combine les facettes : seuls les usages qui répondent à chacune restent visibles', async () => {
    const target = entries.find((e) => e.data.personal_data)!;
    const expected = entries.filter((e) => e.data.personal_data && e.system.hosting === target.system.hosting);
    await page.goto(`${site.origin}/registre/?donnees-personnelles=oui&hebergement=${target.system.hosting}`);
    await page.getByRole('form', { name: 'Filtrer le registre' }).waitFor();
    await expect
      .poll(() => page.locator('[data-register-list] .entry-card:visible h3').allTextContents())
      .toEqual(expect.arrayContaining(expected.map((e) => e.title)));
    expect(await page.locator('[data-register-list] .entry-card:visible').count()).toBe(expected.length);
  });

  it('sans JavaScript, liste chaque usage et filtre par des liens', async () => {
    const { context: noJs, foreignRequests: noJsForeign } = await isolatedContext(browser, site.origin, { javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${site.origin}/registre/`);
    expect(await plain.locator('[data-register-list] .entry-card').count()).toBe(entries.length);
    for (const entry of entries) expect(await plain.getByRole('link', { name: entry.title, exact: true }).count()).toBe(1);
    // The filters are folded, so that the list comes first.
    await plain.getByText('Filtrer le registre', { exact: true }).first().click();
    await plain.getByRole('navigation', { name: 'Filtrer par statut' }).getByRole('link', { name: 'En service' }).click();
    await plain.waitForURL('**/registre/filtre/statut/en-service/');
    expect((await plain.locator('.entry-card h2').allTextContents()).sort()).toEqual(inService.map((e) => e.title).sort());
    expect(noJsForeign).toEqual([]);
    await noJs.close();
  });

  it('une adresse inconnue répond 404 avec une page en français qui ramène au registre', async () => {
    const response = await page.goto(`${site.origin}/registre/usage-qui-n-existe-pas/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page introuvable');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Voir tous les usages de l’IA' }).click();
    await page.waitForURL('**/registre/');
  });

  it('la Content-Security-Policy refuse un script injecté dans une page', async () => {
    await page.goto(`${site.origin}/registre/${someEntry.slug}/`);
    const before = cspViolations.length;
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => cspViolations.length).toBeGreaterThan(before);
    cspViolations.splice(before);
  });

  it('le lien d’évitement est le premier arrêt du clavier et mène au contenu', async () => {
    await page.goto(`${site.origin}/`);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenu');
  });
});
