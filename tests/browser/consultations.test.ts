/**
 * A resident's whole journey in Chromium: from a register entry to the consultation, a form sent
 * back with errors, the proof of work solved by the page, the receipt code, the contribution
 * read back, approved by a moderator in the moderation screens, published, then withdrawn. The site allows no contribution
 * without proof of work here, so a 201 proves the page solved it. Without JavaScript, the form
 * still works under the tighter limit.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/moderation/password.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { ContributionStore } from '../../src/server/store/types.ts';
import { axeViolations, describeInBrowser, isolatedContext, useSiteInBrowser, type SiteInBrowser } from '../helpers/browser.ts';
import { startSite, type RunningSite } from '../helpers/server.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';

const essai = fixtureSite('essai');

const SLUG = 'avis-priorisation-aides-logement';
const ENTRY = 'priorisation-demandes-fsl';
/** The default minimal fill time (the fixture site does not change it), plus a margin. */
const FILL_TIME_MS = 5_500;
const MODERATOR_PASSWORD = 'une phrase de passe pour la modération';

async function checkPage(tab: Page, env: Pick<SiteInBrowser, 'foreignRequests' | 'cspViolations' | 'context'>) {
  expect(await axeViolations(tab)).toEqual([]);
  expect(env.foreignRequests).toEqual([]);
  expect(env.cspViolations).toEqual([]);
  expect(await env.context.cookies()).toEqual([]);
}

