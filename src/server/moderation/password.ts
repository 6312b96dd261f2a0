/**
 * Moderators' passwords, hashed with scrypt (node:crypto). A stored hash names its algorithm,
 * cost parameters and salt, `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, so that raising the cost
 * later leaves existing hashes verifiable.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;
/** Hashing a megabyte-long "password" would only burn CPU. */
const MAX_PASSWORD_LENGTH = 512;

export interface ScryptCost {
  /** log2 of N, the CPU and memory cost. */
  ln: number;
  r: number;
  p: number;
}

/** About 32 MiB and a tenth of a second per hash on a small server. */
const DEFAULT_COST: ScryptCost = { ln: 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** 16 bytes of salt and 32 of key, in base64url: 22 and 43 characters; a truncated key is refused. */
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

function derive(password: string, salt: Buffer, keyLength: number, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.ln;
  // scrypt needs 128·N·r bytes; Node refuses above `maxmem`, 32 MiB by default: leave room.
  const maxmem = 256 * N * cost.r;
  return new Promise((resolve, reject) => {
    // NFC: the same password typed on two systems composes accents alike.
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r: cost.r, p: cost.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** A French sentence saying what is wrong with a new password, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) return `Le mot de passe doit compter au moins ${MIN_PASSWORD_LENGTH} caractères.`;
  if (length > MAX_PASSWORD_LENGTH) return `Le mot de passe doit compter au plus ${MAX_PASSWORD_LENGTH} caractères.`;
  if (password.trim() !== password) return 'Le mot de passe ne doit pas commencer ni finir par une espace.';
  return null;
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, cost);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Parameters within these bounds only: a damaged hash must not make a login cost minutes. */
function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const match = FORMAT.exec(stored);
  if (!match) return null;
  const cost = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (cost.ln < 10 || cost.ln > 20 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16) return null;
  return { cost, salt: Buffer.from(match[4]!, 'base64url'), key: Buffer.from(match[5]!, 'base64url') };
}

/** True when `password` matches; false for a wrong password or an unreadable hash. Constant-time comparison. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH * 4) return false;
  const key = await derive(password, parsed.salt, KEY_BYTES, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

/**
 * Each hash takes a thread of libuv's pool (4 by default) for a tenth of a second: logins sent
 * with random names would queue hashes until the server stalls. Beyond this many at once, a
 * login is answered « busy » at once, without hashing.
 */
export const MAX_CONCURRENT_HASHES = 4;
let hashesRunning = 0;

/** Runs `work` (which hashes) if a slot is free; `busy` otherwise. */
export async function withHashSlot<T>(work: () => Promise<T>): Promise<T | 'busy'> {
  if (hashesRunning >= MAX_CONCURRENT_HASHES) return 'busy';
  hashesRunning++;
  try {
    return await work();
  } finally {
    hashesRunning--;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of a real verification when the login is unknown or disabled, so that the
 * answer's delay does not tell which logins exist.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await dummy);
  return false;
}
