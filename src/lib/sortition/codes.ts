/**
 * Pseudonymous codes. A volunteer's code is HMAC-SHA256(staff secret, draw + identifier), shown as
 * « ABCD-EFGH » in an alphabet without look-alike characters. The secret is created by `preparer`
 * in the staff's private folder, never published; the staff send each volunteer their code before
 * the draw, so each recognises their own on the published result and nobody without the secret
 * can link a code to a person (nor test a guessed identifier against it).
 */
import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

export function volunteerCode(secret: string, draw: string, id: string): string {
  const digest = createHmac('sha256', secret).update(`${draw}\n${id}`).digest();
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[digest[i]! % ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
