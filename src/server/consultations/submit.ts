/**
 * A contribution arriving from the consultation form, checked like at a bank counter, in this
 * order: the consultation is open, the form is not a robot's (honeypot, signed token, fill
 * time), the address has not sent too much (on a keyed hash), the answers fit the questions.
 * Only then is it stored, once per idempotency key, with the hash of a receipt code that the
 * contributor sees once. Every refusal says why, in French; nothing typed is lost by the caller.
 */
import type { Consultation } from '../../lib/content/load.ts';
import { consultationStatus, contributionSchema, frenchToday } from '../../lib/consultations/answers.ts';
import type { SiteData } from '../../schemas/site.ts';
import { clientKey } from '../abuse/client-key.ts';
import { checkFormToken, FORM_TOKEN_PROBLEMS } from '../abuse/form-token.ts';
import { newReceiptCode, receiptHash } from '../abuse/receipt.ts';
import type { Contribution, ContributionStore, JsonObject } from '../store/types.ts';

/** Names of the form's technical fields. The honeypot looks like a field a robot would fill. */
export const FORM_FIELDS = { token: 'jeton', idempotency: 'cle', honeypot: 'site_web' } as const;

export interface SubmissionInput {
  consultation: Consultation;
  site: Pick<SiteData, 'communes' | 'consultations'>;
  store: ContributionStore;
  secret: Buffer;
  /** The client's address, used only to compute the keyed hash of the rate limit. */
  address: string;
  form: Record<string, unknown>;
  now?: Date;
  rateLimit?: { max: number; windowMs: number };
}

export type Refusal = 'a-venir' | 'fermee' | 'robot' | 'jeton' | 'trop-de-contributions';

export type SubmissionResult =
  | { kind: 'created'; receipt: string; contribution: Contribution }
  /** The same form sent twice (double click, reload): the first contribution, no second receipt. */
  | { kind: 'duplicate'; contribution: Contribution }
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'refused'; reason: Refusal; message: string };

const DEFAULT_RATE_LIMIT = { max: 10, windowMs: 60 * 60 * 1000 };
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,64}$/;

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
  if (status === 'a-venir') {
    return { kind: 'refused', reason: 'a-venir', message: `Cette consultation ouvre le ${consultation.opens} : revenez à cette date.` };
  }
  if (status === 'close') {
    return { kind: 'refused', reason: 'fermee', message: `Cette consultation est close depuis le ${consultation.closes} : les contributions ne sont plus reçues.` };
  }
  const honeypot = form[FORM_FIELDS.honeypot];
  if (typeof honeypot === 'string' && honeypot.trim() !== '') {
    return { kind: 'refused', reason: 'robot', message: 'Le champ « Site web » doit rester vide : il sert à repérer les envois automatiques.' };
  }
  const token = checkFormToken(secret, form[FORM_FIELDS.token], consultation.slug, { minSeconds: site.consultations.min_fill_seconds, now });
  if (!token.ok) return { kind: 'refused', reason: 'jeton', message: FORM_TOKEN_PROBLEMS[token.problem] };

  const limit = input.rateLimit ?? DEFAULT_RATE_LIMIT;
  const hit = await store.hitRateLimit(`contribution:${clientKey(secret, input.address, now)}`, limit.windowMs);
  if (hit.count > limit.max) {
    return {
      kind: 'refused',
      reason: 'trop-de-contributions',
      message: `Trop de contributions envoyées depuis votre connexion : réessayez après ${new Date(hit.resetAt).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' })}.`,
    };
  }

  const idempotencyKey = form[FORM_FIELDS.idempotency];
  if (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    return { kind: 'invalid', errors: { [FORM_FIELDS.idempotency]: 'Le formulaire est incomplet : rechargez la page, ce que vous avez écrit est conservé.' } };
  }
  const { [FORM_FIELDS.token]: _t, [FORM_FIELDS.idempotency]: _k, [FORM_FIELDS.honeypot]: _h, ...fields } = form;
  const parsed = contributionSchema(consultation, site).safeParse(fields);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join('.') || 'formulaire'] ??= issue.message;
    return { kind: 'invalid', errors };
  }

  const receipt = newReceiptCode();
  const { contribution, created } = await store.create({
    consultation: consultation.slug,
    answers: parsed.data.answers as JsonObject,
    pseudonym: parsed.data.pseudonym ?? null,
    profile: Object.keys(parsed.data.profile).length ? (JSON.parse(JSON.stringify(parsed.data.profile)) as JsonObject) : null,
    receiptHash: receiptHash(receipt)!,
    idempotencyKey,
  });
  return created ? { kind: 'created', receipt, contribution } : { kind: 'duplicate', contribution };
}
