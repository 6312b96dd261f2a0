/**
 * What the consultation bench (`bench/consultations.ts`) is made of: servers started as child
 * processes that can be stopped or killed, valid contributions prepared before a run (signed form
 * token, unique idempotency key, solved proof of work), and the rows of a data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Consultation } from '../../src/lib/content/load.ts';
import { FORM_FIELDS } from '../../src/schemas/contributions.ts';
import { issueFormToken } from '../../src/server/abuse/form-token.ts';
import { issueChallenge } from '../../src/server/abuse/proof-of-work.ts';
import { SQLITE_FILE } from '../../src/server/store/sqlite.ts';
import { buildAstro, PROJECT } from '../../scripts/lib/project-copy.ts';
import { freePort } from '../../tests/helpers/server.ts';

export const DIST = path.join(PROJECT, 'dist');

/** Builds dist/ when it is missing or older than the sources, as `npm start` does. */
export function ensureBuild(): void {
  const entry = path.join(DIST, 'server', 'entry.mjs');
  const newest = (target: string): number => {
    if (!existsSync(target)) return 0;
    const stat = statSync(target);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return readdirSync(target).reduce((latest, name) => Math.max(latest, newest(path.join(target, name))), stat.mtimeMs);
  };
  const sources = ['src', 'content', 'public', 'astro.config.mjs', 'package.json'];
  if (existsSync(entry) && !sources.some((source) => newest(path.join(PROJECT, source)) > statSync(entry).mtimeMs)) return;
  console.log('Construction du site (dist/ absent ou plus ancien que les sources)…');
  const build = buildAstro(PROJECT);
  if (build.status !== 0) throw new Error(`la construction a échoué :\n${build.output.slice(-3000)}`);
  console.log(`  construit en ${build.seconds.toFixed(1)} s`);
}

export const newDataDir = (name: string) => mkdtempSync(path.join(tmpdir(), `registre-ia-banc-${name}-`));

export interface ServerProcess {
  origin: string;
  dataDir: string;
  pid: number;
  /** Milliseconds from the spawn to the first HTTP answer. */
  startMs: number;
  output: () => string;
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<void>;
  /** SIGKILL, then waits for the exit. */
  kill: () => Promise<void>;
}

/**
 * Starts `node <script>` with HOST, PORT and DATA_DIR set, and waits until `GET readyPath`
 * answers (polled every 10 ms, so that the start time is read to about that).
 */
