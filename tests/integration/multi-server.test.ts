/**
 * Several servers on one PostgreSQL database (issue 18): two real server processes, each with its
 * own data folder, sharing DATABASE_URL and SERVER_SECRET, as behind a load balancer. What one
 * server issued (form token, proof-of-work challenge, receipt code) works on the other, a proof
 * spent on one cannot be spent again on the other, and the rate limit of an address counts its
 * contributions on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFormToken } from '../../src/server/abuse/form-token.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { ContributionStore } from '../../src/server/store/types.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { solvedProof } from '../helpers/proof.ts';
import { postgresAvailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { startSite, type RunningSite } from '../helpers/server.ts';

const essai = fixtureSite('essai');

const SECRET = 'secret-partage-par-les-deux-serveurs-0123456789';
const OPEN = 'avis-priorisation-aides-logement';
const WITHOUT_PROOF_PER_DAY = 3;
const ANSWERS = { 'avis-general': 'Une règle simple, que les deux serveurs reçoivent pareil.', 'option-preferee': 'regle-simple' };

let keys = 0;
const newKey = () => `cle-multi-serveurs-${String(++keys).padStart(8, '0')}`;
/** Every test sends from its own address (the servers trust the loopback's X-Forwarded-For). */
const from = (address: string) => ({ 'X-Forwarded-For': address });
const receiptOf = (html: string) => /data-receipt>([0-9A-Z-]+)</.exec(html)?.[1];

(postgresAvailable ? describe : describe.skip)('deux serveurs sur une même base PostgreSQL', () => {
  let cluster: PostgresCluster;
  let a: RunningSite;
  let b: RunningSite;
  let store: ContributionStore;

  beforeAll(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase('deux_serveurs');
    const env = {
      DATABASE_URL: url,
      SERVER_SECRET: SECRET,
      TRUST_PROXY: 'loopback',
      CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY: String(WITHOUT_PROOF_PER_DAY),
      PROOF_OF_WORK_MAX_NUMBER: '1000',
    };
    [a, b] = [await startSite(essai, env), await startSite(essai, env)];
    store = await openStore({ databaseUrl: url });
  }, 90_000);
  afterAll(async () => {
    await store?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await cluster?.stop();
  });

  /** The form page as a server sends it, with its form fields. */
  function postForm(site: RunningSite, url: string, fields: Record<string, string>, headers: Record<string, string>) {
    return fetch(`${site.origin}${url}`, {
      method: 'POST',
      headers: { Origin: site.origin, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }
  function postJson(site: RunningSite, body: Record<string, unknown>, headers: Record<string, string>) {
    return fetch(`${site.origin}/consultations/${OPEN}/contributions.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }
  /** A form token minted with the shared secret, issued a minute ago. */
  const technical = (cle = newKey()) => ({
    jeton: issueFormToken(Buffer.from(SECRET), OPEN, cle, new Date(Date.now() - 60_000)),
    cle,
  });

  it('un jeton de formulaire donné par le serveur A est accepté par le serveur B', async () => {
    const page = await (await fetch(`${a.origin}/consultations/${OPEN}/`)).text();
    const jeton = /name="jeton" value="([^"]+)"/.exec(page)?.[1];
    const cle = /name="cle" value="([^"]+)"/.exec(page)?.[1];
    expect(jeton && cle).toBeTruthy();
    const minFillSeconds = essai.content.site.consultations.min_fill_seconds;
    // The token is refused before the fill time, whichever server gets it: wait as a resident would.
    await new Promise((resolve) => setTimeout(resolve, (minFillSeconds + 1) * 1000));
    const sent = await postJson(b, { jeton: jeton!, cle: cle!, answers: ANSWERS }, from('198.51.100.1'));
    expect(sent.status).toBe(201);
    expect(await store.getByIdempotencyKey(OPEN, cle!)).toMatchObject({ status: 'pending' });
  }, 30_000);

  it('un défi de preuve de travail donné par A se vérifie sur B, et ne sert pas une seconde fois sur A', async () => {
    const first = technical();
    const preuve = await solvedProof(a.origin, OPEN, first.cle);
    const headers = from('198.51.100.2');
    const accepted = await postJson(b, { ...first, preuve, answers: ANSWERS }, headers);
    expect(accepted.status).toBe(201);
    // The same solved proof sent again to the other server: with the same form it finds the
    // contribution already stored (nothing new), with another form it is refused.
    const again = await postJson(a, { ...first, preuve, answers: ANSWERS }, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ deja_recue: true });
    const other = await postJson(a, { ...technical(), preuve, answers: ANSWERS }, headers);
    expect(other.status).toBe(400);
    expect(((await other.json()) as { erreur: string }).erreur).toContain('ne correspond pas à ce formulaire');
    const stored = (await store.list({ consultation: OPEN, limit: 500 })).items.filter((c) => c.idempotencyKey === first.cle);
    expect(stored).toHaveLength(1);
  });

  it('compte la limite d’une adresse sur les deux serveurs : la contribution de trop est refusée, où qu’elle arrive', async () => {
    const headers = from('198.51.100.3');
    const servers = [a, b, a];
    for (const site of servers.slice(0, WITHOUT_PROOF_PER_DAY)) {
      expect((await postJson(site, { ...technical(), answers: ANSWERS }, headers)).status).toBe(201);
    }
    for (const site of [b, a]) {
      const refused = await postJson(site, { ...technical(), answers: ANSWERS }, headers);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await refused.json()) as { erreur: string }).erreur).toMatch(/^Trop de contributions envoyées depuis votre connexion/);
    }
    // Another address is not held back by it.
    expect((await postJson(b, { ...technical(), answers: ANSWERS }, from('198.51.100.4'))).status).toBe(201);
  });

  it('un code de reçu donné par A retrouve et retire la contribution sur B', async () => {
    const sent = await postForm(
      a,
      `/consultations/${OPEN}/`,
      { ...technical(), 'answers.avis-general': ANSWERS['avis-general'] },
      from('198.51.100.5'),
    );
    expect(sent.status).toBe(201);
    const code = receiptOf(await sent.text())!;
    expect(code).toBeTruthy();
    const shown = await postForm(b, '/consultations/ma-contribution/', { code, action: 'voir' }, {});
    expect(await shown.text()).toContain('en attente de modération');
    const withdrawn = await postForm(b, '/consultations/ma-contribution/', { code, action: 'confirmer-retrait' }, {});
    expect(await withdrawn.text()).toContain('Votre contribution est retirée');
    // Seen from A afterwards: withdrawn, for everyone.
    const seen = await (await postForm(a, '/consultations/ma-contribution/', { code, action: 'voir' }, {})).text();
    expect(seen).not.toContain('en attente de modération');
    expect(seen).toMatch(/retirée/);
  });
});
