/**
 * The server's secret, for form tokens and the keyed hash of addresses: random, created once in
 * DATA_DIR with owner-only permissions, or given by SERVER_SECRET (several servers, one secret).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function serverSecret(dataDir: string, fromEnv = process.env.SERVER_SECRET): Buffer {
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('SERVER_SECRET doit compter au moins 32 caractères');
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = path.join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // 'wx' fails if another process created it meanwhile: then we read theirs.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}
