/**
 * A contribution arriving from the consultation form, checked like at a bank counter, in this
 * order: the consultation is open, the connection has not tried too often (a wide counter of
 * attempts), the form is not a robot's (honeypot, signed token bound to the form, fill time),
 * the answers fit the questions, the connection has not sent too many contributions (accepted
 * ones only: a mistake, or a form sent twice, costs nothing of that quota). Only then is it
 * stored, once per idempotency key, with the hash of a receipt code that the contributor sees
 * once. Every refusal says why, in French; nothing typed is lost by the caller. Connections are
 * counted on a keyed hash of their address, never on the address.
 */
import type { Consultation } from '../../lib/content/load.ts';
import { consultationStatus } from '../../lib/consultations/calendar.ts';
import { contributionSchema, FORM_FIELDS, IDEMPOTENCY_KEY } from '../../schemas/contributions.ts';
import { formatTime, frenchToday } from '../../lib/format.ts';
import type { SiteData } from '../../schemas/site.ts';
import type { AddressKeys } from '../abuse/client-key.ts';
import { checkFormToken, FORM_TOKEN_PROBLEMS } from '../abuse/form-token.ts';
import { checkProof, PROOF_PROBLEMS } from '../abuse/proof-of-work.ts';
import { newReceiptCode, receiptHash } from '../abuse/receipt.ts';
import type { Contribution, ContributionStore, JsonObject, RateLimitHit } from '../store/types.ts';

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
  /** Every form received, accepted or not: wide, so that mistakes or a shared Wi-Fi shut nobody out. */
  attempts: RateLimit;
}

const HOUR = 60 * 60 * 1000;
export const DEFAULT_LIMITS: SubmissionLimits = {
  withProof: { max: 10, windowMs: HOUR },
  withoutProof: { max: 3, windowMs: 24 * HOUR },
  attempts: { max: 60, windowMs: HOUR },
};

export interface SubmissionInput {
  consultation: Consultation;
  site: Pick<SiteData, 'communes' | 'consultations' | 'name'>;
  store: ContributionStore;
  secret: Buffer;
  /** The keyed hashes the rate limits count on. */
  addressKeys: AddressKeys;
  /** The client's address, used only to compute the keyed hash of the rate limit. */
  address: string;
  form: Record<string, unknown>;
  now?: Date;
  limits?: SubmissionLimits;
}

export type Refusal = 'a-venir' | 'fermee' | 'robot' | 'jeton' | 'preuve' | 'trop-de-contributions' | 'trop-de-tentatives';

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

/** « après 14:00 », or « demain après 01:00 » when the window ends on another day. */
function retryWhen(resetAt: string, now: Date): string {
  const reset = new Date(resetAt);
  return `${frenchToday(reset) === frenchToday(now) ? '' : 'demain '}après ${formatTime(reset)}`;
}

