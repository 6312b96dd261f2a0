/**
 * The moderation screens against the built server: the door of every route (derived from the
 * files under src/pages/moderation/, so that a new route cannot be forgotten), login and its
 * throttle, the session cookie, decisions and their audit lines, the CSV export and the journal.
 * Contributions are seeded through a second connection to the server's own SQLite file.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { parseCsv } from '../../src/lib/open-data/csv.ts';
import { safeReturnPath } from '../../src/server/moderation/guard.ts';
import { hashPassword } from '../../src/server/moderation/password.ts';
import { newSessionToken, sessionTokenHash } from '../../src/server/moderation/session.ts';
import { openStore } from '../../src/server/store/index.ts';
import { AUDIT_ACTIONS, type Contribution, type ContributionStore } from '../../src/server/store/types.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { PROJECT } from '../helpers/project.ts';
import { startSite, type RunningSite } from '../helpers/server.ts';

const essai = fixtureSite('essai');
const { content } = essai;
const consultation = content.consultations.find((c) => consultationStatus(c) === 'open');
const other = content.consultations.find((c) => consultationStatus(c) === 'closed');
if (!consultation || !other) throw new Error('le site de test compte une consultation ouverte et une close');
const textQuestion = consultation.questions.find((q) => q.kind === 'avis')!;
const choiceQuestion = consultation.questions.find((q) => q.kind === 'choix')!;
const rule = content.moderation.rules[0]!;
const PASSWORD = 'une phrase de passe assez longue';

let site: RunningSite;
let store: ContributionStore;
/** A session of alice's, opened once for the tests that need one. */
let session: string;

