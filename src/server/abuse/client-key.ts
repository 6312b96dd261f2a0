/**
 * What rate limits key on: a keyed hash of the client's address, with a key that changes every
 * day. The address itself is never stored; yesterday's hashes cannot be linked to today's.
 */
import { createHmac } from 'node:crypto';

/** The day in UTC, YYYY-MM-DD: the key turns over at midnight UTC. */
function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** The day's key, derived once per secret and per day. */
const dailyKeys = new WeakMap<Buffer, { day: string; key: Buffer }>();
function dailyKeyOf(secret: Buffer, day: string): Buffer {
  const known = dailyKeys.get(secret);
  if (known?.day === day) return known.key;
  const key = createHmac('sha256', secret).update(`adresse:${day}`).digest();
  dailyKeys.set(secret, { day, key });
  return key;
}

export function clientKey(secret: Buffer, address: string, now = new Date()): string {
  const dailyKey = dailyKeyOf(secret, dayOf(now));
  return createHmac('sha256', dailyKey).update(address.trim().toLowerCase()).digest('base64url');
}
