/**
 * Logging a moderator in and out. Attempts are counted twice, per login and per client address
 * (both as keyed hashes: neither is stored in clear), and a success clears both counts: neither
 * guessing one account's password from many machines nor trying many accounts from one machine
 * goes far.
 * A browser where the moderator has already logged in carries a signed device cookie: its
 * attempts are counted on that device alone, so that others' failures on the same login (anyone
 * can type it) never lock the moderator out of their usual machine.
 * Unknown login, disabled account and wrong password get the same answer, after the same work.
 */
import { createHmac } from 'node:crypto';
import { hmacKey } from '../abuse/hmac-key.ts';
import { formatTime } from '../../lib/format.ts';
import type { AddressKeys } from '../abuse/client-key.ts';
import type { ContributionStore, StaffSession } from '../store/types.ts';
import { verifyAgainstNothing, verifyPassword, withHashSlot } from './password.ts';
import { deviceCookieValid, newDeviceCookie, newSessionToken, SESSION_TTL_MS, sessionTokenHash } from './session.ts';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failed attempts allowed per window, for one login and for one address; the next one is refused unchecked. */
export const LOGIN_LIMITS = { perLogin: 10, perAddress: 30 } as const;
/** Actions written in the audit log by the moderation screens. */
export const STAFF_ACTIONS = { login: 'staff.login', logout: 'staff.logout' } as const;

export type LoginResult =
  /** `device`: the value of the device cookie to (re)set. */
  | { kind: 'ok'; token: string; session: StaffSession; device: string }
  | { kind: 'refused' }
  /** Too many failures: nothing was checked; try again from `retryAt`. */
  | { kind: 'throttled'; retryAt: Date }
  /** Too many passwords being checked at once: nothing was checked nor counted. */
  | { kind: 'busy' };

export interface LoginInput {
  store: ContributionStore;
  secret: Buffer;
  login: string;
  password: string;
  /** The keyed hashes the throttle counts on. */
  addressKeys: AddressKeys;
  /** The client's address, only hashed. */
  address: string;
  /** The device cookies the browser sent, if any. */
  devices?: readonly string[];
  now?: Date;
  ttlMs?: number;
}

/** Logins are lowercase; what the moderator typed is read the same way. */
export function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** The key of the per-login count (also cleared by `npm run moderators -- unlock`). */
export function loginThrottleKey(secret: Buffer, login: string): string {
  const loginHash = createHmac('sha256', hmacKey(secret))
    .update(`connexion:${normaliseLogin(login)}`)
    .digest('base64url');
  return `connexion:identifiant:${loginHash}`;
}

function throttleKeys(input: LoginInput, login: string, now: Date): { key: string; max: number }[] {
  const { secret } = input;
  const device = input.devices?.find((value) => deviceCookieValid(secret, login, value, now));
  if (device) {
    const deviceHash = createHmac('sha256', hmacKey(secret)).update(`appareil:${device}`).digest('base64url');
    return [{ key: `connexion:appareil:${deviceHash}`, max: LOGIN_LIMITS.perLogin }];
  }
  return [
    { key: loginThrottleKey(secret, login), max: LOGIN_LIMITS.perLogin },
    { key: `connexion:adresse:${input.addressKeys.keyOf(input.address, now)}`, max: LOGIN_LIMITS.perAddress },
  ];
}

export async function logIn(input: LoginInput): Promise<LoginResult> {
  const result = await withHashSlot(() => checkLogin(input));
  return result === 'busy' ? { kind: 'busy' } : result;
}

async function checkLogin(input: LoginInput): Promise<LoginResult> {
  const { store, secret, password } = input;
  const now = input.now ?? new Date();
  const login = normaliseLogin(input.login);
  const keys = throttleKeys(input, login, now);
  // Each attempt is counted before the password is checked, in one atomic write per key: attempts
  // sent in parallel cannot all slip in before the first failure is recorded.
  const counts = await Promise.all(keys.map(({ key }) => store.recordLoginFailure(key, LOGIN_WINDOW_MS)));
  const over = counts.filter((count, i) => count.failures > keys[i]!.max);
  if (over.length > 0) {
    return { kind: 'throttled', retryAt: new Date(Math.max(...over.map((count) => Date.parse(count.firstFailureAt) + LOGIN_WINDOW_MS))) };
  }

  const account = login ? await store.getStaff(login) : null;
  const valid =
    account && !account.disabledAt ? await verifyPassword(password, account.passwordHash) : await verifyAgainstNothing(password);
  if (!valid || !account) return { kind: 'refused' };
  // A success wipes both counts; someone holding a valid account still meets the per-login limit of any other.
  await Promise.all(keys.map(({ key }) => store.clearLoginFailures(key)));
  const token = newSessionToken();
  const session = await store.createSession({
    tokenHash: sessionTokenHash(token),
    login: account.login,
    ttlMs: input.ttlMs ?? SESSION_TTL_MS,
  });
  await store.appendAudit({ actor: account.login, action: STAFF_ACTIONS.login });
  return { kind: 'ok', token, session, device: newDeviceCookie(secret, account.login, now) };
}

/** What a throttled moderator reads: when to try again, French time (« 10 h 47 »). */
export function retryMessage(retryAt: Date): string {
  return `Trop de tentatives de connexion ont échoué. Par sécurité, les connexions sont suspendues : réessayez à partir de ${formatTime(retryAt)}.`;
}

export async function logOut(store: ContributionStore, session: StaffSession): Promise<void> {
  await store.deleteSession(session.tokenHash);
  await store.appendAudit({ actor: session.login, action: STAFF_ACTIONS.logout });
}
