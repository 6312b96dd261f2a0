/**
 * Moderators' sessions: a random token in a cookie scoped to /moderation/, its SHA-256 hash in
 * the database (a stolen database opens no session), and a CSRF token derived from that hash
 * with the server secret, so it needs no storage of its own.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hmacKey } from '../abuse/hmac-key.ts';
import { MODERATION_PATH } from '../../lib/urls.ts';

const SESSION_COOKIE = 'moderation_session';
const DEVICE_COOKIE = 'moderation_appareil';
/** A device stays known this long after its last login. */
export const DEVICE_TTL_MS = 180 * 24 * 60 * 60 * 1000;
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
  return createHmac('sha256', hmacKey(secret)).update(`csrf:${tokenHash}`).digest('base64url');
}

export function csrfValid(secret: Buffer, tokenHash: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, tokenHash));
  const received = Buffer.from(given);
  return received.length === expected.length && timingSafeEqual(received, expected);
}

/** Every value of a cookie in the request: a sibling subdomain may have set one of the same name. */
function cookieValues(request: Request, name: string): string[] {
  const values: string[] = [];
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) values.push(value.join('='));
  }
  return values;
}

/**
 * The session tokens sent by the browser that have the right shape. Several when a cookie of
 * the same name was planted from a sibling subdomain: each is tried, so that the planted one
 * cannot log the moderator out.
 */
export function sessionTokensOf(request: Request): string[] {
  return cookieValues(request, SESSION_COOKIE).filter((token) => TOKEN.test(token));
}

/** The first well-formed session token (the logout page ends the session it finds). */
export function sessionTokenOf(request: Request): string | undefined {
  return sessionTokensOf(request)[0];
}

/** Whether the browser reached us over HTTPS (our server reads our proxies' X-Forwarded-Proto into the request's address). */
export function overHttps(request: Request): boolean {
  return new URL(request.url).protocol === 'https:';
}

function cookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [`${name}=${value}`, `Path=${MODERATION_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict'];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

/** Set-Cookie for a new session; the browser forgets it when the session expires anyway. */
export function sessionCookie(token: string, secure: boolean, ttlMs = SESSION_TTL_MS): string {
  return cookie(SESSION_COOKIE, token, Math.floor(ttlMs / 1000), secure);
}

/** Set-Cookie that removes the session cookie (logout, expired session). */
export function clearedSessionCookie(secure: boolean): string {
  return cookie(SESSION_COOKIE, '', 0, secure);
}

const signDevice = (secret: Buffer, login: string, issued: string, nonce: string) =>
  createHmac('sha256', hmacKey(secret)).update(`appareil:${login}:${issued}:${nonce}`).digest('base64url');

/** A device cookie's value for `login`: when it was issued, a nonce, and their signature. */
export function newDeviceCookie(secret: Buffer, login: string, now = new Date()): string {
  const issued = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(12).toString('base64url');
  return `${issued}.${nonce}.${signDevice(secret, login, issued, nonce)}`;
}

/** Whether `value` is a device cookie issued to `login` by this server, and not older than DEVICE_TTL_MS. */
export function deviceCookieValid(secret: Buffer, login: string, value: string, now = new Date()): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const [, issued, nonce, signature] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(signDevice(secret, login, issued, nonce));
  if (!timingSafeEqual(Buffer.from(signature), expected)) return false;
  const age = now.getTime() - Number(issued) * 1000;
  return age >= 0 && age <= DEVICE_TTL_MS;
}

/** The device cookies the browser sent (one per login it has used on this device, at most a few). */
export function deviceCookiesOf(request: Request): string[] {
  return cookieValues(request, DEVICE_COOKIE).slice(0, 10);
}

/** Set-Cookie for the device cookie, renewed at each login. */
export function deviceCookie(value: string, secure: boolean): string {
  return cookie(DEVICE_COOKIE, value, Math.floor(DEVICE_TTL_MS / 1000), secure);
}
