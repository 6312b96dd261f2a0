/**
 * A resident on a phone: every template reads at 320 and 390 px without scrolling sideways
 * (WCAG 1.4.10), wide tables scroll in their own focusable region, the register shows its
 * results before its filters, says when nothing matches, and nothing pretends to work without
 * JavaScript.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, hydrated, isolatedContext, useSiteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { RunningSite } from '../helpers/server.ts';
import { otherTemplates, registerTemplates } from '../helpers/templates.ts';
import { filterEntries, registerFacets } from '../../src/lib/register/facets.ts';

const essai = fixtureSite('essai');
const { content } = essai;
const templates = { ...registerTemplates(content), ...otherTemplates(content) };
const entries = content.register;
const facets = registerFacets(content.services);

/** Two values of two facets that no entry has together: the register then shows nothing. */
function emptyCombination(): string {
  for (const a of facets)
    for (const b of facets) {
      if (a.key >= b.key) continue;
      for (const x of a.options)
        for (const y of b.options) {
          const alone = (key: string, value: string) => filterEntries(entries, facets, { [key]: [value] }).length > 0;
          if (!alone(a.key, x.value) || !alone(b.key, y.value)) continue;
          if (filterEntries(entries, facets, { [a.key]: [x.value], [b.key]: [y.value] }).length === 0)
            return `?${a.key}=${x.value}&${b.key}=${y.value}`;
        }
    }
  throw new Error('le site de test doit avoir deux filtres qu’aucun usage ne réunit');
}

interface WideTable {
  caption: string;
  inRegion: boolean;
  focusable: boolean;
  named: boolean;
  shadowed: boolean;
}

/** Tables wider than the box they sit in, and how they are wrapped. */
function wideTables(page: Page): Promise<WideTable[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('main table')]
      .filter((table) => {
        const box = table.closest('.table-scroll') ?? table.parentElement!;
        return table.getBoundingClientRect().width > box.clientWidth + 1;
      })
      .map((table) => {
        const region = table.closest<HTMLElement>('.table-scroll');
        const label = region?.getAttribute('aria-labelledby');
        return {
          caption: table.querySelector('caption')?.textContent?.trim() ?? '(sans titre)',
          inRegion: region?.getAttribute('role') === 'region' && getComputedStyle(region).overflowX === 'auto',
          focusable: region?.tabIndex === 0,
          named:
            (!!label && (document.getElementById(label)?.textContent?.trim() ?? '') !== '') ||
            (region?.getAttribute('aria-label')?.trim() ?? '') !== '',
          shadowed: !!region && getComputedStyle(region).backgroundImage.includes('radial-gradient'),
        };
      }),
  );
}

