import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressKeys } from '../../src/server/abuse/client-key.ts';
import { issueFormToken } from '../../src/server/abuse/form-token.ts';
import { solve } from '../helpers/proof.ts';
import { issueChallenge } from '../../src/server/abuse/proof-of-work.ts';
import { receiptHash } from '../../src/server/abuse/receipt.ts';
import { formToObject, submitContribution, type SubmissionInput } from '../../src/server/consultations/submit.ts';
import { FORM_FIELDS } from '../../src/schemas/contributions.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { ContributionStore } from '../../src/server/store/types.ts';
import { AVIS, REPRISE, repriseConsultation } from '../helpers/reprise-consultation.ts';

const secret = Buffer.from('un secret de test assez long pour les essais', 'utf8');
const site = {
  name: 'Commune de Valmorin',
  communes: ['Valmorin', 'Saint-Aubin-sur-Séverne'],
  consultations: { purge_days: 90, min_fill_seconds: 5 },
};
const consultation = repriseConsultation({
  questions: [AVIS, REPRISE],
  profile: { commune: true, age_bracket: false },
  entries: ['classement-demandes-fsl', 'tri-du-courrier'],
});

const opened = new Date('2026-11-23T10:00:00Z');
const sent = new Date('2026-11-23T10:02:00Z');
let dir: string;
let store: ContributionStore;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'registre-ia-submit-'));
  store = await openStore({ dataDir: path.join(dir, 'data') });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

let keys = 0;
/** A form as the page would send it, filled after two minutes. */
function form(fields: Record<string, string> = {}, shownAt = opened): Record<string, unknown> {
  const key = fields[FORM_FIELDS.idempotency] ?? `cle-de-test-${String(++keys).padStart(6, '0')}`;
  return formToObject(
    Object.entries({
      [FORM_FIELDS.token]: issueFormToken(secret, consultation.slug, key, shownAt),
      [FORM_FIELDS.idempotency]: key,
      [FORM_FIELDS.honeypot]: '',
      'answers.avis': 'Oui, si une personne garde la main sur chaque dossier.',
      'answers.reprise': 'oui',
      'profile.commune': 'Valmorin',
      pseudonym: 'Camille',
      ...fields,
    }),
  );
}

/** Wide limits by default: only the rate-limit tests narrow them. */
const attempts = { max: 1000, windowMs: 60_000 };
const roomy = { withProof: { max: 1000, windowMs: 60_000 }, withoutProof: { max: 1000, windowMs: 60_000 }, attempts };
const addressKeys = new AddressKeys();
const submit = (overrides: Partial<SubmissionInput> = {}) =>
  submitContribution({
    consultation,
    site,
    store,
    secret,
    addressKeys,
    address: '203.0.113.7',
    form: form(),
    now: sent,
    limits: roomy,
    ...overrides,
  });

/** Solves the form's proof of work the way the page's script does (an easy one, for speed). */
async function withProof(fields: Record<string, unknown>, issuedAt = sent): Promise<Record<string, unknown>> {
  const challenge = await issueChallenge(
    secret,
    { consultation: consultation.slug, idempotencyKey: String(fields[FORM_FIELDS.idempotency]) },
    1000,
    issuedAt,
  );
  return { ...fields, [FORM_FIELDS.proof]: await solve(challenge) };
}

