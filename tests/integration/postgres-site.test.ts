/**
 * The built server on PostgreSQL (DATABASE_URL) rather than the embedded SQLite: a contribution
 * sent through the form is stored there, found with its receipt code, approved and published.
 * The store's own behaviour on both databases is in store.test.ts; this checks the wiring.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueFormToken } from '../../src/server/abuse/form-token.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { ContributionStore } from '../../src/server/store/types.ts';
import { postgresAvailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { startSite, type RunningSite } from '../helpers/server.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';

const essai = fixtureSite('essai');

const SECRET = 'secret-de-test-du-site-sur-postgresql-0123456789';
const SLUG = 'avis-priorisation-aides-logement';

(postgresAvailable ? describe : describe.skip)('le site sur PostgreSQL', () => {
  let cluster: PostgresCluster;
  let site: RunningSite;
  let store: ContributionStore;

  beforeAll(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase('site');
    site = await startSite(essai, { DATABASE_URL: url, SERVER_SECRET: SECRET });
    store = await openStore({ databaseUrl: url });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await site?.stop();
    await cluster?.stop();
  });

  it('enregistre la contribution du formulaire dans PostgreSQL, la retrouve par son code de reçu, la publie une fois approuvée', async () => {
    const post = (url: string, fields: Record<string, string>) =>
      fetch(`${site.origin}${url}`, {
        method: 'POST',
        headers: { Origin: site.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const sent = await post(`/consultations/${SLUG}/`, {
      jeton: issueFormToken(Buffer.from(SECRET), SLUG, 'cle-du-test-postgresql-0001', new Date(Date.now() - 60_000)),
      cle: 'cle-du-test-postgresql-0001',
      'answers.avis-general': 'Publié depuis PostgreSQL, en texte brut.',
      pseudonym: 'Dominique',
    });
    expect(sent.status).toBe(201);
    const code = /data-receipt>([0-9A-Z-]+)</.exec(await sent.text())![1]!;
    // Nothing of it went to the SQLite file.
    expect(existsSync(path.join(site.dataDir, 'consultations.sqlite'))).toBe(false);
    const [stored] = (await store.list({ consultation: SLUG })).items;
    expect(stored).toMatchObject({ pseudonym: 'Dominique', status: 'pending' });
    expect(await (await post('/consultations/ma-contribution/', { code, action: 'voir' })).text()).toContain('en attente de modération');
    await store.moderate(stored!.id, { decision: 'approve', moderator: 'agent' });
    const page = await (await fetch(`${site.origin}/consultations/${SLUG}/`)).text();
    expect(page).toContain('Publié depuis PostgreSQL, en texte brut.');
  });
  it('la base tombée après le démarrage : le formulaire revient avec ce qui était écrit (503), les pages restent lisibles', async () => {
    await store.close();
    await cluster.stop();
    const typed = 'Un avis écrit pendant que la base était arrêtée, et qui ne doit pas se perdre.';
    const sent = await fetch(`${site.origin}/consultations/${SLUG}/`, {
      method: 'POST',
      headers: { Origin: site.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        jeton: issueFormToken(Buffer.from(SECRET), SLUG, 'cle-du-test-postgresql-0002', new Date(Date.now() - 60_000)),
        cle: 'cle-du-test-postgresql-0002',
        'answers.avis-general': typed,
        pseudonym: 'Dominique',
      }).toString(),
    });
    expect(sent.status).toBe(503);
    expect(sent.headers.get('retry-after')).toBe('60');
    const html = await sent.text();
    expect(html).toContain('momentanément indisponible');
    expect(html).toContain(typed);
    expect(html).toContain('value="cle-du-test-postgresql-0002"');
    const json = await fetch(`${site.origin}/consultations/${SLUG}/contributions.json`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jeton: 'x', cle: 'cle-du-test-postgresql-0003', answers: {} }),
    });
    expect(json.status).toBe(503);
    const page = await fetch(`${site.origin}/consultations/${SLUG}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ne peuvent pas être affichées pour le moment');
    expect((await fetch(`${site.origin}/registre/`)).status).toBe(200);
  }, 60_000);
});