describeInBrowser('sur un téléphone, dans Chromium', () => {
  let site: RunningSite;
  let browser: Browser;
  let page: Page;
  useSiteInBrowser(essai, (env) => ({ site, browser, page } = env));

  for (const width of [320, 390]) {
    it(`à ${width} px, aucune page ne défile de côté, et chaque tableau trop large défile dans sa propre région`, async () => {
      await page.setViewportSize({ width, height: 800 });
      const overflowing: string[] = [];
      const tables: (WideTable & { page: string })[] = [];
      for (const [name, url] of Object.entries(templates)) {
        await page.goto(`${site.origin}${url}`);
        await hydrated(page);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) overflowing.push(`${name} (${url}) : ${scrollWidth} px`);
        for (const table of await wideTables(page)) tables.push({ page: name, ...table });
      }
      expect(overflowing).toEqual([]);
      // A witness: at this width some table is wider than the screen, so the check below bites.
      expect(tables.length).toBeGreaterThan(0);
      expect(tables.filter((t) => !(t.inRegion && t.focusable && t.named && t.shadowed))).toEqual([]);
    });
  }

  it('à 390 px, le registre montre un premier usage dès le premier écran, les filtres repliés', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const url of ['/registre/', templates.filtre!]) {
      await page.goto(`${site.origin}${url}`);
      await hydrated(page);
      expect(await page.locator('details.filters-panel').evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
      const card = await page.locator('.entry-card').first().boundingBox();
      expect(card!.y).toBeLessThan(844);
    }
  });

  it('sur un grand écran, les filtres du registre sont ouverts à côté de la liste', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${site.origin}/registre/`);
    await hydrated(page);
    expect(await page.getByRole('form', { name: 'Filtrer le registre' }).isVisible()).toBe(true);
  });

  it('les filtres du registre ont un bouton d’envoi qui mène, filtres repliés, au nombre de résultats', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${site.origin}/registre/`);
    await hydrated(page);
    await page.getByText('Filtrer le registre', { exact: true }).first().click();
    const form = page.getByRole('form', { name: 'Filtrer le registre' });
    expect(await form.locator('button[type="submit"]').count()).toBe(1);
    const status = entries.find((e) => e.status === 'en-service')!.status;
    const expected = entries.filter((e) => e.status === status).length;
    await form.locator(`input[name="statut"][value="${status}"]`).check();
    await form.getByRole('button', { name: 'Voir les résultats' }).click();
    expect(await page.locator('details.filters-panel').evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('role'));
    expect(focused).toBe('status');
    expect(await page.getByRole('status').textContent()).toContain(`${expected} usage`);
    expect(await page.getByRole('status').isVisible()).toBe(true);
    const box = await page.getByRole('status').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(844);
  });

  it('quand aucun usage ne correspond, le registre le dit et propose d’effacer les filtres', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${site.origin}/registre/${emptyCombination()}`);
    await hydrated(page);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Aucun usage ne correspond à ces filtres.');
    expect(await page.locator('[data-register-list] .entry-card:visible').count()).toBe(0);
    const reset = page.locator('[data-register-list]').getByRole('link', { name: 'Effacer les filtres' });
    expect(await reset.isVisible()).toBe(true);
    await reset.click();
    await expect.poll(() => page.locator('[data-register-list] .entry-card:visible').count()).toBe(entries.length);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByRole('status').textContent()).toBe(`Les ${entries.length} usages sont affichés.`);
    expect(await reset.isVisible()).toBe(false);
  });

  it('la recherche a un bouton d’envoi ; sans JavaScript, elle dit où aller au lieu de « Chargement… »', async () => {
    await page.goto(`${site.origin}/recherche/?q=eau`);
    await hydrated(page);
    expect(await page.getByRole('search', { name: 'Rechercher dans le site' }).locator('button[type="submit"]').count()).toBe(1);

    const { context: noJs } = await isolatedContext(browser, site.origin, { javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${site.origin}/recherche/?q=eau`);
    const text = await plain.locator('main').innerText();
    expect(text).not.toContain('Chargement');
    expect(text).toContain('La recherche dans le site fonctionne avec JavaScript');
    expect(await plain.locator('#recherche-page').isVisible()).toBe(false);
    expect(await plain.getByRole('link', { name: 'plan du site', exact: true }).isVisible()).toBe(true);
    await noJs.close();
  });

  it('sans JavaScript, une page de filtre ne propose pas de combiner des filtres qui ne s’appliqueraient pas', async () => {
    const combine = (p: Page) => p.getByRole('link', { name: 'Combiner avec d’autres filtres' });
    await page.goto(`${site.origin}${templates.filtre}`);
    expect(await combine(page).isVisible()).toBe(true);
    const { context: noJs } = await isolatedContext(browser, site.origin, { javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${site.origin}${templates.filtre}`);
    expect(await plain.locator('h1').isVisible()).toBe(true);
    expect(await combine(plain).isVisible()).toBe(false);
    // And the register, opened from such a link, says that its list is not filtered.
    await plain.goto(`${site.origin}/registre/?statut=en-service`);
    expect(await plain.locator('main').innerText()).toContain('Sans JavaScript, cette liste montre tous les usages');
    await noJs.close();
  });

  it('aucune page à îles n’écrit d’élément style dans son corps (HTML valide)', async () => {
    for (const url of ['/recherche/', '/registre/', '/informer-les-usagers/']) {
      const html = await (await fetch(`${site.origin}${url}`)).text();
      expect(html).toContain('<astro-island');
      expect(html.slice(html.indexOf('<body'))).not.toMatch(/<style[\s>]/);
    }
  });

  for (const width of [390, 1280]) {
    it(`à ${width} px, aucune étiquette des graphiques n’est coupée`, async () => {
      await page.setViewportSize({ width, height: 800 });
      const cut: string[] = [];
      let labels = 0;
      for (const url of ['/registre/statistiques/', templates.fiche!]) {
        await page.goto(`${site.origin}${url}`);
        const found = await page.evaluate(() =>
          [...document.querySelectorAll<SVGSVGElement>('main svg')].flatMap((svg) => {
            const frame = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].map((text) => {
              const box = text.getBoundingClientRect();
              return { text: text.textContent ?? '', cut: box.left < frame.left - 0.5 || box.right > frame.right + 0.5 };
            });
          }),
        );
        labels += found.length;
        cut.push(...found.filter((f) => f.cut).map((f) => `${url} : ${f.text}`));
      }
      expect(labels).toBeGreaterThan(0);
      expect(cut).toEqual([]);
    });
  }
});