export async function submitContribution(input: SubmissionInput): Promise<SubmissionResult> {
  const { consultation, store } = input;
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
  const limits = input.limits ?? DEFAULT_LIMITS;
  const client = input.addressKeys.keyOf(input.address, now);
  const attempts = { key: `tentatives:${client}`, ...limits.attempts };
  // The checks that need no database come first; a form they refuse still counts as an attempt,
  // and a connection over its attempts hears that rather than what was wrong with the form.
  const checked = await checkForm(input, now);
  if (checked.kind !== 'passed') {
    const attempt = await store.hitRateLimit(attempts.key, attempts.windowMs);
    return attempt.count > attempts.max ? tooManyAttempts(attempt, now) : checked;
  }
  const { idempotencyKey, withProof, data } = checked;
  const limit = withProof ? limits.withProof : limits.withoutProof;
  const receipt = newReceiptCode();
  const admitted = await store.admit({
    attempts,
    quota: { key: `${withProof ? 'contribution' : 'contribution-sans-preuve'}:${client}`, ...limit },
    contribution: {
      consultation: consultation.slug,
      entry: data.entry ?? null,
      answers: data.answers as JsonObject,
      pseudonym: data.pseudonym ?? null,
      profile: Object.keys(data.profile).length ? (JSON.parse(JSON.stringify(data.profile)) as JsonObject) : null,
      receiptHash: receiptHash(receipt)!,
      idempotencyKey,
    },
  });
  switch (admitted.kind) {
    case 'too-many-attempts':
      return tooManyAttempts(admitted.hit, now);
    // The same form sent again (double click, reload, a retry after a lost answer): the first
    // contribution, and nothing counted.
    case 'duplicate':
      return { kind: 'duplicate', contribution: admitted.contribution };
    case 'created':
      return { kind: 'created', receipt, contribution: admitted.contribution };
    case 'over-quota': {
      const when = retryWhen(admitted.hit.resetAt, now);
      return {
        kind: 'refused',
        reason: 'trop-de-contributions',
        message: withProof
          ? `Trop de contributions envoyées depuis votre connexion : réessayez ${when}.`
          : `Trop de contributions envoyées depuis votre connexion sans la vérification anti-robot, qui demande JavaScript : activez-le, ou réessayez ${when}.`,
        retryAt: admitted.hit.resetAt,
      };
    }
  }
}

function tooManyAttempts(hit: RateLimitHit, now: Date): SubmissionResult {
  return {
    kind: 'refused',
    reason: 'trop-de-tentatives',
    message: `Trop de formulaires envoyés depuis votre connexion : réessayez ${retryWhen(hit.resetAt, now)}.`,
    retryAt: hit.resetAt,
  };
}

type FormCheck =
  | Exclude<SubmissionResult, { kind: 'created' | 'duplicate' }>
  | { kind: 'passed'; idempotencyKey: string; withProof: boolean; data: ContributionData };

type ContributionData = ReturnType<typeof contributionSchema>['_output'];

/** Honeypot, idempotency key, signed token, proof of work and answers: none needs the database. */
async function checkForm({ consultation, site, secret, form }: SubmissionInput, now: Date): Promise<FormCheck> {
  const honeypot = form[FORM_FIELDS.honeypot];
  if (typeof honeypot === 'string' && honeypot.trim() !== '') {
    return {
      kind: 'refused',
      reason: 'robot',
      message: 'Le champ « Site web » doit rester vide : il sert à repérer les envois automatiques.',
    };
  }
  const idempotencyKey = form[FORM_FIELDS.idempotency];
  if (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    return {
      kind: 'invalid',
      errors: { [FORM_FIELDS.idempotency]: 'Le formulaire est incomplet : rechargez la page, ce que vous avez écrit est conservé.' },
    };
  }
  const token = checkFormToken(secret, form[FORM_FIELDS.token], consultation.slug, idempotencyKey, {
    minSeconds: site.consultations.min_fill_seconds,
    now,
  });
  if (!token.ok) return { kind: 'refused', reason: 'jeton', message: FORM_TOKEN_PROBLEMS[token.problem] };

  const proof = form[FORM_FIELDS.proof];
  // Absent or empty: no proof (a browser without JavaScript). Anything else must be a valid one.
  const withProof = proof !== undefined && proof !== null && proof !== '';
  if (withProof) {
    const checked = await checkProof(secret, proof, { consultation: consultation.slug, idempotencyKey }, now);
    if (!checked.ok) return { kind: 'refused', reason: 'preuve', message: PROOF_PROBLEMS[checked.problem] };
  }

  const {
    [FORM_FIELDS.token]: _t,
    [FORM_FIELDS.idempotency]: _k,
    [FORM_FIELDS.honeypot]: _h,
    [FORM_FIELDS.proof]: _p,
    [FORM_FIELDS.script]: _s,
    ...fields
  } = form;
  const parsed = contributionSchema(consultation, site).safeParse(fields);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'formulaire'] ??= issue.message;
    return { kind: 'invalid', errors };
  }
  return { kind: 'passed', idempotencyKey, withProof, data: parsed.data };
}
