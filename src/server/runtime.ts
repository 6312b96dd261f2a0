/**
 * What the on-demand routes share in one server process: the settings read from the
 * environment, the contribution store and the server secret. Opened once, on first use, and
 * kept on globalThis because Astro's bundle and our own server are separate module graphs.
 */
import path from 'node:path';
import { serverSecret } from './abuse/secret.ts';
import type { SubmissionLimits } from './consultations/submit.ts';
import { openStore, type ContributionStore } from './store/index.ts';

export interface ServerSettings {
  /** SQLite file and server secret; `./data` by default. */
  dataDir: string;
  /** PostgreSQL when set. */
  databaseUrl: string | undefined;
  /** Read the client's address from the last X-Forwarded-For hop (behind a reverse proxy only). */
  trustProxy: boolean;
  /** Contributions per address and per hour, with a solved proof of work. */
  contributionsPerHour: number;
  /** Contributions per address and per day without proof of work (browsers without JavaScript). */
  contributionsWithoutProofPerDay: number;
  /** Difficulty of the proof of work: the number the browser searches up to (half on average). */
  proofOfWorkMaxNumber: number;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} : entier de ${min} à ${max} attendu, « ${raw} » reçu`);
  }
  return value;
}

export function readServerSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  return {
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    contributionsPerHour: integer(env, 'CONTRIBUTIONS_PER_HOUR', 10, 1, 1_000_000),
    contributionsWithoutProofPerDay: integer(env, 'CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY', 3, 0, 1_000_000),
    proofOfWorkMaxNumber: integer(env, 'PROOF_OF_WORK_MAX_NUMBER', 100_000, 10, 10_000_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
  };
}

export interface Runtime {
  settings: ServerSettings;
  store: ContributionStore;
  secret: Buffer;
}

const RUNTIME = Symbol.for('registre-ia.runtime');
type RuntimeCache = { [RUNTIME]?: Promise<Runtime> };

async function openRuntime(settings: ServerSettings): Promise<Runtime> {
  const store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl });
  return { settings, store, secret: serverSecret(settings.dataDir) };
}

/** The process's runtime, opened from the environment on first call. */
export function getRuntime(): Promise<Runtime> {
  const cache = globalThis as RuntimeCache;
  if (!cache[RUNTIME]) {
    const opening = openRuntime(readServerSettings());
    // A failed opening (database down) is retried on the next request rather than kept.
    opening.catch(() => {
      if (cache[RUNTIME] === opening) delete cache[RUNTIME];
    });
    cache[RUNTIME] = opening;
  }
  return cache[RUNTIME];
}

/** Closes the store (server shutdown, end of a test). */
export async function closeRuntime(): Promise<void> {
  const cache = globalThis as RuntimeCache;
  const opening = cache[RUNTIME];
  delete cache[RUNTIME];
  if (opening) await (await opening).store.close().catch(() => undefined);
}

/**
 * The client's address, used only to compute the keyed hash of the rate limits. Behind a proxy
 * (TRUST_PROXY), the last X-Forwarded-For hop is the one the proxy itself added.
 */
export function clientAddress(
  request: Request | Headers,
  socketAddress: string | undefined,
  settings: Pick<ServerSettings, 'trustProxy'>,
): string {
  if (settings.trustProxy) {
    const headers = request instanceof Headers ? request : request.headers;
    const hops = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    const last = hops.at(-1);
    if (last) return last;
  }
  return socketAddress ?? 'inconnue';
}

/** The rate limits of the contribution intake, from the settings. */
export function submissionLimits(settings: ServerSettings): SubmissionLimits {
  return {
    withProof: { max: settings.contributionsPerHour, windowMs: 60 * 60 * 1000 },
    withoutProof: { max: settings.contributionsWithoutProofPerDay, windowMs: 24 * 60 * 60 * 1000 },
  };
}