describe('envoi d’une contribution', () => {
  it('enregistre une contribution valide en attente, avec l’empreinte du reçu montré une seule fois', async () => {
    const result = await submit();
    expect(result.kind).toBe('created');
    if (result.kind !== 'created') return;
    expect(result.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const stored = await store.getByReceiptHash(receiptHash(result.receipt)!);
    expect(stored).toMatchObject({
      status: 'pending',
      consultation: 'reprise-fsl',
      pseudonym: 'Camille',
      answers: { avis: 'Oui, si une personne garde la main sur chaque dossier.', reprise: 'oui' },
    });
    expect(JSON.stringify(stored)).not.toContain(result.receipt);
  });

  it('enregistre un double clic une seule fois, sans second reçu', async () => {
    const twice = form();
    const first = await submit({ form: twice });
    const second = await submit({ form: twice });
    expect(first.kind).toBe('created');
    expect(second.kind).toBe('duplicate');
    if (first.kind === 'created' && second.kind === 'duplicate') expect(second.contribution.id).toBe(first.contribution.id);
  });

  it('explique chaque mauvaise réponse, champ par champ', async () => {
    const result = await submit({ form: form({ 'answers.avis': '', 'answers.reprise': 'peut-etre', 'profile.commune': 'Paris' }) });
    expect(result).toEqual({
      kind: 'invalid',
      errors: {
        'answers.reprise': 'choisissez une des réponses proposées',
        'profile.commune': 'choisissez une commune du territoire',
        'answers.avis': 'une réponse est obligatoire',
      },
    });
  });

  it('refuse un robot : pot de miel rempli, formulaire envoyé trop vite, jeton falsifié ou absent', async () => {
    expect(await submit({ form: form({ [FORM_FIELDS.honeypot]: 'http://spam.example' }) })).toMatchObject({
      kind: 'refused',
      reason: 'robot',
    });
    expect(await submit({ now: new Date(opened.getTime() + 2000) })).toMatchObject({
      kind: 'refused',
      reason: 'jeton',
      message: expect.stringContaining('trop vite'),
    });
    expect(await submit({ form: form({ [FORM_FIELDS.token]: 'faux.123.abc' }) })).toMatchObject({ kind: 'refused', reason: 'jeton' });
    expect(await submit({ form: form({ [FORM_FIELDS.idempotency]: 'court' }) })).toMatchObject({ kind: 'invalid' });
  });

  it('refuse hors des dates d’ouverture, en jours du calendrier français', async () => {
    const at = (iso: string) => ({ now: new Date(iso), form: form({}, new Date(new Date(iso).getTime() - 60_000)) });
    // 23:59 on 31 January in Paris is still the last day; 00:01 on 1 February is not.
    expect(await submit(at('2027-01-31T22:59:00Z'))).toMatchObject({ kind: 'created' });
    expect(await submit(at('2027-01-31T23:01:00Z'))).toMatchObject({ kind: 'refused', reason: 'fermee' });
    expect(await submit(at('2026-11-01T12:00:00Z'))).toMatchObject({ kind: 'refused', reason: 'a-venir' });
  });

  it('limite les contributions par connexion, sur une empreinte à clé de l’adresse', async () => {
    const limits = { withProof: { max: 10, windowMs: 60_000 }, withoutProof: { max: 2, windowMs: 60_000 }, attempts };
    const address = '198.51.100.23';
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await submit({ address, limits })).kind);
    expect(results).toEqual(['created', 'created', 'refused']);
    expect(await submit({ address, limits })).toMatchObject({
      reason: 'trop-de-contributions',
      message: expect.stringContaining('JavaScript'),
      retryAt: expect.any(String),
    });
    expect((await submit({ address: '198.51.100.24', limits })).kind).toBe('created');
    // With a solved proof of work, the same connection has its own, wider allowance.
    expect((await submit({ address, limits, form: await withProof(form()) })).kind).toBe('created');
  });

  it('ne compte que les contributions acceptées : erreurs et double envoi ne coûtent rien du quota', async () => {
    const limits = { withProof: { max: 10, windowMs: 60_000 }, withoutProof: { max: 2, windowMs: 60_000 }, attempts };
    const address = '198.51.100.60';
    // Three forms sent without the required answer: refused, and the quota is untouched.
    for (let i = 0; i < 3; i++) {
      expect(await submit({ address, limits, form: form({ 'answers.avis': '' }) })).toMatchObject({ kind: 'invalid' });
    }
    const first = form();
    expect((await submit({ address, limits, form: first })).kind).toBe('created');
    // The same form again (a double click): the first contribution, not a second hit.
    expect((await submit({ address, limits, form: first })).kind).toBe('duplicate');
    expect((await submit({ address, limits, form: first })).kind).toBe('duplicate');
    expect((await submit({ address, limits })).kind).toBe('created');
    // Quota reached: a new form is refused, the forms already received are still recognised.
    expect(await submit({ address, limits })).toMatchObject({ kind: 'refused', reason: 'trop-de-contributions' });
    expect((await submit({ address, limits, form: first })).kind).toBe('duplicate');
  });

  it('compte toutes les tentatives sur un compteur à part, plus large', async () => {
    const limits = { ...roomy, attempts: { max: 4, windowMs: 60_000 } };
    const address = '198.51.100.61';
    for (let i = 0; i < 4; i++) {
      expect(await submit({ address, limits, form: form({ 'answers.avis': '' }) })).toMatchObject({ kind: 'invalid' });
    }
    expect(await submit({ address, limits })).toMatchObject({
      kind: 'refused',
      reason: 'trop-de-tentatives',
      message: expect.stringContaining('Trop de formulaires envoyés'),
      retryAt: expect.any(String),
    });
    expect((await submit({ address: '198.51.100.62', limits })).kind).toBe('created');
  });

  it('compte une ligne IPv6 sur son /64, et une adresse IPv4 sous toutes ses écritures', async () => {
    const limits = { withProof: { max: 10, windowMs: 60_000 }, withoutProof: { max: 2, windowMs: 60_000 }, attempts };
    const sameLine = ['2001:db8:40:7::1', '2001:DB8:40:7:ffff:1:2:3', '[2001:db8:40:7::abcd]:4431'];
    expect((await submit({ address: sameLine[0], limits })).kind).toBe('created');
    expect((await submit({ address: sameLine[1], limits })).kind).toBe('created');
    expect(await submit({ address: sameLine[2], limits })).toMatchObject({ reason: 'trop-de-contributions' });
    expect((await submit({ address: '2001:db8:40:8::1', limits })).kind).toBe('created');
    expect((await submit({ address: '192.0.2.80', limits })).kind).toBe('created');
    expect((await submit({ address: '::ffff:192.0.2.80', limits })).kind).toBe('created');
    expect(await submit({ address: '192.0.2.80:51234', limits })).toMatchObject({ reason: 'trop-de-contributions' });
    // Where lines get a /56, a setting widens the group.
    const wide = new AddressKeys({ ipv6Prefix: 56 });
    expect((await submit({ addressKeys: wide, address: '2001:db8:41:100::1', limits })).kind).toBe('created');
    expect((await submit({ addressKeys: wide, address: '2001:db8:41:1ff::1', limits })).kind).toBe('created');
    expect(await submit({ addressKeys: wide, address: '2001:db8:41:180::1', limits })).toMatchObject({ reason: 'trop-de-contributions' });
  });

  it('refuse un jeton pris sur un autre formulaire : une page, une contribution', async () => {
    const other = form();
    const stolen = form({ [FORM_FIELDS.token]: String(other[FORM_FIELDS.token]) });
    expect(await submit({ form: stolen })).toMatchObject({ kind: 'refused', reason: 'jeton' });
    expect((await submit({ form: other })).kind).toBe('created');
  });

  it('accepte une preuve de travail résolue liée à son formulaire, et refuse celle d’un autre formulaire ou expirée', async () => {
    const limits = { withProof: { max: 100, windowMs: 60_000 }, withoutProof: { max: 0, windowMs: 60_000 }, attempts };
    const solved = await withProof(form());
    const first = await submit({ form: solved, limits });
    expect(first.kind).toBe('created');
    // Replayed: the proof is bound to the idempotency key, so it finds the same contribution.
    const replay = await submit({ form: solved, limits });
    expect(replay.kind).toBe('duplicate');
    const stolen = { ...form(), [FORM_FIELDS.proof]: solved[FORM_FIELDS.proof] };
    expect(await submit({ form: stolen, limits })).toMatchObject({
      kind: 'refused',
      reason: 'preuve',
      message: expect.stringContaining('ne correspond pas'),
    });
    const late = await withProof(form(), new Date(sent.getTime() - 11 * 60_000));
    expect(await submit({ form: late, limits })).toMatchObject({
      kind: 'refused',
      reason: 'preuve',
      message: expect.stringContaining('expiré'),
    });
    const forged = {
      ...form(),
      [FORM_FIELDS.proof]: Buffer.from(
        JSON.stringify({ algorithm: 'SHA-256', challenge: 'a'.repeat(64), number: 1, salt: 'x', signature: 'b'.repeat(64) }),
      ).toString('base64'),
    };
    expect(await submit({ form: forged, limits })).toMatchObject({ kind: 'refused', reason: 'preuve' });
    for (const junk of ['pas du base64 !', Buffer.from('{"algorithm":"MD5"}').toString('base64'), 'x'.repeat(5000)]) {
      expect(await submit({ form: { ...form(), [FORM_FIELDS.proof]: junk }, limits })).toMatchObject({ kind: 'refused', reason: 'preuve' });
    }
  });

  it('enregistre la fiche sur laquelle porte un avis, quand c’est une de celles de la consultation', async () => {
    const about = await submit({ form: form({ entry: 'tri-du-courrier' }) });
    expect(about.kind === 'created' && about.contribution.entry).toBe('tri-du-courrier');
    expect(await submit({ form: form({ entry: 'autre-usage' }) })).toEqual({
      kind: 'invalid',
      errors: { entry: 'choisissez un des usages concernés par la consultation' },
    });
  });

  it('ne garde jamais un champ qui n’est pas une question, et ignore les pièges de prototype', () => {
    const parsed = formToObject([
      ['answers.avis', 'texte'],
      ['answers.__proto__', 'x'],
      ['__proto__.pollue', 'x'],
      ['a.b.c', 'trop profond'],
      ['pseudonym', 'Camille'],
    ]);
    expect(parsed).toEqual({ answers: Object.assign(Object.create(null), { avis: 'texte' }), pseudonym: 'Camille' });
    expect(({} as Record<string, unknown>).pollue).toBeUndefined();
  });
});
