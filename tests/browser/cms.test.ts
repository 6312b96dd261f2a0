/**
 * Decap CMS end to end, on a throwaway copy of the project whose content is the fixture site's:
 * `npm run cms` (scripts/cms.ts: decap-server + the Astro dev server), /admin/ in headless
 * Chromium, a register entry then minutes whose decision concerns it, created through the forms
 * and saved; the YAML files appear in the copy's content/, pass loadContent, and a rebuild of the
 * copy publishes their pages. An entry the build would refuse is not saved.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { describeInBrowser, isolatedContext, launchChromium } from '../helpers/browser.ts';
import { fixtureProject } from '../helpers/fixture-site.ts';
import { PROJECT, type ProjectCopy } from '../helpers/project.ts';
import { freePort } from '../helpers/server.ts';

const ENTRY_TITLE = 'Tri automatique du courrier entrant';
const ENTRY_SLUG = 'tri-automatique-du-courrier-entrant';
const DECISION_ID = 'cdia-tri-courrier-avis';
const DRAFT_TITLE = 'Assistant pour les permis de construire';
const DRAFT_SLUG = 'assistant-pour-les-permis-de-construire';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The control of a field by its French label, which may say « (optionnel) » or « (obligatoire si …) ». */
const labelled = (page: Page, label: string) =>
  page.getByLabel(new RegExp(`^\\s*${escape(label)}(\\s*\\((optionnel|obligatoire si [^)]*)\\))*\\s*$`, 'i'));

/** The list of what stops a save, which stays on screen (src/cms/refusal.ts). */
const refusalList = (page: Page) => page.getByRole('region', { name: 'La fiche n’est pas enregistrée' });

const SCREENSHOTS = process.env.CMS_SCREENSHOTS;
async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

async function fill(page: Page, label: string, value: string): Promise<void> {
  const control = labelled(page, label).last();
  await control.scrollIntoViewIfNeeded();
  await control.fill(value);
}

/** A select or relation field (react-select): type the option's label and pick it. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  const control = labelled(page, label).last();
  await control.scrollIntoViewIfNeeded();
  await control.click();
  await control.pressSequentially(option.slice(0, 12));
  await page.getByText(option, { exact: true }).last().click();
}

/** Answers a yes/no question (the « oui-non » widget): nothing is chosen until then. */
async function answer(page: Page, label: string, choice: 'Oui' | 'Non'): Promise<void> {
  const group = page.getByRole('radiogroup', { name: label, exact: true });
  await group.scrollIntoViewIfNeeded();
  expect(await group.getByRole('radio', { checked: true }).count(), `${label} : rien de coché au départ`).toBe(0);
  await group.getByRole('radio', { name: choice, exact: true }).check();
}

/** Adds an item to a list field and returns the control of its new string item, if any. */
async function addItem(page: Page, listLabel: string): Promise<void> {
  const button = page.getByRole('button', { name: new RegExp(`^Ajouter ${escape(listLabel)}`, 'i') }).first();
  await button.scrollIntoViewIfNeeded();
  await button.click();
}

/** Adds an item to a list unless Decap already shows one (a list with a minimum starts with an item). */
async function ensureItem(page: Page, listLabel: string, itemFieldLabel: string): Promise<void> {
  if ((await labelled(page, itemFieldLabel).count()) === 0) await addItem(page, listLabel);
}

/** Types into the text input of the last item of a list of texts. */
async function fillLastListText(page: Page, listLabel: string, value: string): Promise<void> {
  await ensureItem(page, listLabel, listLabel);
  const inputs = labelled(page, listLabel);
  await inputs.last().fill(value);
}

/** A new entry's form, on a freshly loaded page (Decap keeps the form of the same address otherwise). */
async function newEntry(page: Page, origin: string, collection: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${origin}/admin/#/collections/${collection}/new`);
  await labelled(page, 'Titre').or(labelled(page, 'Nom de l’usage')).first().waitFor();
}

async function publish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  await page.getByText('Publier maintenant', { exact: true }).click();
}

