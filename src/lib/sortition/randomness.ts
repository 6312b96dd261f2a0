/**
 * Rule « sha256-v1 »: how the public numbers become a panel index and an order of reserves.
 * The numbers, in the order announced, are written as decimal integers joined by « - » and
 * prefixed with the draw's name and the lottery's hash: « <draw>|<lottery sha256>|12-5-33 ».
 * A stream of bytes is then HMAC-SHA256(key = that text, message = counter as 8 bytes); each
 * number below n is read as 6 bytes (48 bits) rejected when above the largest multiple of n, so
 * no outcome is more likely than another. The first number is the panel index (n = M); the next
 * ones shuffle the volunteers not drawn (Fisher-Yates) into the reserve order.
 */
import { createHmac } from 'node:crypto';

export function seedText(draw: string, lotteryHash: string, numbers: readonly number[]): string {
  return `${draw}|${lotteryHash}|${numbers.join('-')}`;
}

export class PublicRandom {
  private readonly key: string;
  private counter = 0;
  private buffer = Buffer.alloc(0);

  constructor(seed: string) {
    this.key = seed;
  }

  private bytes(n: number): Buffer {
    while (this.buffer.length < n) {
      const block = Buffer.alloc(8);
      block.writeBigUInt64BE(BigInt(this.counter++));
      this.buffer = Buffer.concat([this.buffer, createHmac('sha256', this.key).update(block).digest()]);
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** A uniform integer in 0…n−1. */
  below(n: number): number {
    const range = 2 ** 48;
    const limit = range - (range % n);
    for (;;) {
      const value = this.bytes(6).readUIntBE(0, 6);
      if (value < limit) return value % n;
    }
  }

  /** A uniform order of `items` (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
