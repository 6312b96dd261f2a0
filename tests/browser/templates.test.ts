/**
 * Every template of the public site, on the demo and on the fixture site:
 * French, one h1, zero axe violation (WCAG 2.1 A/AA), no request to another host, no cookie.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { axeViolations, describeInBrowser, hydrated, useSiteInBrowser } from '../helpers/browser.ts';
import { DEMO, type BuiltSite } from '../helpers/dist.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { RunningSite } from '../helpers/server.ts';
import { otherTemplates, registerTemplates } from '../helpers/templates.ts';

// The demo as shipped (whatever content/ holds), and the fixture site, which has a consultation
// of each kind whatever the date.
const essai = fixtureSite('essai');
const sites: [string, BuiltSite, ReturnType<typeof loadContent>][] = [
  ['la démonstration', DEMO, loadContent(DEMO.contentDir)],
  ['le site de test', essai, essai.content],
];

for (const [siteName, built, content] of sites) {
  const entry = content.register[0]!;
  const templates = { ...registerTemplates(content), ...otherTemplates(content) };

  describeInBrowser(`chaque gabarit dans Chromium : ${siteName}`, () => {
    let site: RunningSite;
    let context: BrowserContext;
    let foreignRequests: string[];
    let cspViolations: string[];
    let tab: Page;
    useSiteInBrowser(built, (env) => ({ site, context, foreignRequests, cspViolations, page: tab } = env));

    for (const [name, url] of Object.entries(templates)) {
      it(`${name} (${url}) : en français, un seul h1, aucune violation axe, aucune requête vers un autre hôte, aucun cookie`, async () => {
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

    it('le badge est un SVG servi par le site ; le code suit l’usage choisi et le bouton le copie', async () => {
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

    it('chaque fiche porte son propre code du badge, sans JavaScript', async () => {
      await tab.goto(`${site.origin}/registre/${entry.slug}/`);
      await tab.getByText('Code HTML du badge à coller sur la page du service').click();
      expect(await tab.locator('#code-badge').inputValue()).toContain(`/registre/${entry.slug}/`);
    });

    it('le clavier atteint le champ de recherche, la navigation et les filtres dans un ordre sensé', async () => {
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
}