async function waitForFile(file: string, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} n’a pas été écrit`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return readFileSync(file, 'utf8');
}

describeInBrowser('Decap CMS dans /admin/ (édition locale)', () => {
  let copy: ProjectCopy;
  let cms: ChildProcess;
  let output = '';
  let origin = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let foreignRequests: string[] = [];
  let cspViolations: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    copy = fixtureProject('essai');
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    cms = spawn(process.execPath, [path.join(PROJECT, 'scripts', 'cms.ts')], {
      cwd: copy.root,
      // As `npm run cms` runs: with vitest's VITEST variables, Astro's dev server answers 404 for /theme.css.
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST'))),
        PROJECT_DIR: copy.root,
        HOST: '127.0.0.1',
        PORT: String(port),
        DECAP_SERVER_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cms.stdout?.on('data', (chunk) => (output += chunk));
    cms.stderr?.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (cms.exitCode !== null) throw new Error(`npm run cms s’est arrêté :\n${output}`);
      try {
        if ((await fetch(`${origin}/admin/config.yml`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`/admin/ ne répond pas :\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    browser = await launchChromium();
    ({ context, foreignRequests, cspViolations } = await isolatedContext(browser, origin));
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await browser?.close();
    if (cms && cms.exitCode === null) {
      const exited = new Promise((resolve) => cms.once('exit', resolve));
      cms.kill('SIGINT');
      await exited;
    }
    copy?.remove();
  });

  it('sert aussi, en développement, les exports complets et les fichiers des fiches que la construction écrit elle-même', async () => {
    const register = await fetch(`${origin}/donnees/registre.json`);
    expect(register.headers.get('content-type')).toContain('application/json');
    const { entries } = (await register.json()) as { entries: { id: string }[] };
    expect(entries.length).toBeGreaterThan(0);
    const standard = await fetch(`${origin}/donnees/standards/eurocities.json`);
    expect(standard.status).toBe(200);
    const entry = (await (await fetch(`${origin}/registre/${entries[0]!.id}.json`)).json()) as { entries: { id: string }[] };
    expect(entry.entries.map((one) => one.id)).toEqual([entries[0]!.id]);
    const spreadsheet = await fetch(`${origin}/registre/${entries[0]!.id}-tableur.csv`);
    expect(spreadsheet.headers.get('content-type')).toContain('text/csv');
  });

  it('sert Decap en français depuis le site, sans autre hôte ni erreur de CSP', { timeout: 60_000 }, async () => {
    await page.goto(`${origin}/admin/`);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByText('Registre des usages').first().isVisible(), { timeout: 30_000 }).toBe(true);
    // Decap's French, corrected: no English left, no glyph the font lacks.
    const interfaceText = await page.locator('body').innerText();
    expect(interfaceText).toContain('Fichiers');
    expect(interfaceText).not.toMatch(/\bMedia\b|＋/);
    expect(await page.getByText(/^Ajouter : /).count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('refuse une fiche incomplète par une liste qui reste à l’écran et mène à chaque champ', { timeout: 60_000 }, async () => {
    await newEntry(page, origin, 'registre');
    await fill(page, 'Nom de l’usage', 'Fiche incomplète');
    await publish(page);
    const list = refusalList(page);
    await list.waitFor({ timeout: 10_000 });
    // One list, in the form's words: the missing summary among the others, with neither
    // « Error: » nor the file's paths (data.categories).
    const text = await list.innerText();
    expect(text).toMatch(/Ces \d+ points sont à corriger/);
    expect(text).toContain('En bref\u00a0: champ obligatoire manquant');
    expect(text).toContain('Les données › Catégories de données');
    expect(text).not.toMatch(/Error:|undefined|[a-z_]+\.[a-z_]+/);
    await screenshot(page, 'cms-refus-fiche-incomplete');
    // Each point leads to its field; the list stays until it is closed.
    await list.getByRole('button', { name: 'En bref' }).click();
    await expect.poll(() => labelled(page, 'En bref').evaluate((control) => control === document.activeElement)).toBe(true);
    // A point fixed leaves the list, which stays for the others.
    await labelled(page, 'En bref').fill('Un résumé assez long pour la fiche incomplète.');
    await expect.poll(() => list.innerText()).not.toContain('En bref\u00a0:');
    expect(await list.innerText()).toContain('Service responsable\u00a0: champ obligatoire manquant');
    await list.getByRole('button', { name: 'Les données › Durée de conservation' }).click();
    await expect.poll(() => labelled(page, 'Durée de conservation').evaluate((control) => control === document.activeElement)).toBe(true);
    expect(await list.isVisible()).toBe(true);
    await list.getByRole('button', { name: 'Fermer cette liste' }).click();
    expect(await list.count()).toBe(0);
    expect(existsSync(path.join(copy.root, 'content', 'registre', 'fiche-incomplete.yaml'))).toBe(false);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('enregistre un brouillon avec son seul nom et son résumé, signalé comme tel dans la liste', { timeout: 60_000 }, async () => {
    await newEntry(page, origin, 'registre');
    const draftSwitch = page.getByRole('switch', { name: /^Brouillon/ });
    await draftSwitch.click();
    expect(await draftSwitch.getAttribute('aria-checked')).toBe('true');
    await fill(page, 'Nom de l’usage', DRAFT_TITLE);
    await fill(page, 'En bref', 'Un assistant répondrait aux questions sur les permis de construire ; rien n’est décidé.');
    await screenshot(page, 'cms-brouillon-formulaire');
    await publish(page);
    const text = await waitForFile(path.join(copy.root, 'content', 'registre', `${DRAFT_SLUG}.yaml`));
    const data = yaml.load(text, { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
    expect(data).toMatchObject({ draft: true, title: DRAFT_TITLE });
    expect(data).not.toHaveProperty('status');
    expect(await refusalList(page).count()).toBe(0);
    // Kept apart by the build: read, never published.
    const content = loadContent(path.join(copy.root, 'content'));
    expect(content.drafts).toContain(DRAFT_SLUG);
    expect(content.register.some((e) => e.slug === DRAFT_SLUG)).toBe(false);
    await page.goto(`${origin}/admin/#/collections/registre`);
    await page.getByText(`Brouillon : ${DRAFT_TITLE}`).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'cms-brouillon-dans-la-liste');
    // Published only once complete: « Brouillon » back to Non, the save is refused and the file stays a draft.
    const file = path.join(copy.root, 'content', 'registre', `${DRAFT_SLUG}.yaml`);
    await page.getByText(`Brouillon : ${DRAFT_TITLE}`).first().click();
    await labelled(page, 'Nom de l’usage').waitFor();
    await page.getByRole('switch', { name: /^Brouillon/ }).click();
    await publish(page);
    const list = refusalList(page);
    await list.waitFor({ timeout: 10_000 });
    expect(await list.innerText()).toMatch(/points sont à corriger \(ou mettez «\u00a0Brouillon\u00a0» à Oui/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('crée une fiche du registre par les formulaires', { timeout: 180_000 }, async () => {
    await newEntry(page, origin, 'registre');
    await fill(page, 'Nom de l’usage', ENTRY_TITLE);
    await fill(page, 'En bref', 'Un logiciel propose le service destinataire de chaque courrier entrant ; un agent valide.');
    await choose(page, 'Service responsable', 'Direction de la relation aux usagers');
    // The preview names the service, not its identifier; no date is labelled « UTC ».
    await expect
      .poll(() =>
        page
          .frameLocator('iframe')
          .first()
          .getByText(/Direction de la relation aux usagers/)
          .count(),
      )
      .toBeGreaterThan(0);
    expect(await page.locator('body').innerText()).not.toContain('UTC');
    await choose(page, 'Domaine d’action', 'Accueil et relation aux usagers');
    await choose(page, 'Personnes concernées', 'Les agents');
    await choose(page, 'Statut', 'Expérimentation');
    await ensureItem(page, 'Étapes', 'Nouveau statut');
    await choose(page, 'Nouveau statut', 'Expérimentation');
    await fill(page, 'Ce qui a été décidé', 'Lancement de l’expérimentation au service courrier.');
    await fill(page, 'Le problème à résoudre', 'Le tri manuel du courrier retarde les réponses aux habitants.');
    await fill(page, 'Le bénéfice attendu', 'Des courriers remis au bon service le jour même.');
    await fill(page, 'Pourquoi l’IA plutôt qu’un moyen plus simple', 'Les règles par mots-clés se trompaient trop souvent.');
    await choose(page, 'Type d’IA', 'Analyse du langage (non générative)');
    await fill(page, 'Fonctionnement', 'Le logiciel lit l’objet du courrier et propose un service.');
    await choose(page, 'Licence', 'Logiciel libre ou modèle ouvert');
    await choose(page, 'Hébergement', 'Serveurs de la collectivité');
    await fillLastListText(page, 'Catégories de données', 'Objet et texte des courriers');
    await fillLastListText(page, 'Sources des données', 'Courriers numérisés');
    await fill(page, 'Durée de conservation', 'Trois mois');
    await answer(page, 'Données personnelles', 'Non');
    await answer(page, 'Données sensibles', 'Non');
    await answer(page, 'Les données quittent la collectivité', 'Non');
    await answer(page, 'Les données entraînent les modèles du fournisseur', 'Non');
    await answer(page, 'Décisions individuelles', 'Non');
    await fill(page, 'Ce que fait l’IA', 'Elle propose un service destinataire.');
    await fill(page, 'Ce que décide une personne', 'Un agent du courrier valide ou corrige.');
    await fill(page, 'Qui décide', 'Agent du service courrier');
    await choose(page, 'Classe de risque (règlement européen sur l’IA)', 'Risque minimal');
    await fill(page, 'Comment contester', 'Écrivez au service courrier, qui réexamine l’orientation.');
    await fill(page, 'À qui écrire', 'courrier@metropole-exemple.fr');
    await fill(page, 'Obtenir un examen par une personne', 'Chaque orientation est déjà validée par un agent.');
    await fill(page, 'Ce qui a changé', 'Première publication.');
    await publish(page);
    const text = await waitForFile(path.join(copy.root, 'content', 'registre', `${ENTRY_SLUG}.yaml`));
    const data = yaml.load(text, { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
    expect(data.title).toBe(ENTRY_TITLE);
    expect(data.standard_version).toBe('1.0');
    expect(data.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The answers given, as booleans; none was left to a default.
    expect(data.data).toMatchObject({
      personal_data: false,
      sensitive_data: false,
      leaves_authority: false,
      trains_provider_models: false,
    });
    expect(data.oversight.individual_decisions).toBe(false);
    const content = loadContent(path.join(copy.root, 'content'));
    expect(content.register.some((e) => e.slug === ENTRY_SLUG)).toBe(true);
  });

  /** The entry created above, opened afresh in its form; its file and its text before any change. */
  async function openCreatedEntry(): Promise<{ file: string; before: string }> {
    const file = path.join(copy.root, 'content', 'registre', `${ENTRY_SLUG}.yaml`);
    const before = readFileSync(file, 'utf8');
    await page.goto('about:blank');
    await page.goto(`${origin}/admin/#/collections/registre/entries/${ENTRY_SLUG}`);
    await labelled(page, 'Nom de l’usage').waitFor();
    return { file, before };
  }

  it('refuse, avant l’enregistrement, une règle entre champs que seul le schéma connaît', { timeout: 60_000 }, async () => {
    const { file, before } = await openCreatedEntry();
    // The last step says « Expérimentation »: the schema refuses another status.
    await choose(page, 'Statut', 'En service');
    await publish(page);
    const list = refusalList(page);
    await list.waitFor({ timeout: 10_000 });
    // In the form's words: neither « Error: » nor the file's paths (oversight.decider).
    const refusal = await list.innerText();
    expect(refusal).toMatch(/Statut\u00a0: le statut « en-service » ne correspond pas à la dernière étape/);
    expect(refusal).not.toMatch(/Error:|\([a-z_]+(\.[a-z_*0-9]+)+\)/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('dit « obligatoire si … » et exige la base légale dès que « Données personnelles » est à Oui', { timeout: 60_000 }, async () => {
    const { file, before } = await openCreatedEntry();
    const basisLabel = page.locator('label', { hasText: /^Base légale \(RGPD\)/ });
    await basisLabel.scrollIntoViewIfNeeded();
    // What the officer sees: the condition, never « (optionnel) ».
    // Read as shown (without Decap's own hidden suffix); the labels are displayed in capitals.
    const shown = async (label: Locator) => (await label.first().innerText()).toLowerCase();
    expect(await shown(basisLabel)).toBe(
      'base légale (rgpd) (obligatoire si données personnelles, décisions individuelles ou risque haut)',
    );
    expect(await shown(page.locator('label', { hasText: /^Décisions individuelles/ }))).toBe('décisions individuelles');
    expect(await shown(page.locator('label', { hasText: /^Date de fin/ }))).toBe('date de fin (optionnel)');
    const personal = page.getByRole('radiogroup', { name: 'Données personnelles', exact: true });
    await personal.scrollIntoViewIfNeeded();
    // At that moment the form says it: « À remplir maintenant » under the legal basis's label.
    const requiredNow = () => basisLabel.first().evaluate((label) => label.hasAttribute('data-obligatoire-maintenant'));
    expect(await requiredNow()).toBe(false);
    await personal.getByRole('radio', { name: 'Oui', exact: true }).check();
    await expect.poll(requiredNow).toBe(true);
    expect(await basisLabel.first().evaluate((label) => getComputedStyle(label, '::after').content)).toContain('À remplir maintenant');
    await publish(page);
    const list = refusalList(page);
    await list.waitFor({ timeout: 10_000 });
    expect(await list.innerText()).toContain(
      'Les données › Base légale (RGPD)\u00a0: la base légale est obligatoire quand des données personnelles sont traitées',
    );
    await screenshot(page, 'cms-refus-base-legale');
    await list.getByRole('button', { name: 'Les données › Base légale (RGPD)' }).click();
    await expect.poll(() => labelled(page, 'Base légale (RGPD)').evaluate((control) => control === document.activeElement)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('crée un compte rendu dont une décision porte sur cette fiche', { timeout: 180_000 }, async () => {
    await newEntry(page, origin, 'comptes-rendus');
    await choose(page, 'Instance', 'Comité de la donnée et de l’IA');
    await fill(page, 'Titre', 'Réunion sur le tri du courrier');
    await ensureItem(page, 'Présents', 'Rôle');
    await fill(page, 'Rôle', 'Directrice du numérique');
    await fillLastListText(page, 'Ordre du jour', 'Avis sur le tri automatique du courrier');
    await ensureItem(page, 'Décisions', 'Objet');
    await fill(page, 'Identifiant', DECISION_ID);
    await fill(page, 'Objet', 'Avis sur le tri automatique du courrier');
    await choose(page, 'Résultat', 'Avis favorable');
    await choose(page, 'Usage concerné', ENTRY_TITLE);
    await fill(page, 'Texte de la décision', 'Le comité rend un avis favorable à l’expérimentation.');
    const body = page.locator('[data-slate-editor="true"]').last();
    await body.scrollIntoViewIfNeeded();
    await body.click();
    await page.keyboard.type('Le comité a examiné le tri automatique du courrier.');
    await publish(page);
    const folder = path.join(copy.root, 'content', 'comptes-rendus');
    const deadline = Date.now() + 15_000;
    let file: string | undefined;
    while (!file && Date.now() < deadline) {
      file = (await import('node:fs'))
        .readdirSync(folder)
        .find((name) => name.startsWith('comite-donnee-ia-') && readFileSync(path.join(folder, name), 'utf8').includes(DECISION_ID));
      if (!file) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(file).toBeDefined();
    const data = yaml.load(readFileSync(path.join(folder, file!), 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
    expect(data.decisions[0]).toMatchObject({ id: DECISION_ID, entry: ENTRY_SLUG, outcome: 'avis-favorable' });
    const content = loadContent(path.join(copy.root, 'content'));
    expect(content.minutes.some((m) => m.decisions.some((d) => d.id === DECISION_ID && d.entry === ENTRY_SLUG))).toBe(true);
  });

  it('une nouvelle construction publie la fiche et la décision', { timeout: 180_000 }, async () => {
    const build = copy.build();
    expect(build.status, build.output).toBe(0);
    const entryPage = readFileSync(path.join(copy.root, 'dist', 'client', 'registre', ENTRY_SLUG, 'index.html'), 'utf8');
    expect(entryPage).toContain(ENTRY_TITLE);
    expect(entryPage).toContain('Avis sur le tri automatique du courrier');
    const config = readFileSync(path.join(copy.root, 'dist', 'client', 'admin', 'config.yml'), 'utf8');
    expect(config).not.toContain('local_backend');
    expect(foreignRequests).toEqual([]);
  });
});
