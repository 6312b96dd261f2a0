/**
 * What rate limits key on: a keyed hash of the client's address group (the IPv4 address, or its
 * IPv6 network), with a key that changes every day. The address itself is never stored, and the
 * key never lies where the database does: whoever copies DATA_DIR cannot test addresses against
 * the hashes.
 *
 * One server draws a random key each day and keeps it in memory only (a restart starts fresh
 * counts). Several servers sharing a database derive it from SERVER_SECRET, given to each by the
 * environment, so that they count together.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { hmacKey } from './hmac-key.ts';
import { addressGroup } from '../http/client-address.ts';

/** The day in UTC, YYYY-MM-DD: the key turns over at midnight UTC. */
function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export interface AddressKeyOptions {
  /** SERVER_SECRET, when the environment gives one (several servers): the daily key is derived from it. */
  shared?: Buffer;
  /** Bits of an IPv6 address that name one line (64 by default). */
  ipv6Prefix?: number;
}

export class AddressKeys {
  private current: { day: string; key: KeyObject } | undefined;
  private readonly options: AddressKeyOptions;

  constructor(options: AddressKeyOptions = {}) {
    this.options = options;
  }

  private dailyKey(day: string): KeyObject {
    if (this.current?.day !== day) {
      const { shared } = this.options;
      const key = shared ? createHmac('sha256', hmacKey(shared)).update(`adresse:${day}`).digest() : randomBytes(32);
      this.current = { day, key: createSecretKey(key) };
    }
    return this.current.key;
  }

  /** The keyed hash of the address's group for the day of `now`. */
  keyOf(address: string, now = new Date()): string {
    return createHmac('sha256', this.dailyKey(dayOf(now)))
      .update(addressGroup(address, this.options.ipv6Prefix))
      .digest('base64url');
  }
}
