/**
 * The consultation routes of the built server, over HTTP: each outcome of an intake gets its
 * status code and a French explanation, what was typed comes back with the errors, a receipt
 * code finds and withdraws its contribution, and the JSON intake behaves like the form.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFormToken } from '../../src/server/abuse/form-token.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { ContributionStore } from '../../src/server/store/types.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { solvedProof } from '../helpers/proof.ts';
import { startSite, type RunningSite } from '../helpers/server.ts';

const SECRET = 'secret-de-test-des-routes-de-consultation-0123456789';
// The fixture site has one consultation of each kind, its dates relative to the day of the run.
const OPEN = 'avis-priorisation-aides-logement';
const CLOSED = 'bilan-interpretes-accueil';
const UPCOMING = 'consultation-a-venir';

const essai = fixtureSite('essai');
let site: RunningSite;
let store: ContributionStore;

beforeAll(async () => {
  site = await startSite(essai, {
    SERVER_SECRET: SECRET,
    CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY: '8',
    BODY_LIMIT_BYTES: '4096',
    TRUST_PROXY: '1',
  });
  store = await openStore({ dataDir: site.dataDir });
}, 60_000);
afterAll(async () => {
  await store?.close();
  await site?.stop();
});

let keys = 0;
/** A form as the page sends it, its token issued a minute ago (past the minimal fill time). */
function form(consultation: string, fields: Record<string, string> = {}): Record<string, string> {
  const cle = fields.cle ?? `cle-des-routes-${String(++keys).padStart(8, '0')}`;
  return {
    jeton: issueFormToken(Buffer.from(SECRET), consultation, cle, new Date(Date.now() - 60_000)),
    cle,
    site_web: '',
    preuve: '',
    'answers.avis-general': 'Une règle simple me paraît plus juste, et plus facile à expliquer aux demandeurs.',
    'answers.option-preferee': 'regle-simple',
    ...fields,
  };
}

/** Every form comes "from" this address, through the proxy header the server trusts here. */
const CLIENT_ADDRESS = '198.51.100.77';

