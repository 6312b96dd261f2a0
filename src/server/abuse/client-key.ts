/**
 * What rate limits key on: a keyed hash of the client's address, with a key that changes every
 * day. The address itself is never stored; yesterday's hashes cannot be linked to today's.
 */
import { createHmac } from 'node:crypto';

/** The day in UTC, YYYY-MM-DD: the key turns over at midnight UTC. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function clientKey(secret: Buffer, address: string, now = new Date()): string {
  const dailyKey = createHmac('sha256', secret).update(`adresse:${dayOf(now)}`).digest();
  return createHmac('sha256', dailyKey).update(address.trim().toLowerCase()).digest('base64url');
}