export async function startServer(script: string, env: Record<string, string>, readyPath = '/'): Promise<ServerProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = env.DATA_DIR ?? newDataDir('serveur');
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [script], {
    cwd: PROJECT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${script} s’est arrêté :\n${output}`);
    try {
      const response = await fetch(`${origin}${readyPath}`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${script} ne répond pas sur ${origin} :\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startMs = performance.now() - started;
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { origin, dataDir, pid: child.pid!, startMs, output: () => output, stop: signal('SIGTERM'), kill: signal('SIGKILL') };
}

export interface PreparedContribution {
  /** The idempotency key, unique in a run. */
  key: string;
  /** The JSON body, as sent. */
  body: string;
}

export interface BodyOptions {
  consultation: Consultation;
  communes: readonly string[];
  secret: Buffer;
  /** Fill time required by the site (`consultations.min_fill_seconds`): tokens are backdated past it. */
  minFillSeconds: number;
  /** Solve a proof of work of this difficulty (the server's PROOF_OF_WORK_MAX_NUMBER); none if undefined. */
  proofMaxNumber: number | undefined;
}

const SENTENCES = [
  'Un classement peut aider à repérer plus vite les foyers menacés d’expulsion,',
  'à condition qu’un agent relise chaque dossier classé comme non urgent.',
  'Les revenus irréguliers et l’hébergement chez un tiers doivent être demandés clairement dans le formulaire,',
  'sinon le logiciel reproduira les erreurs des dossiers anciens.',
  'Je préfère une règle simple que tout le monde comprend,',
  'et que les associations puissent vérifier les résultats chaque mois.',
  'Il faut renoncer si les agents ne peuvent pas s’écarter du niveau proposé.',
  'Les demandeurs doivent savoir qu’un logiciel a été utilisé, et pourquoi.',
];

/** A plausible text of about `length` characters, different for each index. */
function text(index: number, length: number, max: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const sentence = SENTENCES[(index * 7 + i * 3) % SENTENCES.length]!;
    parts.push(sentence);
    size += sentence.length + 1;
  }
  return `${parts.join(' ')} (${index})`.slice(0, max);
}

/** Answers to every question of the consultation, the optional ones two times out of three. */
function answersFor(consultation: Consultation, index: number): Record<string, string | number> {
  const answers: Record<string, string | number> = {};
  for (const [q, question] of consultation.questions.entries()) {
    if (!question.required && (index + q) % 3 === 0) continue;
    switch (question.kind) {
      case 'choix':
        answers[question.id] = question.options[(index + q) % question.options.length]!.value;
        break;
      case 'echelle':
        answers[question.id] = question.scale!.min + ((index + q) % (question.scale!.max - question.scale!.min + 1));
        break;
      case 'avis':
        answers[question.id] = text(index + q, 150 + ((index * 37) % 600), question.max_length);
        break;
    }
  }
  return answers;
}

/** The number whose SHA-256 with the salt gives the challenge: what the page's script searches for. */
function solve(challenge: { challenge: string; salt: string; maxnumber: number }): number {
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (
      createHash('sha256')
        .update(challenge.salt + n)
        .digest('hex') === challenge.challenge
    )
      return n;
  }
  throw new Error('preuve de travail sans solution');
}

let runs = 0;

/**
 * `count` distinct valid contributions, as the consultation page would send them: a form token
 * issued 10 s to 10 min ago, a fresh idempotency key, answers to the questions, sometimes a
 * pseudonym, a profile and the register entry, and a solved proof of work when asked.
 */
export async function prepareContributions(count: number, options: BodyOptions): Promise<PreparedContribution[]> {
  const { consultation, communes, secret, minFillSeconds, proofMaxNumber } = options;
  const run = `${(runs++).toString(36)}${randomBytes(6).toString('base64url')}`;
  const now = Date.now();
  const prepared: PreparedContribution[] = new Array(count);
  const one = async (i: number) => {
    const key = `${run}-${i.toString(36).padStart(8, '0')}`;
    const form: Record<string, unknown> = {
      [FORM_FIELDS.token]: issueFormToken(secret, consultation.slug, key, new Date(now - (minFillSeconds + 10 + (i % 590)) * 1000)),
      [FORM_FIELDS.idempotency]: key,
      answers: answersFor(consultation, i),
    };
    if (i % 2 === 0) form.pseudonym = `Habitant ${i}`;
    const profile: Record<string, string> = {};
    if (consultation.profile.commune && i % 3 !== 2) profile.commune = communes[i % communes.length]!;
    if (consultation.profile.age_bracket && i % 4 !== 3) profile.age_bracket = ['18-29', '30-44', '45-59', '60-74'][i % 4]!;
    if (Object.keys(profile).length) form.profile = profile;
    if (consultation.entries.length && i % 3 === 0) form.entry = consultation.entries[i % consultation.entries.length];
    if (proofMaxNumber !== undefined) {
      const challenge = await issueChallenge(secret, { consultation: consultation.slug, idempotencyKey: key }, proofMaxNumber);
      const payload = {
        algorithm: challenge.algorithm,
        challenge: challenge.challenge,
        number: solve(challenge),
        salt: challenge.salt,
        signature: challenge.signature,
      };
      form[FORM_FIELDS.proof] = Buffer.from(JSON.stringify(payload)).toString('base64');
    }
    prepared[i] = { key, body: JSON.stringify(form) };
  };
  // Web Crypto (used by the challenges) works off the main thread: a batch at a time overlaps it.
  for (let start = 0; start < count; start += 256) {
    await Promise.all(Array.from({ length: Math.min(256, count - start) }, (_, j) => one(start + j)));
  }
  return prepared;
}

/** The idempotency keys of the contributions stored in a data folder (opened read-only). */
export function storedKeys(dataDir: string): Set<string> {
  const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    return new Set((db.prepare('SELECT idempotency_key AS key FROM contributions').all() as { key: string }[]).map((row) => row.key));
  } finally {
    db.close();
  }
}
