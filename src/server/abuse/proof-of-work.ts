/**
 * Proof of work (ALTCHA protocol, v1): before sending the form, the browser searches for a
 * number whose SHA-256 with the server's salt gives the challenge. A fraction of a second for a
 * resident, a real cost for a robot sending thousands. No third party is involved.
 *
 * Each challenge is signed with the server secret, expires after a few minutes, and is bound to
 * one consultation and to the form's idempotency key: a solution can therefore yield at most one
 * contribution, since replaying it only finds the contribution already stored under that key.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createChallenge } from 'altcha-lib/v1';
import { z } from 'astro/zod';

const PROOF_LIFETIME_MS = 10 * 60 * 1000;

export interface Challenge {
  algorithm: 'SHA-256';
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

export type ProofProblem = 'invalide' | 'expiree' | 'autre-formulaire';

export const PROOF_PROBLEMS: Readonly<Record<ProofProblem, string>> = {
  invalide: 'La vérification anti-robot n’a pas abouti : envoyez le formulaire de nouveau, ce que vous avez écrit est conservé.',
  expiree: 'La vérification anti-robot a expiré : envoyez le formulaire de nouveau, ce que vous avez écrit est conservé.',
  'autre-formulaire':
    'La vérification anti-robot ne correspond pas à ce formulaire : rechargez la page, ce que vous avez écrit est conservé.',
};

/** The key that signs challenges, derived from the server secret once per secret. */
const hmacKeys = new WeakMap<Buffer, string>();
function hmacKey(secret: Buffer): string {
  let key = hmacKeys.get(secret);
  if (!key) hmacKeys.set(secret, (key = createHmac('sha256', secret).update('preuve-de-travail').digest('hex')));
  return key;
}

const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function issueChallenge(
  secret: Buffer,
  bound: { consultation: string; idempotencyKey: string },
  maxNumber: number,
  now = new Date(),
): Promise<Challenge> {
  const challenge = await createChallenge({
    algorithm: 'SHA-256',
    hmacKey: hmacKey(secret),
    maxnumber: maxNumber,
    expires: new Date(now.getTime() + PROOF_LIFETIME_MS),
    params: { consultation: bound.consultation, cle: bound.idempotencyKey },
  });
  return { ...challenge, algorithm: 'SHA-256', maxnumber: maxNumber };
}

/** What the browser sends back, base64 of JSON; checked in shape before any hashing. */
const payloadSchema = z.strictObject({
  algorithm: z.literal('SHA-256'),
  challenge: z.string().regex(/^[0-9a-f]{64}$/),
  number: z.int().min(0).max(100_000_000),
  salt: z.string().min(1).max(400),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

export async function checkProof(
  secret: Buffer,
  proof: unknown,
  bound: { consultation: string; idempotencyKey: string },
  now = new Date(),
): Promise<{ ok: true } | { ok: false; problem: ProofProblem }> {
  if (typeof proof !== 'string' || proof.length > 1000) return { ok: false, problem: 'invalide' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(proof, 'base64').toString('utf8'));
  } catch {
    return { ok: false, problem: 'invalide' };
  }
  const payload = payloadSchema.safeParse(decoded);
  if (!payload.success) return { ok: false, problem: 'invalide' };
  // The ALTCHA check, with node:crypto (WebCrypto costs 50 times more per call): the number
  // found must give the challenge, and the challenge must carry our signature. The signature
  // covers the salt, hence its parameters: they can be trusted once it checks out.
  const { challenge, number, salt, signature } = payload.data;
  const expected = createHash('sha256').update(`${salt}${number}`).digest('hex');
  const signed = createHmac('sha256', hmacKey(secret)).update(challenge).digest('hex');
  if (!sameHex(expected, challenge) || !sameHex(signed, signature)) return { ok: false, problem: 'invalide' };
  const params = Object.fromEntries(new URLSearchParams(salt.split('?')[1] ?? ''));
  if (params.consultation !== bound.consultation || params.cle !== bound.idempotencyKey) return { ok: false, problem: 'autre-formulaire' };
  const expires = Number(params.expires) * 1000;
  if (!Number.isFinite(expires) || expires < now.getTime()) return { ok: false, problem: 'expiree' };
  return { ok: true };
}