beforeAll(async () => {
  site = await startSite(essai);
  // The account through the command itself, on the server's data folder.
  const created = spawnSync(process.execPath, [path.join(PROJECT, 'scripts', 'moderators.ts'), 'add', 'alice'], {
    env: { ...process.env, DATA_DIR: site.dataDir, DATABASE_URL: '', MODERATOR_PASSWORD: PASSWORD },
    encoding: 'utf8',
  });
  if (created.status !== 0) throw new Error(created.stderr);
  store = await openStore({ dataDir: site.dataDir });
  session = await logIn('alice', PASSWORD);
});
afterAll(async () => {
  await store?.close();
  await site?.stop();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function http(
  url: string,
  options: { method?: string; session?: string; form?: Record<string, string>; headers?: Record<string, string>; origin?: string } = {},
): Promise<Answer> {
  const { form, origin = site.origin } = options;
  const response = await fetch(`${origin}${url}`, {
    method: options.method ?? (form ? 'POST' : 'GET'),
    redirect: 'manual',
    headers: {
      ...(options.session && { cookie: `moderation_session=${options.session}` }),
      ...(form && { origin }),
      ...options.headers,
    },
    body: form ? new URLSearchParams(form) : undefined,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function logIn(login: string, password: string): Promise<string> {
  const answer = await http('/moderation/connexion/', { form: { identifiant: login, mot_de_passe: password } });
  const token = /^moderation_session=([A-Za-z0-9_-]{43});/.exec(answer.headers.get('set-cookie') ?? '')?.[1];
  if (answer.status !== 303 || !token) throw new Error(`connexion refusée : ${answer.status}`);
  return token;
}

const csrfOf = (html: string) => /name="jeton" value="([^"]+)"/.exec(html)?.[1] ?? '';

function expectPrivate(answer: Answer, route: string) {
  expect(answer.headers.get('cache-control'), route).toBe('no-store');
  expect(answer.headers.get('x-robots-tag'), route).toBe('noindex, nofollow');
}

let seeded = 0;
async function seed(overrides: Partial<Parameters<ContributionStore['create']>[0]> = {}): Promise<Contribution> {
  seeded++;
  const { contribution } = await store.create({
    consultation: consultation!.slug,
    answers: { [textQuestion.id]: `Avis numéro ${seeded}.` },
    pseudonym: `Habitant ${seeded}`,
    receiptHash: `empreinte-recu-${seeded}`,
    idempotencyKey: `cle-idempotence-${String(seeded).padStart(8, '0')}`,
    ...overrides,
  });
  return contribution;
}

/** Every address of src/pages/moderation/, from its file name; a new kind of parameter fails here first. */
function moderationRoutes(): string[] {
  const root = path.join(PROJECT, 'src', 'pages', 'moderation');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(astro|ts)$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return files.map((file) => {
    const route = file
      .replace(/\.(astro|ts)$/, '')
      .replace(/(^|\/)index$/, '$1')
      .replace(/\[(\w+)\]/g, (_, name: string) => {
        if (name !== 'slug') throw new Error(`paramètre inconnu [${name}] dans ${file} : complétez ce test`);
        return consultation!.slug;
      });
    const url = `/moderation/${route}`;
    return url.endsWith('/') || /\.\w+$/.test(url) ? url : `${url}/`;
  });
}

describe('les adresses de la modération, une à une', () => {
  const routes = moderationRoutes();
  const guarded = routes.filter((route) => route !== '/moderation/connexion/');

  it('sont trouvées dans src/pages/moderation/', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        '/moderation/',
        '/moderation/connexion/',
        '/moderation/deconnexion/',
        '/moderation/journal/',
        `/moderation/${consultation.slug}/`,
        `/moderation/${consultation.slug}/export.csv`,
      ]),
    );
  });

  for (const route of guarded) {
    it(`${route} : 401 sans session valide (GET et POST), 403 sans jeton CSRF valide, jamais en cache`, async () => {
      const expired = newSessionToken();
      await store.createSession({ tokenHash: sessionTokenHash(expired), login: 'alice', ttlMs: 0 });
      for (const cookie of [undefined, newSessionToken(), expired, 'pas-un-jeton']) {
        const get = await http(route, { session: cookie });
        expect(get.status, `GET ${route} ${cookie}`).toBe(401);
        expectPrivate(get, route);
        expect(get.text).toContain('Connexion à l’espace de modération');
        expect(get.text).toContain(`name="retour" value="${safeReturnPath(route)}"`);
        const post = await http(route, { session: cookie, form: { jeton: 'quelconque' } });
        expect(post.status, `POST ${route} ${cookie}`).toBe(401);
        expectPrivate(post, route);
      }
      const page = await http(route, { session });
      expect(page.status, `GET ${route} avec session`).toBe(200);
      expectPrivate(page, route);
      const elsewhere = await http('/moderation/', { session: await logIn('alice', PASSWORD) });
      for (const jeton of [undefined, '', 'faux', csrfOf(elsewhere.text)]) {
        const post = await http(route, { session, form: jeton === undefined ? { autre: 'champ' } : { jeton } });
        expect(post.status, `POST ${route} jeton ${jeton}`).toBe(403);
        expectPrivate(post, route);
      }
    });
  }

  it('la page de connexion répond sans session, sans cookie, jamais en cache', async () => {
    const page = await http('/moderation/connexion/');
    expect(page.status).toBe(200);
    expectPrivate(page, '/moderation/connexion/');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.text).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it('un formulaire envoyé depuis un autre site est refusé', async () => {
    const answer = await http('/moderation/connexion/', {
      form: { identifiant: 'alice', mot_de_passe: PASSWORD },
      headers: { origin: 'https://ailleurs.example' },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('set-cookie')).toBeNull();
  });
});

describe('la connexion', () => {
  it('aucune page publique ne dépose de cookie, même quand le navigateur envoie celui de la modération', async () => {
    for (const url of ['/', '/registre/', '/consultations/', '/donnees/registre.csv', '/page-inexistante/']) {
      for (const cookie of [undefined, session]) {
        const answer = await http(url, { session: cookie });
        expect(answer.headers.get('set-cookie'), url).toBeNull();
      }
    }
  });

  it('même message pour un identifiant inconnu et un mauvais mot de passe, sans cookie', async () => {
    const wrong = await http('/moderation/connexion/', { form: { identifiant: 'alice', mot_de_passe: 'ce n’est pas le bon' } });
    const unknown = await http('/moderation/connexion/', { form: { identifiant: 'personne', mot_de_passe: PASSWORD } });
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.text).toContain('Identifiant ou mot de passe incorrect.');
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
  });

  it('le cookie de session : HttpOnly, SameSite=Strict, limité à /moderation/, sans Secure en HTTP simple', async () => {
    // X-Forwarded-Proto counts only behind a trusted proxy (TRUST_PROXY): not here.
    const answer = await http('/moderation/connexion/', {
      form: { identifiant: 'alice', mot_de_passe: PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/moderation/');
    const [session, device] = answer.headers.getSetCookie();
    expect(session).toMatch(/^moderation_session=[A-Za-z0-9_-]{43}; Path=\/moderation\/; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    // The device cookie: this browser is not locked out by others' failed logins.
    expect(device).toMatch(
      /^moderation_appareil=\d+\.[\w-]{16}\.[\w-]{43}; Path=\/moderation\/; Max-Age=15552000; HttpOnly; SameSite=Strict$/,
    );
    // Only the hash of the token is in the database.
    const token = /=([^;]+);/.exec(session!)![1]!;
    expect(await store.getSession(token)).toBeNull();
    expect(await store.getSession(sessionTokenHash(token))).toMatchObject({ login: 'alice' });
  });

  it('derrière un mandataire de confiance qui signale HTTPS, le cookie est Secure', async () => {
    const proxied = await startSite(essai, { TRUST_PROXY: '1' });
    try {
      const other = await openStore({ dataDir: proxied.dataDir });
      await other.createStaff('alice', await hashPassword(PASSWORD));
      await other.close();
      const answer = await http('/moderation/connexion/', {
        origin: proxied.origin,
        form: { identifiant: 'alice', mot_de_passe: PASSWORD },
        // The browser speaks https to the proxy, so its Origin is https too.
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.44', origin: proxied.origin.replace('http:', 'https:') },
      });
      expect(answer.status).toBe(303);
      for (const cookie of answer.headers.getSetCookie()) expect(cookie).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
      // « https » written by the client, then « http » appended by our proxy: the proxy's value
      // counts, for the origin check as for the cookie (both read the same hop).
      const forged = await http('/moderation/connexion/', {
        origin: proxied.origin,
        form: { identifiant: 'alice', mot_de_passe: PASSWORD },
        headers: { 'x-forwarded-proto': 'https, http', 'x-forwarded-for': '192.0.2.45', origin: proxied.origin },
      });
      expect(forged.status).toBe(303);
      for (const cookie of forged.headers.getSetCookie()) expect(cookie).not.toContain('Secure');
    } finally {
      await proxied.stop();
    }
  });

  it('ramène à la page demandée, jamais vers un autre site', async () => {
    const asked = await http('/moderation/journal/');
    expect(asked.text).toContain('name="retour" value="/moderation/journal/"');
    const back = await http('/moderation/connexion/', {
      form: { identifiant: 'alice', mot_de_passe: PASSWORD, retour: '/moderation/journal/' },
    });
    expect(back.headers.get('location')).toBe('/moderation/journal/');
    const away = await http('/moderation/connexion/', {
      form: { identifiant: 'alice', mot_de_passe: PASSWORD, retour: '//ailleurs.example/' },
    });
    expect(away.headers.get('location')).toBe('/moderation/');
    // Already signed in: the login page sends to the moderation home.
    expect((await http('/moderation/connexion/', { session })).status).toBe(303);
  });

  it('après dix échecs, refuse avec 429 et dit quand réessayer, même avec le bon mot de passe', async () => {
    await store.createStaff('bruno', await hashPassword(PASSWORD));
    for (let i = 0; i < 10; i++) {
      expect((await http('/moderation/connexion/', { form: { identifiant: 'bruno', mot_de_passe: `essai ${i}` } })).status).toBe(401);
    }
    const refused = await http('/moderation/connexion/', { form: { identifiant: 'bruno', mot_de_passe: PASSWORD } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(refused.text).toMatch(/réessayez à partir de \d{1,2}\u00a0h\u00a0\d{2}\./);
    expect(refused.headers.get('set-cookie')).toBeNull();
    // Another account, from the same address, still logs in.
    await logIn('alice', PASSWORD);
  });

  it('une session expire, et la déconnexion la ferme et efface le cookie', async () => {
    const token = newSessionToken();
    await store.createSession({ tokenHash: sessionTokenHash(token), login: 'alice', ttlMs: 1500 });
    expect((await http('/moderation/', { session: token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await http('/moderation/', { session: token })).status).toBe(401);

    const mine = await logIn('alice', PASSWORD);
    const confirm = await http('/moderation/deconnexion/', { session: mine });
    expect(confirm.text).toContain('Se déconnecter');
    const out = await http('/moderation/deconnexion/', { session: mine, form: { jeton: csrfOf(confirm.text) } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/moderation/connexion/?deconnexion');
    expect(out.headers.get('set-cookie')).toBe('moderation_session=; Path=/moderation/; Max-Age=0; HttpOnly; SameSite=Strict');
    expect((await http('/moderation/', { session: mine })).status).toBe(401);
    expect((await http('/moderation/connexion/?deconnexion')).text).toContain('Vous êtes déconnecté.');
    expect((await store.listAudit({ limit: 1 }))[0]).toMatchObject({ actor: 'alice', action: 'staff.logout' });
  });

  it('un compte désactivé en ligne de commande perd aussitôt ses sessions', async () => {
    await store.createStaff('carla', await hashPassword(PASSWORD));
    const hers = await logIn('carla', PASSWORD);
    expect((await http('/moderation/', { session: hers })).status).toBe(200);
    const removed = spawnSync(process.execPath, [path.join(PROJECT, 'scripts', 'moderators.ts'), 'remove', 'carla'], {
      env: { ...process.env, DATA_DIR: site.dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
    });
    expect(removed.status).toBe(0);
    expect((await http('/moderation/', { session: hers })).status).toBe(401);
  });
});

describe('la file d’attente et les décisions', () => {
  const queue = () => `/moderation/${consultation.slug}/`;
  const decide = async (form: Record<string, string>) => {
    const page = await http(queue(), { session });
    return http(queue(), { session, form: { jeton: csrfOf(page.text), ...form } });
  };

  it('montre les contributions en attente, de la plus ancienne à la plus récente, en texte brut avec les libellés des questions', async () => {
    const first = await seed({
      answers: { [textQuestion.id]: '<script>alert(1)</script> & « guillemets »', [choiceQuestion.id]: choiceQuestion.options[0]!.value },
      profile: { commune: content.site.communes[0]!, age_bracket: '30-44' },
      entry: consultation.entries[0] ?? null,
    });
    const second = await seed();
    const page = await http(queue(), { session });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; « guillemets »');
    expect(page.text).toContain(textQuestion.label);
    expect(page.text).toContain(choiceQuestion.options[0]!.label);
    expect(page.text).toContain('30 à 44 ans');
    expect(page.text.indexOf(first.id)).toBeLessThan(page.text.indexOf(second.id));
    for (const rule of content.moderation.rules) expect(page.text).toContain(`<option value="${rule.id}">`);
    expect(page.text).not.toContain(first.receiptHash);
  });

  it('isole chaque texte saisi et signale un mot qui mêle plusieurs alphabets', async () => {
    // A Cyrillic « С » and « а » in « Camille »: accepted by the schema (it imitates no one), but pointed out.
    const mixed = await seed({ pseudonym: '\u0421\u0430mille', answers: { [textQuestion.id]: 'Un av\u0456s, et un mot en русский.' } });
    const plain = await seed({ pseudonym: 'سارة', answers: { [textQuestion.id]: 'رأيي في هذا الاستخدام.' } });
    const page = await http(queue(), { session });
    const card = (id: string) => page.text.slice(page.text.indexOf(`id="contribution-${id}"`)).split('</article>')[0]!;
    expect(card(mixed.id)).toContain('« <bdi>\u0421\u0430mille</bdi> »');
    expect(card(mixed.id)).toContain(
      'Attention : ce pseudonyme mélange plusieurs alphabets (cyrillique, latin), ce qui peut servir à imiter un autre nom.',
    );
    expect(card(mixed.id)).toContain('dir="auto">Un av\u0456s, et un mot en русский.</dd>');
    expect(card(mixed.id)).toContain('Attention : cette réponse mélange plusieurs alphabets dans un même mot (latin, cyrillique)');
    // Arabic throughout is one alphabet per word: isolated, no warning.
    expect(card(plain.id)).toContain('« <bdi>سارة</bdi> »');
    expect(card(plain.id)).toContain('dir="auto">رأيي في هذا الاستخدام.</dd>');
    expect(card(plain.id)).not.toContain('Attention');
  });

  it('approuver : redirige vers la file avec un message, et le journal garde qui, quand et quoi', async () => {
    const target = await seed();
    const answer = await decide({ contribution: target.id, decision: 'approuver' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`${queue()}?resultat=approuvee`);
    expect(await store.get(target.id)).toMatchObject({ status: 'approved', moderator: 'alice' });
    expect((await store.listAudit({ target: target.id }))[0]).toMatchObject({
      actor: 'alice',
      action: AUDIT_ACTIONS.approve,
      reason: null,
    });
    const after = await http(answer.headers.get('location')!, { session });
    expect(after.text).toContain('Contribution approuvée');
    expect(after.text).toMatch(/<p id="message"[^>]*role="status"[^>]*autofocus/);
  });

  it('rejeter : exige un motif parmi les règles publiées, et le journal garde le motif', async () => {
    const target = await seed();
    for (const motif of [undefined, '', 'motif-invente']) {
      const answer = await decide({ contribution: target.id, decision: 'rejeter', ...(motif !== undefined && { motif }) });
      expect(answer.headers.get('location')).toBe(`${queue()}?resultat=motif-manquant`);
    }
    expect((await store.get(target.id))?.status).toBe('pending');
    const answer = await decide({ contribution: target.id, decision: 'rejeter', motif: rule.id });
    expect(answer.headers.get('location')).toBe(`${queue()}?resultat=rejetee&motif=${rule.id}`);
    expect(await store.get(target.id)).toMatchObject({ status: 'rejected', moderator: 'alice', moderationReason: rule.id });
    expect((await store.listAudit({ target: target.id }))[0]).toMatchObject({
      actor: 'alice',
      action: AUDIT_ACTIONS.reject,
      reason: rule.id,
    });
    expect((await http(answer.headers.get('location')!, { session })).text).toContain(
      `Contribution rejetée pour le motif « ${rule.label} ».`,
    );
  });

  it('une contribution déjà modérée, inconnue ou d’une autre consultation n’est pas touchée', async () => {
    const done = await seed();
    await store.moderate(done.id, { decision: 'approve', moderator: 'bruno' });
    expect((await decide({ contribution: done.id, decision: 'rejeter', motif: rule.id })).headers.get('location')).toBe(
      `${queue()}?resultat=deja-moderee`,
    );
    expect((await store.get(done.id))?.status).toBe('approved');
    expect((await decide({ contribution: 'inconnue', decision: 'approuver' })).headers.get('location')).toBe(
      `${queue()}?resultat=introuvable`,
    );
    const elsewhere = await seed({ consultation: other.slug });
    expect((await decide({ contribution: elsewhere.id, decision: 'approuver' })).headers.get('location')).toBe(
      `${queue()}?resultat=introuvable`,
    );
    expect((await store.get(elsewhere.id))?.status).toBe('pending');
    expect((await decide({ contribution: done.id, decision: 'effacer' })).status).toBe(400);
  });

  it('annuler une approbation ou un rejet : la contribution revient en attente, et le journal le garde', async () => {
    const approved = await seed();
    const rejected = await seed();
    await store.moderate(approved.id, { decision: 'approve', moderator: 'bruno' });
    await store.moderate(rejected.id, { decision: 'reject', moderator: 'bruno', reasonId: rule.id });
    const tab = await http(`${queue()}?statut=approuvees`, { session });
    expect(tab.text).toContain('Annuler l’approbation</button>');
    expect((await http(`${queue()}?statut=rejetees`, { session })).text).toContain('Annuler le rejet</button>');

    const answer = await decide({ contribution: approved.id, decision: 'annuler', statut: 'approuvee' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`${queue()}?resultat=annulee`);
    expect(await store.get(approved.id)).toMatchObject({ status: 'pending', moderator: null, moderatedAt: null });
    expect((await store.listAudit({ target: approved.id }))[0]).toMatchObject({
      actor: 'alice',
      action: AUDIT_ACTIONS.undo,
      reason: 'approved',
    });
    const after = await http(answer.headers.get('location')!, { session });
    expect(after.text).toContain('Décision annulée : la contribution est de nouveau en attente');
    expect(after.text).toContain(`id="contribution-${approved.id}"`);

    // The card said « rejetée »: an undo sent for an approval leaves it alone.
    expect((await decide({ contribution: rejected.id, decision: 'annuler', statut: 'approuvee' })).headers.get('location')).toBe(
      `${queue()}?resultat=deja-moderee`,
    );
    expect(await store.get(rejected.id)).toMatchObject({ status: 'rejected', moderationReason: rule.id });
    expect((await decide({ contribution: rejected.id, decision: 'annuler', statut: 'rejetee' })).headers.get('location')).toBe(
      `${queue()}?resultat=annulee`,
    );
    expect(await store.get(rejected.id)).toMatchObject({ status: 'pending', moderationReason: null });
    expect((await decide({ contribution: rejected.id, decision: 'annuler', statut: 'n-importe' })).status).toBe(400);
    const journal = await http('/moderation/journal/', { session });
    expect(journal.text).toContain('Décision annulée : contribution remise en attente');
    expect(journal.text).toContain('Annule : rejetée');

    // Withdrawn by its author in between: nothing to take back.
    const gone = await seed();
    await store.moderate(gone.id, { decision: 'approve', moderator: 'bruno' });
    await store.withdraw(gone.receiptHash);
    expect((await decide({ contribution: gone.id, decision: 'annuler', statut: 'approuvee' })).headers.get('location')).toBe(
      `${queue()}?resultat=deja-moderee`,
    );
    expect((await store.get(gone.id))?.status).toBe('withdrawn');
  });

  it('les onglets montrent les contributions approuvées et rejetées, avec la décision', async () => {
    const approved = await http(`${queue()}?statut=approuvees`, { session });
    expect(approved.text).toMatch(/aria-current="page">Approuvées \(\d+\)/);
    expect(approved.text).toContain('Approuvée par alice le');
    expect(approved.text).not.toContain('Approuver</button>');
    const rejected = await http(`${queue()}?statut=rejetees`, { session });
    expect(rejected.text).toContain(`motif : ${rule.label}`);
  });

  it('page par page, vingt contributions à la fois, sans en sauter', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 25; i++) ids.add((await seed({ consultation: other.slug })).id);
    const pendingOther = (await store.counts(other.slug)).byStatus.pending;
    const seen: string[] = [];
    let url: string | undefined = `/moderation/${other.slug}/?statut=en-attente`;
    while (url) {
      const page = await http(url, { session });
      const items = [...page.text.matchAll(/name="contribution" value="([^"]+)"/g)].map((m) => m[1]!);
      // Two forms per contribution: approve and reject.
      seen.push(...items.filter((_, i) => i % 2 === 0));
      expect(items.length / 2).toBeLessThanOrEqual(20);
      url = /href="([^"]+)">Contributions suivantes/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
    }
    expect(seen).toHaveLength(pendingOther);
    for (const id of ids) expect(seen).toContain(id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('une consultation inconnue : 404 avec une session, 401 sans', async () => {
    const missing = await http('/moderation/nulle-part/', { session });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Page introuvable');
    expectPrivate(missing, '/moderation/nulle-part/');
    expect((await http('/moderation/nulle-part/')).status).toBe(401);
  });
});

describe('l’export CSV', () => {
  it('toutes les contributions sauf celles retirées, statut, motif, dates et réponses par libellé ; ni reçu ni clé ; formules neutralisées', async () => {
    const tricky = 'Oui, mais "avec" des garanties ;\nsur deux lignes';
    const kept = await seed({
      answers: { [textQuestion.id]: tricky, [choiceQuestion.id]: choiceQuestion.options[1]!.value },
      pseudonym: '=HYPERLINK("http://ailleurs.example")',
    });
    const rejected = await seed({ answers: { [textQuestion.id]: '@SOMME(A1:A9)' } });
    await store.moderate(rejected.id, { decision: 'reject', moderator: 'alice', reasonId: rule.id });
    const withdrawn = await seed();
    await store.withdraw(withdrawn.receiptHash);

    const answer = await http(`/moderation/${consultation.slug}/export.csv`, { session });
    expect(answer.status).toBe(200);
    expectPrivate(answer, 'export.csv');
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="contributions-${consultation.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    expect(answer.text).not.toMatch(/empreinte-recu|cle-idempotence/);
    // A French spreadsheet opens it by double-click: semicolons (fetch drops the byte order mark,
    // which the unit tests check).
    expect(answer.text.replace(/^\uFEFF/, '').startsWith('Identifiant;Statut;Motif du refus;')).toBe(true);
    const [header, ...rows] = parseCsv(answer.text.replace(/^\uFEFF/, ''), ';');
    expect(header!.slice(0, 3)).toEqual(['Identifiant', 'Statut', 'Motif du refus']);
    for (const q of consultation.questions) expect(header).toContain(q.label);
    const column = (name: string) => header!.indexOf(name);
    const row = (id: string) => rows.find((r) => r[0] === id);
    expect(row(withdrawn.id)).toBeUndefined();
    expect(rows).toHaveLength(
      (await store.counts(consultation.slug)).byStatus.pending +
        (await store.counts(consultation.slug)).byStatus.approved +
        (await store.counts(consultation.slug)).byStatus.rejected,
    );
    expect(row(kept.id)![column(textQuestion.label)]).toBe(tricky);
    expect(row(kept.id)![column(choiceQuestion.label)]).toBe(choiceQuestion.options[1]!.label);
    expect(row(kept.id)![column('Pseudonyme')]).toBe('\'=HYPERLINK("http://ailleurs.example")');
    expect(row(kept.id)![column('Statut')]).toBe('En attente');
    expect(row(rejected.id)![column('Statut')]).toBe('Rejetée');
    expect(row(rejected.id)![column('Motif du refus')]).toBe(rule.label);
    expect(row(rejected.id)![column(textQuestion.label)]).toBe("'@SOMME(A1:A9)");
    expect(row(rejected.id)![column('Modérée le (heure de Paris)')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });
});

describe('le journal des actions', () => {
  it('du plus récent au plus ancien, cinquante lignes par page, avec qui, quoi, sur quoi et pourquoi', async () => {
    for (let i = 0; i < 60; i++) await store.appendAudit({ actor: 'essai', action: 'essai.action', target: `cible-${i}` });
    const total = (await store.listAudit({ limit: 1000 })).length;
    const first = await http('/moderation/journal/', { session });
    const rowsOf = (html: string) => (html.match(/<tr>/g) ?? []).length - 1;
    expect(rowsOf(first.text)).toBe(50);
    expect(first.text.indexOf('cible-59')).toBeLessThan(first.text.indexOf('cible-58'));
    const older = /href="([^"]+)">Actions plus anciennes/.exec(first.text)?.[1];
    expect(older).toMatch(/^\/moderation\/journal\/\?avant=\d+$/);
    const second = await http(older!, { session });
    expect(rowsOf(second.text)).toBe(Math.min(50, total - 50));
    expect(second.text).toContain('Revenir aux actions les plus récentes');
    const oldestTrial = (await store.listAudit({ limit: 60 })).at(-1)!;
    const decisions = await http(`/moderation/journal/?avant=${oldestTrial.id}`, { session });
    expect(decisions.text).toContain('Contribution rejetée');
    expect(decisions.text).toContain(rule.label);
    expect(decisions.text).toContain(`href="/moderation/${consultation.slug}/"`);
  });
});
