/**
 * What the two consultation benches share: the consultation measured (the first one of content/
 * open today, or BENCH_CONSULTATION), the prepared bodies' options, and the real server started
 * with its limits raised so that all the traffic, from 127.0.0.1, is received.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import { PROJECT } from '../../scripts/lib/project-copy.ts';
import { DIST, startServer, type BodyOptions } from './intake.ts';

/** `BENCH_PROOF=0` sends no proof of work (the path of a browser without JavaScript). */
export const WITH_PROOF = process.env.BENCH_PROOF !== '0';
/** Difficulty of the prepared proofs: it costs the bench, not the server (one hash to check). */
export const PROOF_MAX_NUMBER = 100;
const SERVE = path.join(PROJECT, 'scripts', 'serve.ts');
const SECRET = randomBytes(32).toString('base64url');

export const content = loadContent(path.join(PROJECT, 'content'));
const slug = process.env.BENCH_CONSULTATION ?? content.consultations.find((c) => consultationStatus(c) === 'open')?.slug;
if (!slug) throw new Error('aucune consultation ouverte aujourd’hui dans content/ : indiquez-en une avec BENCH_CONSULTATION');
const found = content.consultations.find((c) => c.slug === slug);
if (!found) throw new Error(`consultation « ${slug} » absente du contenu`);
export const consultation = found;
export const INTAKE = `/consultations/${slug}/contributions.json`;
export const HEADERS = { 'content-type': 'application/json' };

export const bodyOptions: BodyOptions = {
  consultation,
  communes: content.site.communes,
  secret: Buffer.from(SECRET, 'utf8'),
  minFillSeconds: content.site.consultations.min_fill_seconds,
  proofMaxNumber: WITH_PROOF ? PROOF_MAX_NUMBER : undefined,
};

/** The real server: limits raised so that all the bench's traffic, from 127.0.0.1, is received; `env` adds settings (DATABASE_URL…). */
export const startOurs = (dataDir: string, env: Record<string, string> = {}) =>
  startServer(SERVE, {
    DIST_DIR: DIST,
    DATA_DIR: dataDir,
    SERVER_SECRET: SECRET,
    CONTRIBUTIONS_PER_HOUR: '1000000',
    CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY: '1000000',
    ATTEMPTS_PER_HOUR: '1000000',
    MAX_CONNECTIONS: '100000',
    PROOF_OF_WORK_MAX_NUMBER: String(PROOF_MAX_NUMBER),
    ...env,
  });

export const fmt = (value: number, digits = 0) =>
  value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The machine the figures come from, and a warning when it is already busy. */
export function printMachine(title: string): void {
  console.log(`Registre IA — ${title}, ${process.version}, ${cpus().length} cœurs (${cpus()[0]?.model ?? 'processeur inconnu'})`);
  console.log(
    `  le générateur de charge (ce processus) et le serveur mesuré (un autre processus) se partagent les ${cpus().length} cœurs : les chiffres en tiennent compte`,
  );
  if (loadavg()[0]! > cpus().length) {
    console.log(
      `  attention : la machine est déjà chargée (charge ${fmt(loadavg()[0]!, 1)} pour ${cpus().length} cœurs) : les chiffres absolus en souffrent, les ratios d’un même tour moins`,
    );
  }
}