function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${site.origin}${url}`, {
    method: 'POST',
    headers: {
      Origin: site.origin,
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Forwarded-For': `203.0.113.9, ${CLIENT_ADDRESS}`,
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A connection of its own for the tests of issue 12: the others count their own quota. */
const third = { 'X-Forwarded-For': '198.51.100.81' };

const receiptOf = (html: string) => /data-receipt>([0-9A-Z-]+)</.exec(html)?.[1];

describe('le formulaire de consultation, en HTTP', () => {
  it('la page d’accueil et chaque fiche mènent aux usages par thème, ce que cherchent les habitants', async () => {
    const home = await (await fetch(`${site.origin}/`)).text();
    const section = home.slice(home.indexOf('id="par-theme"'), home.indexOf('id="chiffres"'));
    expect(section).toContain('<a href="/registre/filtre/theme/logement/">Logement</a>');
    expect(section).not.toContain('/registre/filtre/theme/culture-sport-loisirs/');
    const housing = await (await fetch(`${site.origin}/registre/filtre/theme/logement/`)).text();
    expect(housing).toContain('href="/registre/priorisation-demandes-fsl/"');
    expect(housing.match(/class="entry-card/g)?.length).toBe(essai.content.register.filter((e) => e.themes.includes('logement')).length);
    const entryPage = await (await fetch(`${site.origin}/registre/priorisation-demandes-fsl/`)).text();
    expect(entryPage).toContain('<a href="/registre/filtre/theme/aides-sociales/">Aides sociales et solidarité</a>');
  });

  it('la page d’accueil mène de chaque chiffre aux usages qu’il compte', async () => {
    const home = await (await fetch(`${site.origin}/`)).text();
    const individual = essai.content.register.filter((e) => e.oversight.individual_decisions).length;
    expect(home).toMatch(
      new RegExp(
        `<a href="/registre/filtre/decisions-individuelles/oui/">\\s*<strong>${individual}</strong> interviennent dans des décisions individuelles`,
      ),
    );
    const page = await (await fetch(`${site.origin}/registre/filtre/decisions-individuelles/oui/`)).text();
    expect(page.match(/class="entry-card/g)?.length ?? 0).toBe(individual);
  });

  it('la page d’accueil annonce les consultations ouvertes et à venir, avec leurs dates, et pas les closes', async () => {
    const home = await (await fetch(`${site.origin}/`)).text();
    const section = home.slice(home.indexOf('id="donner-son-avis"'), home.indexOf('id="chiffres"'));
    expect(section).toContain(`href="/consultations/${OPEN}/"`);
    expect(section).toMatch(/ouverte jusqu’au <time datetime="\d{4}-\d{2}-\d{2}"/);
    expect(section).toContain(`href="/consultations/${UPCOMING}/"`);
    expect(section).toContain('ouvrira le');
    expect(section).not.toContain(CLOSED);
  });

  it('liste les consultations par état, et montre une consultation ouverte avec son formulaire et un jeton neuf', async () => {
    const list = await (await fetch(`${site.origin}/consultations/`)).text();
    expect(list).toMatch(
      /En cours[\s\S]*avis-priorisation-aides-logement[\s\S]*À venir[\s\S]*consultation-a-venir[\s\S]*Terminées[\s\S]*bilan-interpretes-accueil/,
    );
    const page = await fetch(`${site.origin}/consultations/${OPEN}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('name="jeton"');
    expect(html).toMatch(/name="cle" value="[A-Za-z0-9_-]{16,64}"/);
    expect(html).toContain('Les règles de modération');
    expect(html).toContain('Ce que deviennent vos réponses');
    // A link near the top jumps to the form, seven screens down on a phone.
    expect(html).toMatch(/<a href="#formulaire">Aller au formulaire pour donner mon avis<\/a>[\s\S]*<section[^>]*id="formulaire"/);
    expect(html).toContain('<span class="question-number">Question 1</span>');
  });

  it('la fiche d’un usage mène droit au formulaire de la consultation, l’usage choisi', async () => {
    const entry = await (await fetch(`${site.origin}/registre/priorisation-demandes-fsl/`)).text();
    expect(entry).toContain(`href="/consultations/${OPEN}/?usage=priorisation-demandes-fsl#formulaire"`);
  });

  it('dit le refus du formulaire entier aussi juste au-dessus du bouton d’envoi', async () => {
    const trap = await post(`/consultations/${OPEN}/`, form(OPEN, { site_web: 'https://promo.example' }), third);
    const html = await trap.text();
    expect(html).toMatch(/role="alert"[\s\S]*doit rester vide[\s\S]*<a href="#envoyer">Aller au bouton d’envoi<\/a>/);
    expect(html).toMatch(
      /<p class="field-error" id="envoi-probleme">\s*Erreur : Le champ « Site web » doit rester vide[^<]*<\/p>\s*<button[^>]*id="envoyer"[^>]*aria-describedby="envoi-probleme envoi-aide"/,
    );
  });

  it('répond 201 avec un code de reçu, puis 200 sans second code pour le même formulaire', async () => {
    const fields = form(OPEN);
    const first = await post(`/consultations/${OPEN}/`, fields);
    expect(first.status).toBe(201);
    const receipt = await first.text();
    const code = receiptOf(receipt);
    expect(receipt).toContain('il vous permet de <a href="/consultations/ma-contribution/">');
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const again = await post(`/consultations/${OPEN}/`, fields);
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(receiptOf(html)).toBeUndefined();
    expect(html).toContain('déjà été envoyé');
    // Where the code was, and that nobody can give it again.
    expect(html).toContain('affiché une seule fois, juste après le premier envoi');
    expect(html).toContain('Nous ne pouvons pas vous le redonner');
  });

  it('renvoie le formulaire avec 400, chaque erreur près de son champ, et ce qui a été saisi', async () => {
    const typed = 'Mon avis < tout & partout > « guillemets »';
    const response = await post(
      `/consultations/${OPEN}/`,
      form(OPEN, {
        'answers.avis-general': '',
        'answers.information-demandeurs': typed,
        'answers.option-preferee': 'inconnue',
        pseudonym: 'Camille',
      }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<title>Erreur :');
    expect(html).toContain('2 réponses sont à corriger');
    expect(html).toMatch(/id="champ-answers-avis-general-erreur">\s*Erreur : une réponse est obligatoire\s*</);
    expect(html).toMatch(/id="champ-answers-option-preferee-erreur">\s*Erreur : choisissez une des réponses proposées\s*</);
    // The summary names the field in two words and links to it; no message repeats a question.
    expect(html).toMatch(/<a href="#champ-answers-option-preferee">Question 1 : choisissez une des réponses proposées<\/a>/);
    expect(html).toMatch(/<a href="#champ-answers-avis-general">Question 4 : une réponse est obligatoire<\/a>/);
    expect(html).not.toContain('» : une réponse est obligatoire');
    expect(html).toContain('Mon avis &lt; tout &amp; partout &gt; « guillemets »</textarea>');
    expect(html).toContain('value="Camille"');
    expect(await store.counts(OPEN)).toMatchObject({ byStatus: { pending: 1 } });
  });

  it('répond 404 pour une consultation inconnue, 409 avant son ouverture, 410 une fois close', async () => {
    const unknown = await post('/consultations/inconnue/', form('inconnue'));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<html lang="fr"');
    expect((await post(`/consultations/${UPCOMING}/`, form(UPCOMING))).status).toBe(409);
    const closed = await post(`/consultations/${CLOSED}/`, form(CLOSED));
    expect(closed.status).toBe(410);
    expect(await closed.text()).toContain('les contributions ne sont plus reçues');
    expect((await fetch(`${site.origin}/consultations/inconnue/`)).status).toBe(404);
  });

  it('répond 413 à un corps trop gros et 415 à un corps qui n’est pas un formulaire, sans rien enregistrer', async () => {
    const before = (await store.counts(OPEN)).byStatus.pending;
    const huge = await post(`/consultations/${OPEN}/`, form(OPEN, { 'answers.avis-general': 'x'.repeat(5000) }));
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('trop volumineuse');
    const json = await post(`/consultations/${OPEN}/`, form(OPEN), { 'Content-Type': 'application/json' });
    expect(json.status).toBe(415);
    const cross = await post(`/consultations/${OPEN}/`, form(OPEN), { Origin: 'https://ailleurs.example' });
    expect(cross.status).toBe(403);
    expect((await store.counts(OPEN)).byStatus.pending).toBe(before);
  });

  it('derrière un mandataire de confiance qui termine TLS, accepte le formulaire de l’origine https seulement', async () => {
    const https = site.origin.replace('http:', 'https:');
    const behindProxy = await post(`/consultations/${OPEN}/`, form(OPEN, { site_web: 'piège' }), {
      Origin: https,
      'X-Forwarded-Proto': 'https',
    });
    // Past the origin check: refused by the honeypot, which comes next.
    expect(behindProxy.status).toBe(400);
    expect((await post(`/consultations/${OPEN}/`, form(OPEN), { Origin: https })).status).toBe(403);
  });

  it('refuse les robots avec 400 : pot de miel rempli, jeton falsifié', async () => {
    const trap = await post(`/consultations/${OPEN}/`, form(OPEN, { site_web: 'https://promo.example' }));
    expect(trap.status).toBe(400);
    expect(await trap.text()).toContain('doit rester vide');
    const forged = await post(`/consultations/${OPEN}/`, form(OPEN, { jeton: `${OPEN}.1.faux` }));
    expect(forged.status).toBe(400);
  });

  it('retrouve une contribution par son code de reçu, dit son état, et la retire', async () => {
    const sent = await post(`/consultations/${OPEN}/`, form(OPEN, { pseudonym: 'Retrait' }));
    const code = receiptOf(await sent.text())!;
    const lookup = await post('/consultations/ma-contribution/', { code: code.toLowerCase().replaceAll('-', ' '), action: 'voir' });
    expect(lookup.status).toBe(200);
    const shown = await lookup.text();
    expect(shown).toContain('en attente de modération');
    expect(shown).toContain('Une règle simple me paraît plus juste');
    expect(shown).toMatch(/<dt>Pseudonyme publié<\/dt>\s*<dd>\s*<bdi>Retrait<\/bdi>/);
    // First step: nothing is withdrawn yet, the code goes on in a hidden field, never in the address.
    const asked = await post('/consultations/ma-contribution/', { code, action: 'retirer' });
    const confirm = await asked.text();
    expect(confirm).toContain('<h1>Confirmer le retrait de ma contribution</h1>');
    expect(confirm).toMatch(
      /<input type="hidden" name="code" value="[^"]+">\s*<button type="submit" name="action" value="confirmer-retrait"/,
    );
    expect(confirm).toContain('Garder ma contribution');
    expect(confirm).not.toMatch(/action="[^"]*code=/);
    expect((await store.list({ consultation: OPEN, status: 'withdrawn' })).items).toHaveLength(0);
    const withdrawn = await post('/consultations/ma-contribution/', { code, action: 'confirmer-retrait' });
    expect(await withdrawn.text()).toContain('Votre contribution est retirée');
    const stored = (await store.list({ consultation: OPEN, status: 'withdrawn' })).items;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.answers).toBeNull();
    const unknown = await post('/consultations/ma-contribution/', { code: '0000-0000-0000-0000', action: 'voir' });
    expect(unknown.status).toBe(404);
    const malformed = await post('/consultations/ma-contribution/', { code: 'pas un code', action: 'voir' });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('n’a pas la forme attendue');
  });

  it('publie une contribution approuvée en texte brut, avec les chiffres de la modération', async () => {
    const payload = '<b>gras</b> et [lien](javascript:alert(1)) **étoiles**';
    const sent = await post(`/consultations/${OPEN}/`, form(OPEN, { 'answers.avis-general': payload, pseudonym: 'Publiée' }));
    expect(sent.status).toBe(201);
    const pending = (await store.list({ consultation: OPEN, status: 'pending' })).items.find((c) => c.pseudonym === 'Publiée')!;
    await store.moderate(pending.id, { decision: 'approve', moderator: 'test' });
    const html = await (await fetch(`${site.origin}/consultations/${OPEN}/`)).text();
    expect(html).toContain('&lt;b&gt;gras&lt;/b&gt; et [lien](javascript:alert(1)) **étoiles**');
    expect(html).not.toContain('<b>gras</b>');
    expect(html).toMatch(/<strong>1<\/strong> publiée/);
  });
  it('pendant la consultation, publie déjà le total de chaque réponse à choix, contributions publiées à ce jour', async () => {
    const sent = await post(
      `/consultations/${OPEN}/`,
      form(OPEN, { pseudonym: 'Totaux', 'answers.option-preferee': 'regle-simple' }),
      third,
    );
    expect(sent.status).toBe(201);
    const pending = (await store.list({ consultation: OPEN, status: 'pending' })).items.find((c) => c.pseudonym === 'Totaux')!;
    await store.moderate(pending.id, { decision: 'approve', moderator: 'test' });
    const approved = (await store.counts(OPEN)).byStatus.approved;
    const html = await (await fetch(`${site.origin}/consultations/${OPEN}/`)).text();
    expect(html).toContain('<h2 id="reponses-en-chiffres">Les réponses en chiffres</h2>');
    expect(html).toContain('à ce jour\u202f; ces chiffres changent');
    const choice = html.split(/<caption[^>]*>/).find((t) => t.startsWith('Question 2 :'))!;
    const counts = [...choice.split('</table>')[0]!.matchAll(/<td class="number">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(approved);
    expect(counts.length).toBeGreaterThan(1);
  });

  // From another connection: the rate limit of CLIENT_ADDRESS is counted by its own test.
  const elsewhere = { 'X-Forwarded-For': '198.51.100.80' };

  it('isole le pseudonyme et les réponses publiés, dans leur propre sens d’écriture', async () => {
    const sent = await post(
      `/consultations/${OPEN}/`,
      form(OPEN, { 'answers.avis-general': 'رأيي: قاعدة بسيطة أفضل.', pseudonym: 'שרה' }),
      elsewhere,
    );
    expect(sent.status).toBe(201);
    const code = receiptOf(await sent.text())!;
    const pending = (await store.list({ consultation: OPEN, status: 'pending' })).items.find((c) => c.pseudonym === 'שרה')!;
    await store.moderate(pending.id, { decision: 'approve', moderator: 'test' });
    const html = await (await fetch(`${site.origin}/consultations/${OPEN}/`)).text();
    expect(html).toContain('<bdi>שרה</bdi>');
    expect(html).toContain('dir="auto">رأيي: قاعدة بسيطة أفضل.</dd>');
    // No pseudonym published outside a <bdi>.
    expect(html).not.toMatch(/<span>שרה/);
    const receipt = await (await post('/consultations/ma-contribution/', { code, action: 'voir' })).text();
    expect(receipt).toContain('dir="auto">رأيي: قاعدة بسيطة أفضل.</dd>');
  });

  it('refuse un pseudonyme qui inverse le sens de lecture ou imite la collectivité, en le disant près du champ', async () => {
    const reversed = await post(`/consultations/${OPEN}/`, form(OPEN, { pseudonym: '\u202Etrevès ed eiriaM' }), elsewhere);
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toMatch(
      /id="champ-pseudonym-erreur">[^<]*le pseudonyme contient un caractère qui inverse le sens de lecture \(U\+202E\)/,
    );
    const imitation = await post(`/consultations/${OPEN}/`, form(OPEN, { pseudonym: 'M\u0430irie d’Essai' }), elsewhere);
    expect(imitation.status).toBe(400);
    expect(await imitation.text()).toMatch(
      /id="champ-pseudonym-erreur">[^<]*ce pseudonyme ressemble au nom de la collectivité ou de son personnel : choisissez-en un autre/,
    );
  });

  it('envoyé par le script de la page : 303 vers un reçu qui survit au rechargement, le code dans le fragment seulement', async () => {
    const sent = await fetch(`${site.origin}/consultations/${OPEN}/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: site.origin, 'Content-Type': 'application/x-www-form-urlencoded', ...third },
      body: new URLSearchParams(form(OPEN, { js: '1', pseudonym: 'Par script' })).toString(),
    });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location') ?? '';
    const [address, code] = location.split('#');
    expect(address).toBe(`/consultations/${OPEN}/merci/`);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(sent.headers.get('set-cookie')).toBeNull();
    // The receipt page is the same for everyone (the code never reaches the server): reloading it is harmless.
    for (let i = 0; i < 2; i++) {
      const page = await fetch(`${site.origin}${address}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Merci, votre contribution est bien reçue');
      expect(html).toContain('Copier le code');
      expect(html).not.toContain(code);
    }
    const lookup = await post('/consultations/ma-contribution/', { code: code!, action: 'voir' }, third);
    expect(await lookup.text()).toContain('<bdi>Par script</bdi>');
  });
});

