/**
 * A contribution arriving from the consultation form, checked like at a bank counter, in this
 * order: the consultation is open, the form is not a robot's (honeypot, signed token, fill
 * time), the address has not sent too much (on a keyed hash), the answers fit the questions.
 * Only then is it stored, once per idempotency key, with the hash of a receipt code that the
 * contributor sees once. Every refusal says why, in French; nothing typed is lost by the caller.
 */
import type { Consultation } from '../../lib/content/load.ts';
import { consultationStatus } from '../../lib/consultations/calendar.ts';
import { contributionSchema, FORM_FIELDS, IDEMPOTENCY_KEY } from '../../schemas/contributions.ts';
import { formatTime, frenchToday } from '../../lib/format.ts';
import type { SiteData } from '../../schemas/site.ts';
import { clientKey } from '../abuse/client-key.ts';
import { checkFormToken, FORM_TOKEN_PROBLEMS } from '../abuse/form-token.ts';
import { checkProof, PROOF_PROBLEMS } from '../abuse/proof-of-work.ts';
import { newReceiptCode, receiptHash } from '../abuse/receipt.ts';
import type { Contribution, ContributionStore, JsonObject } from '../store/types.ts';

export interface RateLimit {
  max: number;
  windowMs: number;
}

/**
 * With a solved proof of work, a connection may send a few contributions an hour. A browser
 * without JavaScript cannot solve it: its contributions are still received, under a much
 * tighter daily limit, so that a resident is never turned away for their browser.
 */
export interface SubmissionLimits {
  withProof: RateLimit;
  withoutProof: RateLimit;
}

const DEFAULT_LIMITS: SubmissionLimits = {
  withProof: { max: 10, windowMs: 60 * 60 * 1000 },
  withoutProof: { max: 3, windowMs: 24 * 60 * 60 * 1000 },
};

export interface SubmissionInput {
  consultation: Consultation;
  site: Pick<SiteData, 'communes' | 'consultations' | 'name'>;
  store: ContributionStore;
  secret: Buffer;
  /** The client's address, used only to compute the keyed hash of the rate limit. */
  address: string;
  form: Record<string, unknown>;
  now?: Date;
  limits?: SubmissionLimits;
}

export type Refusal = 'a-venir' | 'fermee' | 'robot' | 'jeton' | 'preuve' | 'trop-de-contributions';

export type SubmissionResult =
  | { kind: 'created'; receipt: string; contribution: Contribution }
  /** The same form sent twice (double click, reload): the first contribution, no second receipt. */
  | { kind: 'duplicate'; contribution: Contribution }
  | { kind: 'invalid'; errors: Record<string, string> }
  /** `retryAt` (ISO) when a rate limit refused it. */
  | { kind: 'refused'; reason: Refusal; message: string; retryAt?: string };

/**
 * Turns the flat fields of an HTML form (`answers.avis`, `profile.commune`) into the nested shape
 * the schema reads. Only two levels and known top-level names: anything else is dropped here and
 * refused by the strict schema if it reaches it.
 */
export function formToObject(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string') continue;
    const [top, sub, ...rest] = name.split('.');
    if (!top || rest.length > 0 || top === '__proto__' || sub === '__proto__') continue;
    if (sub === undefined) result[top] = value;
    else {
      const group = (result[top] ??= Object.create(null)) as Record<string, unknown>;
      if (typeof group === 'object') group[sub] = value;
    }
  }
  return result;
}

export async function submitContribution(input: SubmissionInput): Promise<SubmissionResult> {
  const { consultation, site, store, secret, form } = input;
  const now = input.now ?? new Date();
  const status = consultationStatus(consultation, frenchToday(now));
  if (status === 'upcoming') {
    return { kind: 'refused', reason: 'a-venir', message: `Cette consultation ouvre le ${consultation.opens} : revenez à cette date.` };
  }
  if (status === 'closed') {
    return {
      kind: 'refused',
      reason: 'fermee',
      message: `Cette consultation est close depuis le ${consultation.closes} : les contributions ne sont plus reçues.`,
    };
  }
  const honeypot = form[FORM_FIELDS.honeypot];
  if (typeof honeypot === 'string' && honeypot.trim() !== '') {
    return {
      kind: 'refused',
      reason: 'robot',
      message: 'Le champ « Site web » doit rester vide : il sert à repérer les envois automatiques.',
    };
  }
  const token = checkFormToken(secret, form[FORM_FIELDS.token], consultation.slug, {
    minSeconds: site.consultations.min_fill_seconds,
    now,
  });
  if (!token.ok) return { kind: 'refused', reason: 'jeton', message: FORM_TOKEN_PROBLEMS[token.problem] };

  const idempotencyKey = form[FORM_FIELDS.idempotency];
  if (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    return {
      kind: 'invalid',
      errors: { [FORM_FIELDS.idempotency]: 'Le formulaire est incomplet : rechargez la page, ce que vous avez écrit est conservé.' },
    };
  }

  const proof = form[FORM_FIELDS.proof];
  // Absent or empty: no proof (a browser without JavaScript). Anything else must be a valid one.
  const withProof = proof !== undefined && proof !== null && proof !== '';
  if (withProof) {
    const checked = await checkProof(secret, proof, { consultation: consultation.slug, idempotencyKey }, now);
    if (!checked.ok) return { kind: 'refused', reason: 'preuve', message: PROOF_PROBLEMS[checked.problem] };
  }
  const limits = input.limits ?? DEFAULT_LIMITS;
  const limit = withProof ? limits.withProof : limits.withoutProof;
  const bucket = withProof ? 'contribution' : 'contribution-sans-preuve';
  const hit = await store.hitRateLimit(`${bucket}:${clientKey(secret, input.address, now)}`, limit.windowMs);
  if (hit.count > limit.max) {
    const reset = new Date(hit.resetAt);
    const when = `${frenchToday(reset) === frenchToday(now) ? '' : 'demain '}après ${formatTime(reset)}`;
    return {
      kind: 'refused',
      reason: 'trop-de-contributions',
      message: withProof
        ? `Trop de contributions envoyées depuis votre connexion : réessayez ${when}.`
        : `Trop de contributions envoyées depuis votre connexion sans la vérification anti-robot, qui demande JavaScript : activez-le, ou réessayez ${when}.`,
      retryAt: hit.resetAt,
    };
  }

  const { [FORM_FIELDS.token]: _t, [FORM_FIELDS.idempotency]: _k, [FORM_FIELDS.honeypot]: _h, [FORM_FIELDS.proof]: _p, ...fields } = form;
  const parsed = contributionSchema(consultation, site).safeParse(fields);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'formulaire'] ??= issue.message;
    return { kind: 'invalid', errors };
  }

  const receipt = newReceiptCode();
  const { contribution, created } = await store.create({
    consultation: consultation.slug,
    entry: parsed.data.entry ?? null,
    answers: parsed.data.answers as JsonObject,
    pseudonym: parsed.data.pseudonym ?? null,
    profile: Object.keys(parsed.data.profile).length ? (JSON.parse(JSON.stringify(parsed.data.profile)) as JsonObject) : null,
    receiptHash: receiptHash(receipt)!,
    idempotencyKey,
  });
  return created ? { kind: 'created', receipt, contribution } : { kind: 'duplicate', contribution };
}
