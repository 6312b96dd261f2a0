/**
 * `/sante`: whether this server can take a contribution now (its store accepts a write, its
 * secret signs and checks a form token) and which release it runs. The deploy command waits for
 * it before and after switching releases, the supervisor before retiring the old workers, and a
 * monitoring probe can poll it. It tells nothing personal and nothing about the secret.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkFormToken, issueFormToken } from '../abuse/form-token.ts';
import { MIN_SECRET_BYTES } from '../abuse/secret.ts';
import { getRuntime } from '../runtime.ts';

export const HEALTH_PATH = '/sante';

/** What the deploy command writes in each release folder (`release.json`). */
export interface ReleaseInfo {
  /** The release folder's name: its build time and commit. */
  id: string;
  commit: string | null;
  builtAt: string | null;
}

/** The release the server runs from, read from `release.json` in its working folder. */
export function currentRelease(folder = process.cwd()): ReleaseInfo {
  try {
    const info = JSON.parse(readFileSync(path.join(folder, 'release.json'), 'utf8')) as Partial<ReleaseInfo>;
    if (typeof info.id === 'string') return { id: info.id, commit: info.commit ?? null, builtAt: info.builtAt ?? null };
  } catch {
    // Not a deployed release: `npm start` in a checkout.
  }
  return { id: 'hors-deploiement', commit: null, builtAt: null };
}

export interface HealthReport {
  etat: 'disponible' | 'indisponible';
  version: string;
  commit: string | null;
  base: 'ok' | 'indisponible';
  secret: 'ok' | 'inutilisable';
  verifie_le: string;
}

/** A database that does not answer is as unusable as one that refuses. */
const CHECK_TIMEOUT_MS = 3_000;

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pas de réponse en ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function secretSignsForms(secret: Buffer): boolean {
  if (secret.length < MIN_SECRET_BYTES) return false;
  const key = randomBytes(16).toString('base64url');
  const issued = new Date(Date.now() - 10_000);
  const token = issueFormToken(secret, 'sante', key, issued);
  return checkFormToken(secret, token, 'sante', key, { minSeconds: 1 }).ok;
}

/** Runs the checks; the reasons of a failure go to the server's log, not to the answer. */
export async function checkHealth(release: ReleaseInfo): Promise<{ status: 200 | 503; report: HealthReport }> {
  let base: HealthReport['base'] = 'indisponible';
  let secret: HealthReport['secret'] = 'inutilisable';
  try {
    const runtime = await withinTimeout(getRuntime());
    secret = secretSignsForms(runtime.secret) ? 'ok' : 'inutilisable';
    await withinTimeout(runtime.store.checkWritable());
    base = 'ok';
  } catch (error) {
    console.error(`Santé : base de contributions indisponible (${(error as Error).message})`);
  }
  const healthy = base === 'ok' && secret === 'ok';
  return {
    status: healthy ? 200 : 503,
    report: {
      etat: healthy ? 'disponible' : 'indisponible',
      version: release.id,
      commit: release.commit,
      base,
      secret,
      verifie_le: new Date().toISOString(),
    },
  };
}