describe('une consultation close et archivée', () => {
  it('dit « Terminée », et montre les chiffres de l’archive, pas ceux de la base', async () => {
    const html = await (await fetch(`${site.origin}/consultations/${CLOSED}/`)).text();
    expect(html).toMatch(/class="tag consultation-close">Terminée</);
    expect(html).not.toMatch(/>Close</);
    expect(html).toMatch(/<strong>12<\/strong> publiées/);
    expect(html).toMatch(/<strong>3<\/strong> refusées/);
    expect(html).toContain(`href="/consultations/${CLOSED}/archive/"`);
    const list = await (await fetch(`${site.origin}/consultations/`)).text();
    expect(list).toContain('12 contributions publiées sur 17 reçues.');
  });

  it('publie le total et la part de chaque réponse aux questions à choix et à note, en tableaux', async () => {
    for (const address of [`/consultations/${CLOSED}/`, `/consultations/${CLOSED}/archive/`]) {
      const html = await (await fetch(`${site.origin}${address}`)).text();
      expect(html, address).toContain('<h2 id="reponses-en-chiffres">Les réponses en chiffres</h2>');
      const tables = html.split(/<caption[^>]*>/).slice(1);
      const choice = tables.find((t) => t.startsWith('Question 2 :'));
      expect(choice, address).toBeDefined();
      expect(choice).toMatch(/<th scope="col"[^>]*>\s*Part\s*<\/th>/);
      // Every row has a count and a percentage; the counts of a question add up to the published contributions.
      const counts = [...choice!.split('</table>')[0]!.matchAll(/<td class="number">(\d+)<\/td>\s*<td class="number">(\d+)\u202f%<\/td>/g)];
      expect(counts.length).toBeGreaterThan(1);
      expect(counts.reduce((sum, m) => sum + Number(m[1]), 0)).toBe(12);
    }
  });
});

