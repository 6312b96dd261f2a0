/**
 * A token put in each consultation form when the page is rendered: it ties the submission to
 * its consultation and to the form's idempotency key, and tells how long the form stayed open,
 * so that a robot answering in a second is refused. Bound to the key, one token makes one
 * contribution at most: each one needs its own page and its own fill time. Signed, so it cannot
 * be forged; stateless, so it needs no database.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hmacKey } from './hmac-key.ts';

export type FormTokenProblem = 'invalide' | 'trop-rapide' | 'expire';

export const FORM_TOKEN_PROBLEMS: Readonly<Record<FormTokenProblem, string>> = {
  invalide: 'Le formulaire n’est pas valide : rechargez la page, ce que vous avez écrit est conservé.',
  'trop-rapide': 'Le formulaire a été envoyé trop vite après son affichage : relisez vos réponses et envoyez-le de nouveau.',
  expire: 'Le formulaire est ouvert depuis trop longtemps : envoyez-le de nouveau, ce que vous avez écrit est conservé.',
};

const sign = (secret: Buffer, payload: string, idempotencyKey: string) =>
  createHmac('sha256', hmacKey(secret)).update(`formulaire:${payload}:${idempotencyKey}`).digest('base64url');

export function issueFormToken(secret: Buffer, consultation: string, idempotencyKey: string, now = new Date()): string {
  const payload = `${consultation}.${Math.floor(now.getTime() / 1000)}`;
  return `${payload}.${sign(secret, payload, idempotencyKey)}`;
}

export function checkFormToken(
  secret: Buffer,
  token: unknown,
  consultation: string,
  idempotencyKey: unknown,
  options: { minSeconds: number; maxSeconds?: number; now?: Date },
): { ok: true } | { ok: false; problem: FormTokenProblem } {
  if (typeof token !== 'string' || token.length > 300 || typeof idempotencyKey !== 'string') return { ok: false, problem: 'invalide' };
  const last = token.lastIndexOf('.');
  const payload = token.slice(0, last);
  const given = Buffer.from(token.slice(last + 1));
  const expected = Buffer.from(sign(secret, payload, idempotencyKey));
  if (last < 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'invalide' };
  const [slug, issued] = [payload.slice(0, payload.lastIndexOf('.')), Number(payload.slice(payload.lastIndexOf('.') + 1))];
  if (slug !== consultation || !Number.isInteger(issued)) return { ok: false, problem: 'invalide' };
  const elapsed = Math.floor((options.now ?? new Date()).getTime() / 1000) - issued;
  if (elapsed < options.minSeconds) return { ok: false, problem: 'trop-rapide' };
  if (elapsed > (options.maxSeconds ?? 6 * 3600)) return { ok: false, problem: 'expire' };
  return { ok: true };
}
