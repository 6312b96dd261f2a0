/**
 * What the on-demand routes share in one server process: the settings read from the
 * environment, the contribution store and the server secret. Opened once, on first use, and
 * kept on globalThis because Astro's bundle and our own server are separate module graphs.
 */
import path from 'node:path';
import { AddressKeys } from './abuse/client-key.ts';
import { serverSecret } from './abuse/secret.ts';
import { canonicalAddress, parseProxyTrust, type ProxyTrust } from './http/client-address.ts';
import type { SubmissionLimits } from './consultations/submit.ts';
import { openStore, type ContributionStore } from './store/index.ts';

export interface ServerSettings {
  /** SQLite file and server secret; `./data` by default. */
  dataDir: string;
  /** PostgreSQL when set. */
  databaseUrl: string | undefined;
  /** Connections this process keeps to PostgreSQL (DATABASE_POOL_SIZE); every server of a database adds its own. */
  databasePoolSize: number;
  /** SERVER_SECRET, shared by every server of one database; otherwise a secret file in DATA_DIR. */
  sharedSecret: string | undefined;
  /** Our reverse proxies (TRUST_PROXY): the client is the right-most X-Forwarded-For hop that is not one of them. */
  trustProxy: ProxyTrust;
  /** IPv6 quotas are counted per network of this many bits (IPV6_PREFIX: 64, or 56 where lines get a /56). */
  ipv6Prefix: number;
  /** Contributions per address and per hour, with a solved proof of work. */
  contributionsPerHour: number;
  /** Contributions per address and per day without proof of work (browsers without JavaScript). */
  contributionsWithoutProofPerDay: number;
  /** Forms received per address and per hour, accepted or not (mistakes, double clicks, robots). */
  attemptsPerHour: number;
  /** Difficulty of the proof of work: the number the browser searches up to (half on average). */
  proofOfWorkMaxNumber: number;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Open connections accepted at once (MAX_CONNECTIONS). */
  maxConnections: number;
  /** Time allowed for a whole request, body included (REQUEST_TIMEOUT_MS); the headers get a third of it. */
  requestTimeoutMs: number;
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
  const databaseUrl = env.DATABASE_URL || undefined;
  const sharedSecret = env.SERVER_SECRET || undefined;
  // Each server would draw its own secret: forms signed by one refused by another, and each with its own quotas.
  if (databaseUrl && !sharedSecret) {
    throw new Error(
      'DATABASE_URL est défini mais pas SERVER_SECRET : les serveurs qui partagent une base doivent partager aussi un secret (au moins 32 caractères aléatoires, le même pour tous).',
    );
  }
  return {
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    databaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    sharedSecret,
    trustProxy: parseProxyTrust(env.TRUST_PROXY),
    ipv6Prefix: integer(env, 'IPV6_PREFIX', 64, 32, 128),
    contributionsPerHour: integer(env, 'CONTRIBUTIONS_PER_HOUR', 10, 1, 1_000_000),
    contributionsWithoutProofPerDay: integer(env, 'CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY', 3, 0, 1_000_000),
    attemptsPerHour: integer(env, 'ATTEMPTS_PER_HOUR', 60, 1, 1_000_000),
    proofOfWorkMaxNumber: integer(env, 'PROOF_OF_WORK_MAX_NUMBER', 100_000, 10, 10_000_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 1000, 10, 100_000),
    // 64 KiB at 2 Kio/s, a weak mobile signal: 30 s.
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
  };
}

export interface Runtime {
  settings: ServerSettings;
  store: ContributionStore;
  secret: Buffer;
  /** Keyed hashes of client addresses, for the rate limits. */
  addressKeys: AddressKeys;
}

const RUNTIME = Symbol.for('registre-ia.runtime');
type RuntimeCache = { [RUNTIME]?: Promise<Runtime> };

async function openRuntime(settings: ServerSettings): Promise<Runtime> {
  const secret = serverSecret(settings.dataDir, settings.sharedSecret);
  const store = await openStore({
    dataDir: settings.dataDir,
    databaseUrl: settings.databaseUrl,
    poolSize: settings.databasePoolSize,
  });
  const addressKeys = new AddressKeys({ shared: settings.sharedSecret ? secret : undefined, ipv6Prefix: settings.ipv6Prefix });
  return { settings, store, secret, addressKeys };
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
 * The client's address as our server resolved it (through the trusted proxies), given to the
 * on-demand routes in `locals`; the socket's address when a route runs without our server.
 */
export function requestAddress(locals: App.Locals, socketAddress: string | undefined): string {
  return locals.clientAddress ?? (socketAddress ? canonicalAddress(socketAddress) : null) ?? 'inconnue';
}

/** The rate limits of the contribution intake, from the settings. */
export function submissionLimits(settings: ServerSettings): SubmissionLimits {
  return {
    withProof: { max: settings.contributionsPerHour, windowMs: 60 * 60 * 1000 },
    withoutProof: { max: settings.contributionsWithoutProofPerDay, windowMs: 24 * 60 * 60 * 1000 },
    attempts: { max: settings.attemptsPerHour, windowMs: 60 * 60 * 1000 },
  };
}