describe('méthodes et lignes d’état', () => {
  it('répond 405 avec Allow à une méthode qu’une route ne prend pas, et une ligne d’état conforme au code', async () => {
    const cases: [string, string, string][] = [
      ['POST', '/consultations/', 'GET, HEAD'],
      ['PUT', `/consultations/${OPEN}/`, 'GET, HEAD, POST'],
      ['DELETE', '/consultations/ma-contribution/', 'GET, HEAD, POST'],
      ['GET', `/consultations/${OPEN}/contributions.json`, 'POST'],
      ['POST', `/consultations/${OPEN}/defi.json`, 'GET, HEAD'],
    ];
    for (const [method, url, allow] of cases) {
      const response = await fetch(`${site.origin}${url}`, { method, headers: { Origin: site.origin } });
      expect(response.status, `${method} ${url}`).toBe(405);
      expect(response.headers.get('allow'), `${method} ${url}`).toBe(allow);
    }
    const invalid = await post(`/consultations/${OPEN}/`, form(OPEN, { 'answers.avis-general': '' }));
    expect(`${invalid.status} ${invalid.statusText}`).toBe('400 Bad Request');
  });
});

describe('la réception en JSON et le défi de preuve de travail', () => {
  const json = (slug: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${site.origin}/consultations/${slug}/contributions.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('donne un défi lié au formulaire, et le refuse sans clé valide', async () => {
    const challenge = await fetch(`${site.origin}/consultations/${OPEN}/defi.json?cle=${'k'.repeat(20)}`);
    expect(challenge.status).toBe(200);
    expect(await challenge.json()).toMatchObject({
      algorithm: 'SHA-256',
      maxnumber: expect.any(Number),
      salt: expect.stringContaining(`consultation=${OPEN}`),
    });
    expect((await fetch(`${site.origin}/consultations/${OPEN}/defi.json`)).status).toBe(400);
    expect((await fetch(`${site.origin}/consultations/${CLOSED}/defi.json?cle=${'k'.repeat(20)}`)).status).toBe(410);
    expect((await fetch(`${site.origin}/consultations/inconnue/defi.json?cle=${'k'.repeat(20)}`)).status).toBe(404);
    // HEAD, which `Allow` lists: the answer to GET, without its body.
    const head = await fetch(`${site.origin}/consultations/${OPEN}/defi.json?cle=${'k'.repeat(20)}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const refused = await fetch(`${site.origin}/consultations/${OPEN}/defi.json`, { method: 'PUT', headers: { Origin: site.origin } });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('GET, HEAD');
  });

  it('accepte une contribution dont la preuve de travail est résolue, et donne son code de reçu', async () => {
    const { 'answers.avis-general': avis, 'answers.option-preferee': option, ...technical } = form(OPEN);
    const preuve = await solvedProof(site.origin, OPEN, technical.cle!);
    const response = await json(OPEN, {
      ...technical,
      preuve,
      answers: { 'avis-general': avis, 'option-preferee': option },
      entry: 'priorisation-demandes-fsl',
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { recu: string; statut: string };
    expect(body).toEqual({ recu: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/), statut: 'en attente de modération' });
    const stored = (await store.list({ consultation: OPEN, status: 'pending', limit: 500 })).items.find(
      (c) => c.idempotencyKey === technical.cle,
    );
    expect(stored?.entry).toBe('priorisation-demandes-fsl');
  });

  it('répond en JSON : 400 avec les erreurs par champ, 415, 404, 410', async () => {
    const { 'answers.avis-general': _a, 'answers.option-preferee': _o, ...technical } = form(OPEN);
    const invalid = await json(OPEN, { ...technical, answers: { 'option-preferee': 'inconnue' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      erreurs: {
        'answers.option-preferee': expect.stringContaining('choisissez une des réponses proposées'),
        'answers.avis-general': expect.stringContaining('une réponse est obligatoire'),
      },
    });
    expect((await json(OPEN, '{pas du json')).status).toBe(400);
    expect((await json(OPEN, [1, 2])).status).toBe(400);
    // Only JSON is taken: a form-like type (which a page of another site could send without a
    // CORS preflight) is refused like any other.
    expect((await json(OPEN, {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await json(OPEN, {}, { 'Content-Type': 'application/xml' })).status).toBe(415);
    expect((await json('inconnue', {})).status).toBe(404);
    // A proof that is not text is a wrong proof, not an absent one.
    expect(await (await json(OPEN, { ...technical, preuve: 1, answers: {} })).json()).toMatchObject({ motif: 'preuve' });
    expect((await json(CLOSED, { ...technical, answers: {} })).status).toBe(410);
  });
});

describe('la limite de débit', () => {
  it('limite les contributions sans preuve de travail par connexion, avec 429 et Retry-After', async () => {
    let response: Response | undefined;
    for (let i = 0; i < 10 && response?.status !== 429; i++) response = await post(`/consultations/${OPEN}/`, form(OPEN));
    expect(response!.status).toBe(429);
    expect(Number(response!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response!.text()).toContain('JavaScript');
    // The limit follows the address given by the trusted proxy: another client is not held back.
    expect((await post(`/consultations/${OPEN}/`, form(OPEN), { 'X-Forwarded-For': '198.51.100.78' })).status).toBe(201);
  });
});

describe('données personnelles', () => {
  it('n’écrit jamais l’adresse du client : ni dans les fichiers de la base, ni dans la sortie du serveur', async () => {
    const files = readdirSync(site.dataDir).map((name) => readFileSync(path.join(site.dataDir, name)));
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) {
      expect(bytes.includes(CLIENT_ADDRESS)).toBe(false);
      expect(bytes.includes('203.0.113.9')).toBe(false);
    }
    expect(site.output()).not.toContain(CLIENT_ADDRESS);
  });
});

describe('quand la base de données est indisponible', () => {
  it('au démarrage, le serveur refuse de démarrer et dit pourquoi (la panne après le démarrage : postgres-site)', async () => {
    await expect(startSite(essai, { DATABASE_URL: 'postgres://registre@127.0.0.1:1/absente', SERVER_SECRET: SECRET })).rejects.toThrow(
      /ne peut pas démarrer.*DATABASE_URL/s,
    );
  });
});
