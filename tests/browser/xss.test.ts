/**
 * Cross-site scripting, in Chromium, against everything a resident types that the site shows
 * back: the corpus of tests/fixtures/xss-payloads.ts is sent through the real form (free-text
 * answers and pseudonym), approved, then read on the consultation page, in the form sent back
 * with errors, and on the receipt page. Nothing may run (binding, alert/confirm/prompt, dialogs,
 * a sentinel), nothing may be blocked by the CSP (an injection would be), no request may leave
 * the site, and every payload must come back verbatim, as text.
 */
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { PSEUDONYM_MAX } from '../../src/schemas/contributions.ts';
import { forbiddenInAnswer, forbiddenInPseudonym, imitatesAuthority } from '../../src/schemas/typed-text.ts';
import { issueFormToken } from '../../src/server/abuse/form-token.ts';
import { openStore } from '../../src/server/store/index.ts';
import { XSS_PAYLOADS, type XssPayload } from '../fixtures/xss-payloads.ts';
import { hashPassword } from '../../src/server/moderation/password.ts';
import { describeInBrowser, isolatedContext, launchChromium } from '../helpers/browser.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { startOpenSite, type RunningSite } from '../helpers/server.ts';

const SECRET = 'secret des essais XSS, assez long pour le serveur';
const essai = fixtureSite('essai');
const { content } = essai;
const consultation = content.consultations.find((c) => consultationStatus(c) === 'open')!;
const choice = consultation.questions.find((q) => q.kind === 'choix')!;
const [longText, shortText] = consultation.questions
  .filter((q) => q.kind === 'avis')
  .sort((a, b) => (b.max_length ?? 0) - (a.max_length ?? 0));
const pagePath = `/consultations/${consultation.slug}/`;

/** What the page shows of a typed text: the schema trims it, the HTML parser turns CR LF into LF. */
const shown = (text: string) => text.trim().replace(/\r\n?/g, '\n');
const pseudonymOf = (i: number) => {
  const candidates = XSS_PAYLOADS.filter(
    (p) =>
      shown(p.text).length <= PSEUDONYM_MAX && !forbiddenInPseudonym(shown(p.text)) && !imitatesAuthority(shown(p.text), content.site.name),
  );
  return candidates[i % candidates.length]!;
};
/**
 * The payloads a free-text answer accepts are published; the others (a control that reverses the
 * reading order) are refused by the schema, and come back only in the form sent back with errors.
 */
const PUBLISHED = XSS_PAYLOADS.filter((p) => !forbiddenInAnswer(shown(p.text)));
const REFUSED = XSS_PAYLOADS.filter((p) => forbiddenInAnswer(shown(p.text)));

/** Two payloads per contribution (the two free-text answers), and a short one as pseudonym. */
const groups: { answers: [XssPayload, XssPayload | undefined]; pseudonym: XssPayload; receipt?: string }[] = [];
for (let i = 0; i < PUBLISHED.length; i += 2) groups.push({ answers: [PUBLISHED[i]!, PUBLISHED[i + 1]], pseudonym: pseudonymOf(i / 2) });
const refusedGroups: typeof groups = REFUSED.map((payload, i) => ({ answers: [payload, undefined], pseudonym: pseudonymOf(i) }));

const backdatedToken = (key: string) => issueFormToken(Buffer.from(SECRET, 'utf8'), consultation.slug, key, new Date(Date.now() - 60_000));
let keys = 0;
const idempotencyKey = () => `cle-xss-${String(++keys).padStart(10, '0')}-${process.pid}`;

function formFields(group: (typeof groups)[number], overrides: [string, string][] = []): [string, string][] {
  const key = idempotencyKey();
  const fields: [string, string][] = [
    ['jeton', backdatedToken(key)],
    ['cle', key],
    ['site_web', ''],
    [`answers.${choice.id}`, choice.kind === 'choix' ? choice.options[0]!.value : ''],
    [`answers.${longText!.id}`, group.answers[0].text],
    [`answers.${shortText!.id}`, group.answers[1]?.text ?? 'sans charge'],
    ['pseudonym', group.pseudonym.text],
    ...overrides,
  ];
  return fields;
}

