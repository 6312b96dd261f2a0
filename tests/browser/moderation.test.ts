/**
 * A moderator in Chromium, at the keyboard: logs in, approves one contribution, rejects another
 * with a published rule, reads the audit log. Zero axe violation on the login, queue and audit
 * pages; the session cookie stays on /moderation/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { hashPassword } from '../../src/server/moderation/password.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { Contribution } from '../../src/server/store/types.ts';
import { axeViolations, describeInBrowser, useSiteInBrowser } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import type { RunningSite } from '../helpers/server.ts';

const essai = fixtureSite('essai');
const { content } = essai;
const consultation = content.consultations.find((c) => consultationStatus(c) === 'open')!;
const textQuestion = consultation.questions.find((q) => q.kind === 'avis')!;
const rule = content.moderation.rules[0]!;
const PASSWORD = 'une phrase de passe assez longue';

describeInBrowser('la modération dans Chromium, au clavier', () => {
  let site: RunningSite;
  let context: BrowserContext;
  let foreignRequests: string[];
  let cspViolations: string[];
  let tab: Page;
  useSiteInBrowser(essai, (env) => ({ site, context, foreignRequests, cspViolations, page: tab } = env));
  const seeded: Contribution[] = [];

  beforeAll(async () => {
    const store = await openStore({ dataDir: site.dataDir });
    await store.createStaff('alice', await hashPassword(PASSWORD));
    for (const [i, text] of ['Une règle simple me paraît plus juste.', 'Venez acheter nos logiciels !'].entries()) {
      const { contribution } = await store.create({
        consultation: consultation.slug,
        answers: { [textQuestion.id]: text },
        pseudonym: `Habitant ${i + 1}`,
        profile: { commune: content.site.communes[0]!, age_bracket: '45-59' },
        receiptHash: `empreinte-${i}`,
        idempotencyKey: `cle-navigateur-${String(i).padStart(6, '0')}`,
      });
      seeded.push(contribution);
    }
    await store.close();
  });

  const focused = () => tab.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');

  it('la page de connexion, sans violation axe ; connexion au clavier ; le cookie reste sur /moderation/', async () => {
    const response = await tab.goto(`${site.origin}/moderation/`);
    expect(response?.status()).toBe(401);
    expect(await tab.locator('h1').textContent()).toBe('Connexion à l’espace de modération');
    expect(await axeViolations(tab)).toEqual([]);
    for (let i = 0; i < 10 && (await focused()) !== 'identifiant'; i++) await tab.keyboard.press('Tab');
    expect(await focused()).toBe('identifiant');
    await tab.keyboard.type('alice');
    await tab.keyboard.press('Tab');
    expect(await focused()).toBe('mot-de-passe');
    await tab.keyboard.type(PASSWORD);
    // Back at the address first asked, the same as the login form's: wait for the new page itself.
    await tab.keyboard.press('Enter');
    await tab.getByRole('heading', { level: 1, name: 'Modération des consultations' }).waitFor();
    expect(tab.url()).toBe(`${site.origin}/moderation/`);
    // The session, and the device cookie that keeps this browser from being locked out by others' failures.
    const cookies = (await context.cookies()).sort((a, b) => a.name.localeCompare(b.name));
    expect(cookies.map((cookie) => cookie.name)).toEqual(['moderation_appareil', 'moderation_session']);
    for (const cookie of cookies) expect(cookie).toMatchObject({ path: '/moderation/', httpOnly: true, sameSite: 'Strict' });
    expect(await context.cookies(`${site.origin}/`)).toEqual([]);
  });

  it('la file d’attente, sans violation axe ; approuver puis rejeter au clavier, le message reçoit le focus', async () => {
    await tab.getByRole('link', { name: consultation.title }).focus();
    await Promise.all([tab.waitForURL(`${site.origin}/moderation/${consultation.slug}/`), tab.keyboard.press('Enter')]);
    expect(await tab.getByRole('article').count()).toBe(2);
    expect(await axeViolations(tab)).toEqual([]);

    const first = tab.getByRole('article', { name: /Habitant 1/ });
    await first.getByRole('button', { name: 'Approuver' }).focus();
    await Promise.all([tab.waitForURL(/resultat=approuvee/), tab.keyboard.press('Enter')]);
    await expect.poll(focused).toBe('message');
    expect(await tab.getByRole('status').textContent()).toContain('Contribution approuvée');
    expect(await tab.getByRole('article').count()).toBe(1);

    const second = tab.getByRole('article', { name: /Habitant 2/ });
    await second.getByLabel('Motif du refus').focus();
    // Without a reason, the browser itself keeps the form from leaving.
    await tab.keyboard.press('Tab');
    await tab.keyboard.press('Enter');
    expect(tab.url()).toMatch(/resultat=approuvee/);
    await second.getByLabel('Motif du refus').selectOption(rule.id);
    await second.getByRole('button', { name: 'Rejeter' }).focus();
    await Promise.all([tab.waitForURL(/resultat=rejetee/), tab.keyboard.press('Enter')]);
    await expect.poll(focused).toBe('message');
    expect(await tab.getByRole('status').textContent()).toContain(`Contribution rejetée pour le motif « ${rule.label} ».`);
    expect(await tab.getByRole('article').count()).toBe(0);
    expect(await axeViolations(tab)).toEqual([]);

    await tab.getByRole('link', { name: /^Rejetées/ }).click();
    expect(await tab.getByRole('article', { name: /Habitant 2/ }).textContent()).toContain(`motif : ${rule.label}`);
  });

  it('le journal, sans violation axe, dit qui a fait quoi et pourquoi', async () => {
    await tab.getByRole('link', { name: 'Journal des actions' }).first().click();
    await tab.waitForURL(`${site.origin}/moderation/journal/`);
    expect(await axeViolations(tab)).toEqual([]);
    const rows = tab.locator('tbody tr');
    expect(await rows.nth(0).textContent()).toContain('Contribution rejetée');
    expect(await rows.nth(0).textContent()).toContain(rule.label);
    expect(await rows.nth(1).textContent()).toContain('Contribution approuvée');
    expect(await rows.nth(2).textContent()).toContain('Connexion');
    expect(foreignRequests).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('se déconnecter au clavier efface le cookie', async () => {
    await tab.getByRole('button', { name: 'Se déconnecter (alice)' }).focus();
    await Promise.all([tab.waitForURL(/connexion\/\?deconnexion/), tab.keyboard.press('Enter')]);
    expect(await tab.getByRole('status').textContent()).toBe('Vous êtes déconnecté.');
    // The session cookie is gone; the device cookie stays (it opens nothing by itself).
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual(['moderation_appareil']);
    expect((await tab.goto(`${site.origin}/moderation/journal/`))?.status()).toBe(401);
  });
});
