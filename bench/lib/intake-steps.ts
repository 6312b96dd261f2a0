/**
 * Where the time of one contribution goes: each step of the intake (`submitContribution`) timed
 * alone, in the bench's process, one call after another, next to what the same work costs when
 * what does not change between requests is kept. Explains the throughput figures; asserts nothing.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Consultation } from '../../src/lib/content/load.ts';
import { consultationStatus } from '../../src/lib/consultations/calendar.ts';
import { contributionSchema, FORM_FIELDS } from '../../src/schemas/contributions.ts';
import { frenchToday, TIME_ZONE } from '../../src/lib/format.ts';
import type { SiteData } from '../../src/schemas/site.ts';
import { AddressKeys } from '../../src/server/abuse/client-key.ts';
import { checkFormToken } from '../../src/server/abuse/form-token.ts';
import { checkProof } from '../../src/server/abuse/proof-of-work.ts';
import { openStore } from '../../src/server/store/index.ts';
import type { JsonObject } from '../../src/server/store/types.ts';
import { newDataDir, type PreparedContribution } from './intake.ts';

export interface Step {
  name: string;
  /** Microseconds per call, as the intake does it today. */
  now: number;
  /** Microseconds per call with what does not change kept (undefined: nothing to keep). */
  kept?: number;
  keptHow?: string;
  /** A durable SQLite commit (disk bound, not CPU bound). */
  commit?: boolean;
}

/** Microseconds per call: the best of three batches, after a short warm-up. */
async function time(calls: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(i);
  let best = Infinity;
  for (let batch = 0; batch < 3; batch++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await fn(batch * calls + i);
    best = Math.min(best, ((performance.now() - start) * 1000) / calls);
  }
  return best;
}

export async function intakeSteps(options: {
  consultation: Consultation;
  site: SiteData;
  secret: Buffer;
  contributions: PreparedContribution[];
  calls?: number;
}): Promise<Step[]> {
  const { consultation, site, secret, contributions } = options;
  const calls = options.calls ?? 300;
  const forms = contributions.map((c) => JSON.parse(c.body) as Record<string, unknown>);
  const form = (i: number) => forms[i % forms.length]!;
  const fields = forms.map((f) => {
    const { [FORM_FIELDS.token]: _t, [FORM_FIELDS.idempotency]: _k, [FORM_FIELDS.proof]: _p, ...rest } = f;
    return rest;
  });
  const steps: Step[] = [];

  steps.push({ name: 'JSON.parse du corps', now: await time(calls, (i) => JSON.parse(contributions[i % contributions.length]!.body)) });

  const formatter = new Intl.DateTimeFormat('fr-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  steps.push({
    name: 'consultation ouverte ? (frenchToday)',
    now: await time(calls, () => consultationStatus(consultation, frenchToday(new Date()))),
    kept: await time(calls, () => consultationStatus(consultation, formatter.format(new Date()))),
    keptHow: 'Intl.DateTimeFormat créé une fois',
  });

  steps.push({
    name: 'jeton du formulaire (checkFormToken)',
    now: await time(calls, (i) =>
      checkFormToken(secret, form(i)[FORM_FIELDS.token], consultation.slug, form(i)[FORM_FIELDS.idempotency], {
        minSeconds: site.consultations.min_fill_seconds,
      }),
    ),
  });

  if (form(0)[FORM_FIELDS.proof] !== undefined) {
    const bound = (i: number) => ({ consultation: consultation.slug, idempotencyKey: String(form(i)[FORM_FIELDS.idempotency]) });
    // The same two computations (SHA-256 of salt + number, HMAC of the challenge) with node:crypto.
    const hmacKey = createHmac('sha256', secret).update('preuve-de-travail').digest('hex');
    const payloads = forms.map(
      (f) => JSON.parse(Buffer.from(String(f[FORM_FIELDS.proof]), 'base64').toString('utf8')) as Record<string, string>,
    );
    steps.push({
      name: 'preuve de travail (checkProof, altcha)',
      now: await time(calls, async (i) => {
        if (!(await checkProof(secret, form(i)[FORM_FIELDS.proof], bound(i))).ok) throw new Error('preuve refusée');
      }),
      kept: await time(calls, (i) => {
        const p = payloads[i % payloads.length]!;
        return (
          createHash('sha256').update(`${p.salt}${p.number}`).digest('hex') === p.challenge &&
          createHmac('sha256', hmacKey).update(p.challenge!).digest('hex') === p.signature
        );
      }),
      keptHow: 'les deux mêmes calculs par node:crypto, sans WebCrypto',
    });
  }

  const addressKeys = new AddressKeys();
  steps.push({ name: 'clé de limite (AddressKeys)', now: await time(calls, () => addressKeys.keyOf('127.0.0.1')) });

  const schema = contributionSchema(consultation, site);
  steps.push({
    name: 'validation des réponses (zod)',
    now: await time(calls, (i) => contributionSchema(consultation, site).safeParse(fields[i % fields.length])),
    kept: await time(calls, (i) => schema.safeParse(fields[i % fields.length])),
    keptHow: 'schéma construit une fois par consultation',
  });

  const store = await openStore({ dataDir: newDataDir('etapes') });
  try {
    steps.push({
      name: 'limite de débit (hitRateLimit, sans attendre le disque)',
      now: await time(calls, () => store.hitRateLimit('banc:127.0.0.1', 3_600_000)),
      commit: false,
    });
    let n = 0;
    steps.push({
      name: 'enregistrement (create)',
      now: await time(calls, (i) =>
        store.create({
          consultation: consultation.slug,
          answers: fields[i % fields.length]!.answers as JsonObject,
          receiptHash: `recu-${n}`,
          idempotencyKey: `etape-${String(n++).padStart(12, '0')}`,
        }),
      ),
      commit: true,
    });
  } finally {
    await store.close();
  }
  return steps;
}