describeInBrowser('XSS : ce qu’un habitant écrit reste du texte, partout où le site le montre', () => {
  let site: RunningSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let foreignRequests: string[];
  let cspViolations: string[];
  const hits: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    site = await startOpenSite(essai, SECRET, { PROOF_OF_WORK_MAX_NUMBER: '1000' });
    // Sent through the real form, as a browser without JavaScript would, then approved.
    for (const group of groups) {
      const response = await fetch(`${site.origin}${pagePath}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: site.origin },
        body: new URLSearchParams(formFields(group)).toString(),
      });
      const html = await response.text();
      expect(response.status, html.slice(0, 2000)).toBe(201);
      group.receipt = html.match(/data-receipt>([^<]+)</)?.[1];
      expect(group.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    }
    const store = await openStore({ dataDir: site.dataDir });
    try {
      const pending = await store.list({ consultation: consultation.slug, status: 'pending', limit: 500 });
      expect(pending.items).toHaveLength(groups.length);
      for (const contribution of pending.items)
        expect((await store.moderate(contribution.id, { decision: 'approve', moderator: 'test' })).ok).toBe(true);
    } finally {
      await store.close();
    }

    browser = await launchChromium();
    ({ context, foreignRequests, cspViolations } = await isolatedContext(browser, site.origin));
    // Run before the page's own scripts: any dialog, and any CSP violation, is written down.
    await context.addInitScript(() => {
      const w = window as unknown as Record<string, unknown> & { __xssHits: string[] };
      w.__xssHits = [];
      for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
        w[name] = (...args: unknown[]) => {
          w.__xssHits.push(`${name}(${args.map(String).join(', ')})`);
          return null;
        };
      }
      document.addEventListener(
        'securitypolicyviolation',
        (event) => w.__xssHits.push(`CSP ${event.violatedDirective} ${event.blockedURI}`),
        true,
      );
    });
    await context.exposeBinding('__xss', ({ frame }, n: unknown) => {
      hits.push(`__xss(${String(n)}) dans ${frame.url()}`);
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()} : ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    if (site) rmSync(site.dataDir, { recursive: true, force: true });
  });

  /** Nothing ran, nothing was blocked, nothing left the site, no element came out of a typed text. */
  async function expectNothingRan(where: string): Promise<void> {
    await page.waitForLoadState('load');
    // Give a delayed handler (autofocus, animation, meta refresh) the time to fire.
    await page.waitForTimeout(250);
    const inPage = await page.evaluate(() => ({
      hooks: (window as unknown as { __xssHits?: string[] }).__xssHits ?? ['(crochets absents)'],
      sentinel: document.documentElement.dataset.xss ?? null,
      elementsInTypedText: [...document.querySelectorAll('.typed, .contributions .meta > :first-child')]
        .filter((el) => el.children.length > 0)
        .map((el) => el.innerHTML),
      foreignBase: document.baseURI.startsWith(location.origin) ? null : document.baseURI,
    }));
    expect({ where, binding: hits, dialogs, ...inPage, cspViolations, foreignRequests }).toEqual({
      where,
      binding: [],
      dialogs: [],
      hooks: [],
      sentinel: null,
      elementsInTypedText: [],
      foreignBase: null,
      cspViolations: [],
      foreignRequests: [],
    });
  }

  /**
   * Loads, as a document, the answer to a form POST sent by the browser itself (its own Origin,
   * its own encoding): a form built on a page of the site, with the given fields, submitted.
   */
  async function postAndShow(url: string, fields: [string, string][]): Promise<number | undefined> {
    if (!page.url().startsWith(site.origin)) await page.goto(`${site.origin}/`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === url),
      page.evaluate(
        ({ action, pairs }) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = action;
          for (const [name, value] of pairs) {
            const input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            form.append(input);
          }
          document.body.append(form);
          form.submit();
        },
        { action: url, pairs: fields },
      ),
    ]);
    await page.waitForURL(url);
    return response.status();
  }

  it('témoin : une charge réellement injectée serait vue par chacun des détecteurs', async () => {
    await page.goto(`${site.origin}${pagePath}`);
    await page.evaluate(() => {
      // What a failure of escaping would produce: markup inside a typed text, a handler the
      // CSP blocks, a call to the binding, a dialog, an image from another host.
      document.querySelector('.contributions dd.typed')!.innerHTML = '<img src="/x.png" onerror="__xss(0)">';
      const w = window as unknown as { __xss: (n: number) => void };
      w.__xss(0);
      window.alert('témoin');
      const img = new Image();
      img.src = 'https://evil.example/temoin.png';
      document.body.append(img);
    });
    await expect(expectNothingRan('témoin')).rejects.toThrow();
    expect(hits).toEqual([expect.stringContaining('__xss(0)')]);
    const hooks = await page.evaluate(() => (window as unknown as { __xssHits: string[] }).__xssHits);
    // The CSP stops the image before any request (img-src 'self'): seen as a violation.
    expect(hooks).toEqual(
      expect.arrayContaining([
        'alert(témoin)',
        expect.stringMatching(/^CSP script-src-attr/),
        'CSP img-src https://evil.example/temoin.png',
      ]),
    );
    expect(cspViolations.length).toBeGreaterThan(0);
    // Back to a clean slate for the real payloads.
    hits.length = 0;
    foreignRequests.length = 0;
    cspViolations.length = 0;
  });

  it(
    `les ${PUBLISHED.length} charges publiées s’affichent telles quelles, comme du texte, sans rien exécuter`,
    { timeout: 60_000 },
    async () => {
      const answers: string[] = [];
      const pseudonyms: string[] = [];
      let url: string | undefined = `${site.origin}${pagePath}`;
      for (let pages = 0; url && pages < 10; pages++) {
        const response = await page.goto(url);
        expect(response?.status()).toBe(200);
        expect(response?.headers()['set-cookie']).toBeUndefined();
        await expectNothingRan(url);
        answers.push(...(await page.locator('.contributions dd.typed').allTextContents()));
        pseudonyms.push(...(await page.locator('.contributions .meta > :first-child').allTextContents()));
        const next = page.getByRole('link', { name: 'Contributions suivantes' });
        url = (await next.count()) ? new URL((await next.getAttribute('href'))!, site.origin).href : undefined;
      }
      for (const payload of PUBLISHED) expect(answers, `charge ${payload.id} (${payload.kind})`).toContain(shown(payload.text));
      expect(REFUSED.length, 'le renversement droite-gauche est refusé dans une réponse').toBeGreaterThan(0);
      for (const group of groups)
        expect(pseudonyms, `pseudonyme ${group.pseudonym.id} (${group.pseudonym.kind})`).toContain(shown(group.pseudonym.text));
    },
  );

  it('le formulaire renvoyé avec des erreurs garde chaque charge telle que saisie, sans rien exécuter', { timeout: 90_000 }, async () => {
    for (const group of [...groups, ...refusedGroups]) {
      // An answer that is not one of the choices: the form comes back, filled in as typed. A
      // field named after a payload is refused too, and its name is reported among the errors.
      const status = await postAndShow(
        `${site.origin}${pagePath}`,
        formFields(group, [
          [`answers.${choice.id}`, 'pas-un-choix'],
          [group.pseudonym.text, 'x'],
        ]),
      );
      expect(status).toBe(400);
      await expectNothingRan(`formulaire renvoyé, charges ${group.answers.map((p) => p?.id).join(' et ')}`);
      expect(await page.locator('#erreurs').count()).toBe(1);
      const [first, second] = group.answers;
      expect(await page.locator(`textarea[name="answers.${longText!.id}"]`).evaluate((el) => el.textContent), `charge ${first.id}`).toBe(
        first.text.replace(/\r\n?/g, '\n'),
      );
      if (second)
        expect(await page.locator(`textarea[name="answers.${shortText!.id}"]`).inputValue(), `charge ${second.id}`).toBe(second.text);
      expect(await page.locator('input[name="pseudonym"]').inputValue(), `pseudonyme ${group.pseudonym.id}`).toBe(group.pseudonym.text);
      expect(await page.locator('input[name="pseudonym"]').getAttribute('value')).toBe(group.pseudonym.text);
    }
  });

  it(
    'le même formulaire, rempli et envoyé dans le navigateur avec JavaScript, revient sans rien exécuter',
    { timeout: 60_000 },
    async () => {
      for (const payload of [
        XSS_PAYLOADS.find((p) => p.kind === 'sortie de textarea')!,
        XSS_PAYLOADS.find((p) => p.kind === 'sortie d’attribut, guillemet double')!,
      ]) {
        await page.goto(`${site.origin}${pagePath}`);
        await page.locator(`textarea[name="answers.${longText!.id}"]`).fill(payload.text);
        await page.locator('input[name="pseudonym"]').fill(payload.text);
        // A token from a minute ago (the fill time is met), and a choice the form never offered.
        await page.evaluate(
          ({ token, name }) => {
            (document.querySelector('input[name="jeton"]') as HTMLInputElement).value = token;
            const radio = document.querySelector(`input[name="${name}"]`) as HTMLInputElement;
            radio.value = 'pas-un-choix';
            radio.checked = true;
          },
          { token: backdatedToken(await page.locator('input[name="cle"]').inputValue()), name: `answers.${choice.id}` },
        );
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(`${site.origin}${pagePath}`)),
          page.locator('form.contribution-form button[type="submit"]').click(),
        ]);
        expect(response.status()).toBe(400);
        await page.waitForLoadState('load');
        await expectNothingRan(`formulaire envoyé par le navigateur, charge ${payload.id}`);
        expect(await page.locator(`textarea[name="answers.${longText!.id}"]`).inputValue()).toBe(payload.text);
        expect(await page.locator('input[name="pseudonym"]').inputValue()).toBe(payload.text);
      }
    },
  );

  it(
    'la page « ma contribution » montre chaque contribution comme du texte, et le code saisi sans l’interpréter',
    // Some thirty page loads and posts: 40 s on a busy two-core machine.
    { timeout: 120_000 },
    async () => {
      for (const group of groups) {
        await page.goto(`${site.origin}/consultations/ma-contribution/`);
        await page.getByLabel('Code personnel').fill(group.receipt!);
        await Promise.all([
          page.waitForURL('**/consultations/ma-contribution/'),
          page.getByRole('button', { name: 'Voir ma contribution' }).click(),
        ]);
        await page.waitForLoadState('load');
        await expectNothingRan(`ma contribution, charges ${group.answers.map((p) => p?.id).join(' et ')}`);
        const texts = await page.locator('dd.typed').allTextContents();
        for (const payload of group.answers.filter((p) => p !== undefined))
          expect(texts, `charge ${payload.id} (${payload.kind})`).toContain(shown(payload.text));
      }
      // The code typed is shown back in the field: payloads short enough for it.
      for (const payload of XSS_PAYLOADS.filter((p) => p.text.length <= 40).slice(0, 8)) {
        const status = await postAndShow(`${site.origin}/consultations/ma-contribution/`, [
          ['code', payload.text],
          ['action', 'voir'],
        ]);
        expect([400, 429]).toContain(status);
        await expectNothingRan(`code saisi, charge ${payload.id}`);
        expect(await page.locator('input[name="code"]').inputValue()).toBe(payload.text);
      }
    },
  );

  it('les paramètres de l’adresse (usage, apres) ne s’injectent pas dans la page', { timeout: 60_000 }, async () => {
    for (let i = 0; i < XSS_PAYLOADS.length; i += 2) {
      const usage = encodeURIComponent(XSS_PAYLOADS[i]!.text);
      const after = encodeURIComponent(XSS_PAYLOADS[i + 1]?.text ?? '');
      const response = await page.goto(`${site.origin}${pagePath}?usage=${usage}&apres=${after}`);
      expect(response?.status()).toBe(200);
      await expectNothingRan(`paramètres, charges ${i + 1} et ${i + 2}`);
    }
  });
  it('les écrans de modération montrent chaque charge comme du texte, sans rien exécuter', { timeout: 60_000 }, async () => {
    const store = await openStore({ dataDir: site.dataDir });
    try {
      await store.createStaff('xss.moderation', await hashPassword('une phrase de passe pour la modération'));
    } finally {
      await store.close();
    }
    await page.goto(`${site.origin}/moderation/connexion/`);
    await page.getByLabel('Identifiant').fill('xss.moderation');
    await page.getByLabel('Mot de passe').fill('une phrase de passe pour la modération');
    await Promise.all([page.waitForURL(`${site.origin}/moderation/`), page.getByRole('button', { name: 'Se connecter' }).click()]);
    const answers: string[] = [];
    let url: string | undefined = `${site.origin}/moderation/${consultation.slug}/?statut=approuvees`;
    for (let pages = 0; url && pages < 10; pages++) {
      expect((await page.goto(url))?.status()).toBe(200);
      await expectNothingRan(url);
      const typed = await page
        .locator('dd.answer')
        .evaluateAll((cells) =>
          cells.filter((cell) => cell.children.length > 0 && !cell.querySelector(':scope > .muted')).map((cell) => cell.innerHTML),
        );
      expect(typed, url).toEqual([]);
      answers.push(...(await page.locator('dd.answer').allTextContents()));
      const next = page.getByRole('link', { name: /suivante/i });
      url = (await next.count()) ? new URL((await next.first().getAttribute('href'))!, site.origin).href : undefined;
    }
    for (const payload of PUBLISHED) expect(answers, `charge ${payload.id} (${payload.kind})`).toContain(shown(payload.text));
    await page.goto(`${site.origin}/moderation/journal/`);
    await expectNothingRan('journal');
  });
});
