/**
 * The server's secret, for form tokens, proofs of work and CSRF tokens: random, created once in
 * DATA_DIR with owner-only permissions, or given by SERVER_SECRET (several servers, one secret).
 * A secret shorter than 32 bytes is refused whatever its source: an empty or truncated file (a
 * first start cut short) would let anyone sign forms.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export const MIN_SECRET_BYTES = 32;

/**
 * Writes a new secret file whole or not at all: written and synced under a temporary name, then
 * linked to its final name, which fails if another process created it meanwhile (we then read theirs).
 */
function createSecretFile(file: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, randomBytes(32).toString('base64url'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

export function serverSecret(dataDir: string, fromEnv = process.env.SERVER_SECRET): Buffer {
  if (fromEnv) {
    if (Buffer.byteLength(fromEnv, 'utf8') < MIN_SECRET_BYTES) {
      throw new Error(`SERVER_SECRET doit compter au moins ${MIN_SECRET_BYTES} caractères`);
    }
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = path.join(dataDir, 'secret.key');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    createSecretFile(file);
    text = readFileSync(file, 'utf8').trim();
  }
  chmodSync(file, 0o600);
  if (Buffer.byteLength(text, 'utf8') < MIN_SECRET_BYTES) {
    throw new Error(
      `Le secret du serveur ${file} est vide ou tronqué (${Buffer.byteLength(text, 'utf8')} octets, ${MIN_SECRET_BYTES} au moins) : supprimez ce fichier pour qu’un nouveau soit créé au prochain démarrage (les formulaires ouverts devront être rechargés).`,
    );
  }
  return Buffer.from(text, 'utf8');
}