describeInBrowser('une habitante donne son avis, dans Chromium', () => {
  let browserEnv: SiteInBrowser;
  let site: RunningSite;
  let tab: Page;
  let store: ContributionStore;
  useSiteInBrowser(essai, (env) => ((browserEnv = env), ({ site, page: tab } = env)), { CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY: '0' });
  beforeAll(async () => {
    store = await openStore({ dataDir: site.dataDir });
  });
  afterAll(() => store?.close());
  const env = () => browserEnv;

  let receipt = '';
  const opinion = 'Une règle simple, expliquée aux demandeurs.\nEt un agent qui relit les dossiers non datés.';

  it('va de la fiche au formulaire ; les erreurs reviennent champ par champ et gardent ce qui a été saisi', async () => {
    await tab.goto(`${site.origin}/registre/${ENTRY}/`);
    await tab.getByRole('link', { name: 'Donner mon avis sur cet usage' }).click();
    await tab.waitForURL(`**/consultations/${SLUG}/?usage=${ENTRY}#formulaire`);
    const shownAt = Date.now();
    expect(await tab.getByLabel('Votre avis porte sur').inputValue()).toBe(ENTRY);
    await tab.getByLabel(/comment faudrait-il l’expliquer aux demandeurs/).fill('« Un logiciel a proposé un ordre ; un agent a décidé. »');
    await tab.getByRole('radio', { name: /^4$/ }).check();
    await tab.waitForTimeout(Math.max(0, FILL_TIME_MS - (Date.now() - shownAt)));
    const [response] = await Promise.all([
      tab.waitForNavigation({ waitUntil: 'load' }),
      tab.getByRole('button', { name: 'Envoyer ma contribution' }).click(),
    ]);
    expect(response?.status()).toBe(400);
    expect(await tab.title()).toMatch(/^Erreur :/);
    // The summary takes the focus (autofocus: the form posts to an address without a fragment) and links to the field to correct.
    expect(await tab.evaluate(() => document.activeElement?.id)).toBe('erreurs');
    await tab.getByRole('link', { name: /une réponse est obligatoire/ }).click();
    expect(await tab.evaluate(() => document.activeElement?.id)).toBe('champ-answers-avis-general');
    expect(await tab.getByLabel(/comment faudrait-il l’expliquer aux demandeurs/).inputValue()).toBe(
      '« Un logiciel a proposé un ordre ; un agent a décidé. »',
    );
    expect(await tab.getByRole('radio', { name: /^4$/ }).isChecked()).toBe(true);
    expect(await tab.getByLabel('Votre avis porte sur').inputValue()).toBe(ENTRY);
    await checkPage(tab, env());
  });

  it('envoie le formulaire corrigé avec la preuve de travail résolue par la page, et montre le code de reçu', async () => {
    await tab.getByLabel(/qu’apporterait et que risquerait un classement automatique/).fill(opinion);
    await tab.getByLabel('Pseudonyme (facultatif)').fill('Camille des Tilleuls');
    const sent = tab.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/consultations/${SLUG}/`));
    await Promise.all([
      tab.waitForURL(`**/consultations/${SLUG}/merci/#*`, { waitUntil: 'load' }),
      tab.getByRole('button', { name: 'Envoyer ma contribution' }).press('Enter'),
    ]);
    const post = await sent;
    expect(new URLSearchParams(post.postData() ?? '').get('preuve')).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(new URLSearchParams(post.postData() ?? '').get('js')).toBe('1');
    // Stored before the redirection: 303, then the receipt page.
    expect((await post.response())?.status()).toBe(303);
    expect(await tab.locator('h1').textContent()).toBe('Merci, votre contribution est bien reçue');
    await expect.poll(() => tab.locator('[data-receipt]').textContent()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    receipt = (await tab.locator('[data-receipt]').textContent()) ?? '';
    expect(tab.url().endsWith(`#${receipt}`)).toBe(true);
    await checkPage(tab, env());
    const stored = (await store.list({ consultation: SLUG })).items;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      entry: ENTRY,
      pseudonym: 'Camille des Tilleuls',
      answers: { 'avis-general': opinion, 'confiance-classement': 4 },
    });
  });

  it('le reçu survit au rechargement de la page ; le code se copie et le reçu se télécharge', async () => {
    const reload = await tab.reload({ waitUntil: 'load' });
    expect(reload?.status()).toBe(200);
    expect(reload?.request().method()).toBe('GET');
    await expect.poll(() => tab.locator('[data-receipt]').textContent()).toBe(receipt);
    expect((await store.list({ consultation: SLUG })).items).toHaveLength(1);

    await env().context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    await tab.getByRole('button', { name: 'Copier le code' }).click();
    await expect.poll(() => tab.getByRole('status').filter({ hasText: 'Code copié' }).count()).toBe(1);
    expect(await tab.evaluate(() => navigator.clipboard.readText())).toBe(receipt);

    const [download] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Télécharger le reçu' }).click()]);
    expect(download.suggestedFilename()).toBe(`recu-contribution-${receipt}.txt`);
    const chunks: Buffer[] = [];
    for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toContain(`Code personnel : ${receipt}`);
    expect(text).toContain(`${site.origin}/consultations/ma-contribution/`);

    // Printed, the receipt stands alone: no header, navigation, footer or buttons.
    await tab.emulateMedia({ media: 'print' });
    expect(await tab.locator('.site-header').isVisible()).toBe(false);
    expect(await tab.getByRole('button', { name: 'Copier le code' }).isVisible()).toBe(false);
    expect(await tab.locator('[data-receipt]').isVisible()).toBe(true);
    await tab.emulateMedia({ media: 'screen' });
    await checkPage(tab, env());
  });

  it('sans code dans l’adresse, la page de reçu dit où le retrouver', async () => {
    await tab.goto(`${site.origin}/consultations/${SLUG}/merci/`);
    await expect.poll(() => tab.getByText('Le code n’est plus dans l’adresse de cette page').isVisible()).toBe(true);
    expect(await tab.getByRole('button', { name: 'Copier le code' }).isVisible()).toBe(false);
    await checkPage(tab, env());
  });

  it('relit la contribution avec le code de reçu, puis la voit publiée une fois approuvée par un modérateur', async () => {
    await tab.goto(`${site.origin}/consultations/ma-contribution/`);
    await tab.getByLabel('Code personnel').fill(receipt.toLowerCase());
    await tab.getByRole('button', { name: 'Voir ma contribution' }).click();
    await expect.poll(() => tab.getByText('en attente de modération').count()).toBe(1);
    await checkPage(tab, env());
    // A moderator, in their own browser, approves it from the queue.
    await store.createStaff('agent.test', await hashPassword(MODERATOR_PASSWORD));
    const moderator = await isolatedContext(browserEnv.browser, site.origin);
    const desk = await moderator.context.newPage();
    await desk.goto(`${site.origin}/moderation/${SLUG}/`);
    await desk.getByLabel('Identifiant').fill('agent.test');
    await desk.getByLabel('Mot de passe').fill(MODERATOR_PASSWORD);
    await Promise.all([desk.waitForURL(`${site.origin}/moderation/${SLUG}/`), desk.getByRole('button', { name: 'Se connecter' }).click()]);
    const queued = desk.getByRole('article', { name: /Camille des Tilleuls/ });
    await Promise.all([desk.waitForURL(/resultat=approuvee/), queued.getByRole('button', { name: 'Approuver' }).click()]);
    expect(moderator.cspViolations).toEqual([]);
    await moderator.context.close();
    expect((await store.listAudit({ limit: 5 })).map((line) => line.action)).toContain('contribution.approve');
    await tab.goto(`${site.origin}/consultations/${SLUG}/`);
    const published = tab.locator('.contribution').filter({ hasText: 'Camille des Tilleuls' });
    expect(await published.locator('dt:has-text("qu’apporterait") + dd').innerText()).toBe(opinion);
    expect(await published.getByRole('link', { name: 'Repérage des demandes urgentes d’aide au logement (FSL)' }).count()).toBeGreaterThan(
      0,
    );
    await checkPage(tab, env());
  });

  it('retire une contribution avec son code de reçu : effacée, plus publiée', async () => {
    await tab.goto(`${site.origin}/consultations/ma-contribution/`);
    await tab.getByLabel('Code personnel').fill(receipt);
    await tab.getByRole('button', { name: 'Voir ma contribution' }).click();
    expect(await tab.locator('dt:has-text("Pseudonyme publié") + dd bdi').textContent()).toBe('Camille des Tilleuls');
    await tab.getByRole('button', { name: 'Retirer ma contribution…' }).click();
    await tab.getByRole('heading', { level: 1, name: 'Confirmer le retrait de ma contribution' }).waitFor();
    expect((await store.list({ consultation: SLUG, status: 'withdrawn' })).items).toHaveLength(0);
    await checkPage(tab, env());
    await tab.getByRole('button', { name: 'Confirmer le retrait' }).click();
    await expect.poll(() => tab.getByRole('status').filter({ hasText: 'Votre contribution est retirée' }).count()).toBe(1);
    await checkPage(tab, env());
    await tab.goto(`${site.origin}/consultations/${SLUG}/`);
    expect(await tab.locator('.contribution').count()).toBe(0);
    expect((await store.list({ consultation: SLUG, status: 'withdrawn' })).items[0]?.answers).toBeNull();
  });
});

describeInBrowser('sans JavaScript, le formulaire fonctionne encore', () => {
  let site: RunningSite;
  let browser: Browser;
  beforeAll(async () => {
    const { launchChromium } = await import('../helpers/browser.ts');
    site = await startSite(essai);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('reçoit une contribution envoyée par un navigateur sans JavaScript, et montre le code de reçu', async () => {
    const { context } = await isolatedContext(browser, site.origin, { javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.goto(`${site.origin}/consultations/${SLUG}/`);
    await tab
      .getByLabel(/qu’apporterait et que risquerait un classement automatique/)
      .fill('Sans JavaScript, je donne quand même mon avis.');
    await tab.waitForTimeout(FILL_TIME_MS);
    const [response] = await Promise.all([tab.waitForNavigation(), tab.getByRole('button', { name: 'Envoyer ma contribution' }).click()]);
    expect(response?.status()).toBe(201);
    expect(await tab.locator('[data-receipt]').textContent()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await context.close();
  });
});
