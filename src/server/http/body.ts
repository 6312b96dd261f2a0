/**
 * Reads a request body whole, refusing it as soon as it exceeds the limit: the announced length
 * is checked before reading, and the bytes actually received while reading (a chunked upload
 * announces none).
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { kind: 'read'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const announced = Number(req.headers['content-length'] ?? 0);
  if (announced > limit) {
    req.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        chunks.length = 0;
        // Stop buffering; what is still coming is read and dropped so the answer can be sent.
        req.removeAllListeners('data');
        req.resume();
        finish({ kind: 'too-large' });
      } else chunks.push(chunk);
    });
    req.on('end', () => finish({ kind: 'read', bytes: Buffer.concat(chunks) }));
    req.on('error', () => finish({ kind: 'aborted' }));
    req.on('aborted', () => finish({ kind: 'aborted' }));
  });
}
