/**
 * `npm run consultation -- archive` and `-- purge`: the archive written from a real SQLite store
 * (anonymised, aggregated, deterministic, valid for the build), the retention applied or only
 * simulated, and the command line's messages and exit codes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { archiveConsultation, archivePath, archiveYaml } from '../../src/server/consultations/archive.ts';
import { applyRetention, PURGE_ACTOR } from '../../src/server/retention.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { ContributionStore, JsonObject } from '../../src/server/store/types.ts';
import { copyFixture, type ContentCopy } from '../helpers/content.ts';
import { addConsultation, CONSULTATION, validArchive } from '../helpers/consultation.ts';
import { dayFrom, frenchToday } from '../helpers/dates.ts';
import { PROJECT } from '../helpers/project.ts';

const DAY = 86_400_000;

let copy: ContentCopy;
let dataDir: string;
let store: ContributionStore;
let time: number;

beforeEach(async () => {
  copy = copyFixture();
  addConsultation(copy);
  dataDir = mkdtempSync(path.join(tmpdir(), 'registre-archive-'));
  time = Date.parse('2026-01-06T09:00:00.000Z');
  store = await openStore({ dataDir, clock: () => new Date(time) });
});

afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  copy.remove();
});

let seq = 0;
interface Sent {
  answers?: JsonObject;
  pseudonym?: string;
  profile?: JsonObject;
  entry?: string;
}
async function contribute(sent: Sent = {}) {
  seq++;
  const { contribution } = await store.create({
    consultation: CONSULTATION,
    answers: sent.answers ?? { avis: `Avis numéro ${seq}.` },
    pseudonym: sent.pseudonym ?? `Habitant ${seq}`,
    profile: sent.profile ?? {},
    entry: sent.entry ?? null,
    receiptHash: `recu-${seq}`,
    idempotencyKey: `cle-${seq}-abcdefghijklmnop`,
  });
  return contribution;
}
const approve = (id: string) => store.moderate(id, { decision: 'approve', moderator: 'moderatrice' });
const reject = (id: string, reasonId: string) => store.moderate(id, { decision: 'reject', moderator: 'moderatrice', reasonId });
const archive = (today: string) => archiveConsultation({ contentRoot: copy.root, store, slug: CONSULTATION, today });

describe('archive d’une consultation close', () => {
  it('refuse une consultation inconnue, pas encore ouverte ou encore ouverte, sans rien écrire', async () => {
    expect(await archiveConsultation({ contentRoot: copy.root, store, slug: 'inconnue', today: '2026-03-01' })).toEqual({
      ok: false,
      message: 'Aucune consultation « inconnue » dans content/consultations/ (consultations : avis-fuites).',
    });
    expect(await archive('2026-01-04')).toEqual({
      ok: false,
      message: 'La consultation « avis-fuites » n’a pas encore ouvert (ouverture le 5 janvier 2026) : on ne l’archive qu’une fois close.',
    });
    expect(await archive('2026-02-01')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/est encore ouverte \(jusqu’au 1 février 2026 inclus\)/),
    });
    expect(existsSync(archivePath(copy.root, CONSULTATION))).toBe(false);
  });

  it('écrit les chiffres et les contributions publiées, anonymisées, le profil en totaux au-dessus du seuil', async () => {
    const published = [];
    for (let i = 0; i < 6; i++) {
      const profile = { commune: i < 5 ? 'Essai-le-Haut' : 'Essai-le-Bas', ...(i < 5 && { age_bracket: i < 3 ? '30-44' : '60-74' }) };
      published.push(await contribute({ pseudonym: `Camille ${i}`, profile }));
    }
    time = Date.parse('2026-01-06T23:30:00.000Z'); // already 7 January in France
    published.push(
      await contribute({
        answers: { confiance: 2, avis: 'Deux lignes :\n<script>alert(1)</script>\n\n# pas un titre', usage: 'non' },
        entry: 'detection-fuites',
        pseudonym: 'Dominique',
      }),
    );
    for (const c of published) await approve(c.id);
    await reject((await contribute()).id, 'hors-sujet');
    await reject((await contribute()).id, 'propos-injurieux');
    await reject((await contribute()).id, 'hors-sujet');
    await store.withdraw((await contribute({ pseudonym: 'Retiré' })).receiptHash);
    await contribute({ pseudonym: 'En attente' });

    const result = await archive('2026-02-10');
    expect(result).toMatchObject({ ok: true, file: 'content/contributions/avis-fuites.yaml', written: true });
    const text = readFileSync(archivePath(copy.root, CONSULTATION), 'utf8');
    const data = loadContent(copy.root).archives.get(CONSULTATION)!;
    expect(data.figures).toEqual({
      received: 12,
      approved: 7,
      rejected: 3,
      rejected_by_reason: { 'hors-sujet': 2, 'propos-injurieux': 1 },
      withdrawn: 1,
      pending: 1,
    });
    // Essai-le-Bas (1) and 60-74 (2) fall below the threshold of 5 and are only counted together.
    expect(data.profiles).toEqual({
      threshold: 5,
      commune: { counts: { 'Essai-le-Haut': 5 }, grouped: 1, not_given: 1 },
      age_bracket: { counts: {}, grouped: 5, not_given: 2 },
    });
    expect(data.contributions).toHaveLength(7);
    expect(data.contributions[0]).toEqual({ date: '2026-01-06', answers: { avis: expect.stringMatching(/^Avis numéro \d+\.$/) } });
    expect(data.contributions[6]).toEqual({
      date: '2026-01-07',
      entry: 'detection-fuites',
      // In the order of the questions, the text exactly as sent.
      answers: { avis: 'Deux lignes :\n<script>alert(1)</script>\n\n# pas un titre', usage: 'non', confiance: 2 },
    });
    for (const secret of ['Camille', 'Dominique', 'Essai-le-Bas', '30-44', 'T09:00', 'moderatrice', ...published.map((c) => c.id)]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toMatch(/^# Archive de la consultation « avis-fuites »/);
    expect(await store.listAudit({ limit: 1 })).toMatchObject([
      { actor: 'commande archive', action: 'consultation.archive', target: CONSULTATION },
    ]);
  });

  it('réécrit à l’identique : même base, mêmes octets, même date ; une nouvelle décision change la date', async () => {
    await approve((await contribute({ profile: { commune: 'Essai-le-Haut' } })).id);
    const pending = await contribute();
    expect(await archive('2026-02-10')).toMatchObject({ ok: true, written: true });
    const first = readFileSync(archivePath(copy.root, CONSULTATION));
    expect(await archive('2026-02-20')).toMatchObject({ ok: true, written: false, data: { archived: '2026-02-10' } });
    expect(readFileSync(archivePath(copy.root, CONSULTATION)).equals(first)).toBe(true);
    await approve(pending.id);
    expect(await archive('2026-02-20')).toMatchObject({
      ok: true,
      written: true,
      data: { archived: '2026-02-20', figures: { approved: 2, pending: 0 } },
    });
  });

  it('une fois l’archive complète, efface de la base pseudonymes et profils des contributions publiées', async () => {
    const published = [];
    for (let i = 0; i < 5; i++) published.push(await contribute({ pseudonym: `Camille ${i}`, profile: { commune: 'Essai-le-Haut' } }));
    for (const c of published) await approve(c.id);
    const pending = await contribute({ pseudonym: 'En attente', profile: { commune: 'Essai-le-Haut' } });
    // Something is still to moderate: the archive will be written again, the profiles are kept.
    expect(await archive('2026-02-10')).toMatchObject({ ok: true, written: true, anonymised: 0 });
    expect((await store.get(published[0]!.id))!.pseudonym).toBe('Camille 0');
    await approve(pending.id);
    const complete = await archive('2026-02-11');
    expect(complete).toMatchObject({ ok: true, written: true, anonymised: 6, profilesDropped: false });
    for (const c of [...published, pending]) {
      expect(await store.get(c.id)).toMatchObject({ status: 'approved', pseudonym: null, profile: null, answers: c.answers });
    }
    expect(await store.listAudit({ target: CONSULTATION, limit: 1 })).toMatchObject([{ action: 'consultation.anonymise' }]);
    expect((await store.listAudit({ target: pending.id, limit: 1 }))[0]).toMatchObject({ action: 'contribution.anonymise' });
    // Run again: the profiles of the archive are kept as they were, same bytes.
    const written = readFileSync(archivePath(copy.root, CONSULTATION));
    expect(await archive('2026-02-20')).toMatchObject({ ok: true, written: false, anonymised: 0 });
    expect(readFileSync(archivePath(copy.root, CONSULTATION)).equals(written)).toBe(true);
    // A published contribution withdrawn since: its text leaves the archive, and the profiles,
    // which can no longer be counted again, with it.
    await store.withdraw(published[0]!.receiptHash);
    const after = await archive('2026-02-21');
    expect(after).toMatchObject({ ok: true, written: true, profilesDropped: true, data: { figures: { approved: 5, withdrawn: 1 } } });
    expect(after.ok && after.data.profiles).toBeUndefined();
  });

  it('refuse d’écrire une archive que la construction refuserait', async () => {
    await approve((await contribute({ answers: { avis: 'Bien.', usage: 'oui' } })).id);
    copy.edit(`consultations/${CONSULTATION}.yaml`, (c) => (c.questions = c.questions.filter((q: { id: string }) => q.id !== 'usage')));
    const result = await archive('2026-02-10');
    expect(result).toMatchObject({
      ok: false,
      message: 'Les contributions enregistrées ne correspondent plus à la consultation :',
      problems: [
        {
          file: 'content/contributions/avis-fuites.yaml',
          field: 'contributions.0.answers.usage',
          message: expect.stringMatching(/^la consultation n’a pas de question « usage »/),
        },
      ],
    });
    expect(existsSync(archivePath(copy.root, CONSULTATION))).toBe(false);
  });

  it('garde au caractère près tout texte, même piégé pour YAML', () => {
    const tricky = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1 }),
      fc.constantFrom(
        '- liste',
        '# titre',
        'clé: valeur',
        '  indenté',
        'fin ',
        '\ttab',
        'yes',
        '1e3',
        '~',
        '"guillemets"',
        'a\n\n\nb',
        '|',
        '> x',
        '\u2028',
        'null',
      ),
    );
    fc.assert(
      fc.property(tricky, (avis) => {
        const data = validArchive();
        data.contributions[0].answers.avis = avis;
        const text = archiveYaml(CONSULTATION, data as never);
        expect(yaml.load(text, { schema: yaml.CORE_SCHEMA })).toEqual(data);
      }),
    );
  });
});

describe('conservation des contributions', () => {
  it('simule sans rien changer, puis supprime les en attente, efface les refusées et audite « commande purge »', async () => {
    const oldPending = await contribute();
    const oldRejected = await contribute();
    await reject(oldRejected.id, 'hors-sujet');
    const approved = await contribute();
    await approve(approved.id);
    await store.hitRateLimit('empreinte', 3_600_000);
    time += 100 * DAY;
    const recentPending = await contribute();
    await reject((await contribute()).id, 'hors-sujet');
    const now = new Date(time);
    const before = await store.counts(CONSULTATION);

    const dryRun = await applyRetention({ store, purgeDays: 90, consultations: [CONSULTATION, 'autre'], dryRun: true, now });
    expect(dryRun).toEqual({ dryRun: true, cutoff: new Date(time - 90 * DAY).toISOString(), pending: 1, rejected: 1 });
    expect(await store.counts(CONSULTATION)).toEqual(before);
    expect(await store.get(oldPending.id)).not.toBeNull();

    const done = await applyRetention({ store, purgeDays: 90, consultations: [CONSULTATION], now });
    expect(done).toMatchObject({ dryRun: false, contributions: 2, counters: 1 });
    expect(await store.get(oldPending.id)).toBeNull();
    expect(await store.get(oldRejected.id)).toMatchObject({ status: 'rejected', answers: null, pseudonym: null });
    expect(await store.get(recentPending.id)).toMatchObject({ status: 'pending' });
    expect(await store.get(approved.id)).toMatchObject({ status: 'approved', answers: approved.answers });
    expect((await store.listAudit({ limit: 2 })).map((e) => [e.actor, e.action])).toEqual([
      [PURGE_ACTOR, 'contribution.erase'],
      [PURGE_ACTOR, 'contribution.purge'],
    ]);
    expect(await applyRetention({ store, purgeDays: 90, consultations: [CONSULTATION], dryRun: true, now })).toMatchObject({
      pending: 0,
      rejected: 0,
    });
  });
});

describe('npm run consultation', () => {
  // The command archives what is closed on the day it runs: here, a consultation closed a month ago.
  beforeEach(() => {
    const today = frenchToday();
    copy.edit(`consultations/${CONSULTATION}.yaml`, (c) => {
      c.opens = dayFrom(today, -60);
      c.closes = dayFrom(today, -30);
    });
    time = Date.parse(`${dayFrom(today, -59)}T09:00:00.000Z`);
  });

  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(PROJECT, 'scripts', 'consultation.ts'), ...args], {
      cwd: PROJECT,
      encoding: 'utf8',
      env: { ...process.env, REGISTRE_CONTENT_DIR: copy.root, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('dit comment s’en servir, et refuse en français une consultation inconnue', () => {
    expect(run()).toMatchObject({ status: 2, stderr: expect.stringContaining('npm run consultation -- archive <consultation>') });
    expect(run('purge', '--vite')).toMatchObject({ status: 2, stderr: expect.stringContaining('Option inconnue : --vite') });
    expect(run('archive', 'inconnue')).toMatchObject({ status: 1, stderr: expect.stringContaining('Aucune consultation « inconnue »') });
  });

  it('archive une consultation close et dit ce qu’il a écrit', async () => {
    await approve((await contribute()).id);
    await reject((await contribute()).id, 'hors-sujet');
    await contribute();
    await store.close();
    const first = run('archive', CONSULTATION);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Archive écrite : content/contributions/avis-fuites.yaml');
    expect(first.stdout).toContain('1 refusée (hors-sujet : 1)');
    expect(first.stdout).toContain('Attention : 1 contribution attend encore une modération');
    expect(run('archive', CONSULTATION).stdout).toContain('Archive inchangée');
    store = await openStore({ dataDir });
  });

  it('purge : simulation puis application du délai de site.yaml', async () => {
    time = Date.now() - 120 * DAY;
    await contribute();
    await store.close();
    const dryRun = run('purge', '--dry-run');
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain('Délai de conservation : 90 jours');
    expect(dryRun.stdout).toContain('Simulation : rien n’a été modifié.');
    expect(dryRun.stdout).toContain('1 contribution en attente serait supprimée');
    const done = run('purge');
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('1 contribution supprimée ou effacée');
    store = await openStore({ dataDir });
    expect(await store.listAudit({ limit: 1 })).toMatchObject([{ actor: 'commande purge', action: 'contribution.purge' }]);
  });
});
