/**
 * The private receipt code a contributor keeps to see or withdraw their contribution. Only its
 * hash is stored. Crockford's base32 (no I, L, O, U) with dashes: easy to copy by hand, and read
 * back leniently (lower case, O for 0, I or L for 1, spaces).
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 characters, 80 random bits, shown as XXXX-XXXX-XXXX-XXXX. */
export function newReceiptCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The code as typed, normalised; undefined when it cannot be a receipt code. */
export function normaliseReceiptCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(code) ? code : undefined;
}

export function receiptHash(typed: string): string | undefined {
  const code = normaliseReceiptCode(typed);
  return code ? createHash('sha256').update(`recu:${code}`).digest('base64url') : undefined;
}
