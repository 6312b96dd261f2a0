/**
 * Moderators' sessions: a random token in a cookie scoped to /moderation/, its SHA-256 hash in
 * the database (a stolen database opens no session), and a CSRF token derived from that hash
 * with the server secret, so it needs no storage of its own.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MODERATION_PATH } from '../../lib/urls.ts';
import type { ServerSettings } from '../runtime.ts';

const SESSION_COOKIE = 'moderation_session';
/** A working day; after that the moderator logs in again. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Name of the hidden field that carries the CSRF token in every form that changes something. */
export const CSRF_FIELD = 'jeton';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function csrfToken(secret: Buffer, tokenHash: string): string {
  return createHmac('sha256', secret).update(`csrf:${tokenHash}`).digest('base64url');
}

export function csrfValid(secret: Buffer, tokenHash: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, tokenHash));
  const received = Buffer.from(given);
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** The session token sent by the browser, if it has the right shape. */
export function sessionTokenOf(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const token = value.join('=');
      return TOKEN.test(token) ? token : undefined;
    }
  }
  return undefined;
}

/**
 * Whether the browser reached us over HTTPS: directly, or through a trusted reverse proxy that
 * says so (the last X-Forwarded-Proto value is the one our proxy set).
 */
export function overHttps(request: Request, settings: Pick<ServerSettings, 'trustProxy'>): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  if (!settings.trustProxy) return false;
  const hops = (request.headers.get('x-forwarded-proto') ?? '').split(',').map((hop) => hop.trim().toLowerCase());
  return hops.at(-1) === 'https';
}

function cookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, `Path=${MODERATION_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict'];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** Set-Cookie for a new session; the browser forgets it when the session expires anyway. */
export function sessionCookie(token: string, secure: boolean, ttlMs = SESSION_TTL_MS): string {
  return cookie(token, Math.floor(ttlMs / 1000), secure);
}

/** Set-Cookie that removes the session cookie (logout, expired session). */
export function clearedSessionCookie(secure: boolean): string {
  return cookie('', 0, secure);
}
