/**
 * Every template of the public site beyond the register's own (tested in register.test.ts):
 * French, one h1, zero axe violation (WCAG 2.1 A/AA), no request to another host, no cookie.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { axeViolations, describeInBrowser, hydrated, useSiteInBrowser } from '../helpers/browser.ts';
import { PROJECT } from '../helpers/project.ts';
import type { RunningSite } from '../helpers/server.ts';

const content = loadContent(path.join(PROJECT, 'content'));
const entry = content.register[0]!;
const charter = content.charters[0];
const committee = [...content.committees.values()][0];
const minutes = content.minutes[0];
const page = [...content.pages.values()][0];
const openConsultation = content.consultations.find((c) => consultationStatus(c) === 'open');
const closedConsultation = content.consultations.find((c) => consultationStatus(c) === 'closed');
const archive = [...content.archives.keys()][0];

const templates: Record<string, string> = {
  statistiques: '/registre/statistiques/',
  historique: `/registre/${entry.slug}/historique/`,
  'dernières modifications': '/modifications/',
  badge: '/informer-les-usagers/',
  recherche: '/recherche/?q=eau',
  'plan du site': '/plan-du-site/',
  charte: '/charte/',
  gouvernance: '/gouvernance/',
  ...(charter && { 'version de la charte': `/charte/${charter.slug}/` }),
  ...(content.charters.length > 1 && { 'modifications de la charte': `/charte/${charter!.slug}/modifications/` }),
  ...(committee && { instance: `/gouvernance/${committee.id}/` }),
  ...(minutes && { 'compte rendu': `/comptes-rendus/${minutes.slug}/` }),
  ...(page && { 'page éditoriale': `/${page.slug}/` }),
  consultations: '/consultations/',
  ...(openConsultation && { 'consultation ouverte': `/consultations/${openConsultation.slug}/` }),
  ...(closedConsultation && { 'consultation close': `/consultations/${closedConsultation.slug}/` }),
  'ma contribution': '/consultations/ma-contribution/',
  ...(archive && { 'archive de consultation': `/consultations/${archive}/archive/` }),
};

describeInBrowser('every other template in Chromium', () => {
  let site: RunningSite;
  let browser: Browser;
  let context: BrowserContext;
  let foreignRequests: string[];
  let cspViolations: string[];
  let tab: Page;
  useSiteInBrowser((env) => ({ site, browser, context, foreignRequests, cspViolations, page: tab } = env));

  for (const [name, url] of Object.entries(templates)) {
    it(`${name} (${url}): French, one h1, no axe violation, no request to another host, no cookie`, async () => {
      const response = await tab.goto(`${site.origin}${url}`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['set-cookie']).toBeUndefined();
      expect(await tab.getAttribute('html', 'lang')).toBe('fr');
      expect(await tab.locator('h1').count()).toBe(1);
      // Audit what a visitor meets once the islands (search, copy button) have hydrated.
      await hydrated(tab);
      await tab.waitForLoadState('networkidle');
      expect(await axeViolations(tab)).toEqual([]);
      expect(foreignRequests).toEqual([]);
      expect(cspViolations).toEqual([]);
      expect(await context.cookies()).toEqual([]);
    });
  }

  it('the badge is an SVG served by the site; the snippet follows the chosen use and the button copies it', async () => {
    const svg = await tab.goto(`${site.origin}/badge-ia.svg`);
    expect(svg?.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    await tab.goto(`${site.origin}/informer-les-usagers/`);
    await hydrated(tab);
    const other = content.register.at(-1)!;
    await tab.getByLabel('Usage concerné').selectOption(other.slug);
    await tab.getByRole('button', { name: 'Copier le code' }).click();
    await expect.poll(() => tab.getByRole('status').textContent()).toBe('Code copié dans le presse-papiers.');
    const copied = await tab.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await tab.locator('#code-badge').inputValue());
    expect(copied).toContain(`/registre/${other.slug}/`);
    expect(copied).toContain('/badge-ia.svg');
  });

  it('each entry page carries its own snippet, without JavaScript', async () => {
    await tab.goto(`${site.origin}/registre/${entry.slug}/`);
    await tab.getByText('Code HTML du badge à coller sur la page du service').click();
    expect(await tab.locator('#code-badge').inputValue()).toContain(`/registre/${entry.slug}/`);
  });

  it('the keyboard reaches the search field, the navigation and the filters in a sensible order', async () => {
    await tab.goto(`${site.origin}/registre/`);
    await tab.getByRole('form', { name: 'Filtrer le registre' }).waitFor();
    const stops: string[] = [];
    for (let i = 0; i < 16; i++) {
      await tab.keyboard.press('Tab');
      stops.push(
        await tab.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('name') ?? el.textContent?.trim().slice(0, 30) ?? ''}` : '';
        }),
      );
    }
    const index = (stop: string) => stops.findIndex((s) => s.startsWith(stop));
    expect(stops[0]).toBe('a:Aller au contenu');
    expect(index('input:q')).toBeGreaterThan(0);
    expect(index('a:La charte')).toBeGreaterThan(index('input:q'));
    expect(index('input:service')).toBeGreaterThan(index('a:Données ouvertes'));
    expect(index('a:Données ouvertes')).toBeGreaterThan(index('a:Consultations'));
    // Space ticks a filter from the keyboard.
    await tab.locator('input[name="statut"]').first().focus();
    await tab.keyboard.press('Space');
    await expect.poll(() => new URL(tab.url()).searchParams.has('statut')).toBe(true);
  });
});
