/**
 * `npm run bench:moderation:export` — the moderators' CSV export of a large consultation: a SQLite
 * store filled with BENCH_EXPORT_CONTRIBUTIONS contributions (30,000 by default) to a consultation
 * of content/ (BENCH_CONSULTATION, or the one with the most questions), then the export measured
 * two ways, each in a fresh process so that one's memory does not weigh on the other:
 *
 * - « en flux »: what the route does (src/server/moderation/export.ts), the stream read to the end
 *   as a fast client would;
 * - « en mémoire »: what the route did before, every contribution in an array and the CSV built as
 *   one string.
 *
 * For each: the time, the peak resident memory and the heap used above what the process held
 * before the export, the longest delay of the event loop (while it runs, the server answers no
 * other request) and the size of the file. Figures are printed, never asserted; the command fails
 * only if the two ways do not give the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadContent, type Consultation } from '../src/lib/content/load.ts';
import { moderationCsv, moderationCsvStream, planModerationExport } from '../src/server/moderation/export.ts';
import { openStore } from '../src/server/store/index.ts';
import { openSqliteDatabase } from '../src/server/store/sqlite.ts';
import type { Contribution, ContributionStore } from '../src/server/store/types.ts';
import { PROJECT } from '../scripts/lib/project-copy.ts';

const COUNT = Number(process.env.BENCH_EXPORT_CONTRIBUTIONS ?? 30_000);
/** Length of each free-text answer: a few paragraphs, as a contributor who has something to say. */
const TEXT_CHARS = Number(process.env.BENCH_EXPORT_TEXT_CHARS ?? 1_200);
const MODES = ['flux', 'memoire'] as const;
type Mode = (typeof MODES)[number];
const MODE_LABELS: Record<Mode, string> = { flux: 'en flux', memoire: 'en mémoire (avant)' };

const content = loadContent(path.join(PROJECT, 'content'));
const consultation: Consultation | undefined = process.env.BENCH_CONSULTATION
  ? content.consultations.find((c) => c.slug === process.env.BENCH_CONSULTATION)
  : content.consultations.toSorted((a, b) => b.questions.length - a.questions.length)[0];
if (!consultation) throw new Error(`consultation introuvable dans content/ : ${process.env.BENCH_CONSULTATION ?? '(aucune)'}`);
const rules = content.moderation.rules;
const titles = new Map(content.register.map((entry) => [entry.slug, entry.title]));

const fmt = (value: number, digits = 0) => value.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => `${fmt(bytes / 2 ** 20)} Mio`;

const WORDS = 'le service la demande les habitants un agent réponse traduction guichet confiance garanties erreur délai voix'.split(' ');
function prose(chars: number, seed: number): string {
  let text = '';
  for (let i = seed; text.length < chars; i += 7) text += `${WORDS[i % WORDS.length]}${i % 13 === 0 ? '. ' : ' '}`;
  return text.slice(0, chars).trim();
}

function answersFor(i: number): Record<string, string | number> {
  const answers: Record<string, string | number> = {};
  for (const q of consultation!.questions) {
    if (q.kind === 'avis') answers[q.id] = prose(TEXT_CHARS, i);
    else if (q.kind === 'choix') answers[q.id] = q.options[i % q.options.length]!.value;
    else if (q.kind === 'echelle' && q.scale) answers[q.id] = q.scale.min + (i % (q.scale.max - q.scale.min + 1));
  }
  return answers;
}

/** The store's schema through the store itself, then the rows in one transaction (minutes otherwise). */
async function fill(dataDir: string): Promise<void> {
  await (await openStore({ dataDir })).close();
  const db = openSqliteDatabase(dataDir);
  const insert = db.prepare(`INSERT INTO contributions
    (id, consultation, entry, answers, pseudonym, profile, created_at, updated_at, status,
     moderation_reason, moderator, moderated_at, erased_at, receipt_hash, idempotency_key)
    VALUES (@id, @consultation, @entry, @answers, @pseudonym, @profile, @createdAt, @createdAt, @status,
     @reason, @moderator, @moderatedAt, @erasedAt, @receipt, @key)`);
  const start = Date.parse('2026-01-05T08:00:00.000Z');
  const communes = content.site.communes;
  const entries = consultation!.entries;
  db.transaction(() => {
    for (let i = 0; i < COUNT; i++) {
      const createdAt = new Date(start + i * 7_000).toISOString();
      // Two thirds pending, then approved, rejected, and a few withdrawn (erased, not exported).
      const status = i % 50 === 49 ? 'withdrawn' : i % 6 === 5 ? 'rejected' : i % 6 === 4 ? 'approved' : 'pending';
      const moderated = status === 'approved' || status === 'rejected';
      const erased = status === 'withdrawn';
      insert.run({
        id: randomBytes(16).toString('base64url').slice(0, 22).replace(/^-/, 'A'),
        consultation: consultation!.slug,
        entry: entries.length > 0 && i % 2 === 0 ? entries[i % entries.length]! : null,
        answers: erased ? null : JSON.stringify(answersFor(i)),
        pseudonym: erased || i % 3 === 0 ? null : `Habitant ${i}`,
        profile: erased ? null : JSON.stringify({ commune: communes[i % communes.length] ?? 'Valmorin', age_bracket: '30-44' }),
        createdAt,
        status,
        reason: status === 'rejected' ? (rules[i % rules.length]?.id ?? 'hors-sujet') : null,
        moderator: moderated ? 'banc' : null,
        moderatedAt: moderated ? createdAt : null,
        erasedAt: erased ? createdAt : null,
        receipt: `recu-${i}`,
        key: `cle-${i}`,
      });
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** What the route did before: every contribution in memory, then one string. */
async function inMemory(store: ContributionStore): Promise<string> {
  const all: Contribution[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.list({ consultation: consultation!.slug, limit: 500, cursor });
    all.push(...page.items.filter((c) => c.status !== 'withdrawn'));
    cursor = page.nextCursor;
  } while (cursor);
  return moderationCsv(consultation!, rules, all, titles);
}

interface Measure {
  seconds: number;
  peakRss: number;
  rssBefore: number;
  peakHeapAbove: number;
  maxDelayMs: number;
  bytes: number;
  sha256: string;
}

/** In the child process: one export, measured. */
async function measure(mode: Mode, dataDir: string): Promise<Measure> {
  const store = await openStore({ dataDir });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const hash = createHash('sha256');
  let bytes = 0;
  delay.enable();
  // The monitor measures between two of its own ticks: give it a first one before the export.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const t0 = performance.now();
  if (mode === 'flux') {
    const plan = await planModerationExport(store, consultation!);
    for await (const chunk of moderationCsvStream(store, consultation!, rules, plan, titles)) {
      hash.update(chunk);
      bytes += chunk.byteLength;
    }
  } else {
    const csv = await inMemory(store);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const body = Buffer.from(csv, 'utf8'); // what the Response does with a string body
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    hash.update(body);
    bytes = body.byteLength;
  }
  const seconds = (performance.now() - t0) / 1000;
  // One more turn of the event loop, so that a delay at the very end is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 10));
  delay.disable();
  clearInterval(sampler);
  await store.close();
  return {
    seconds,
    peakRss: process.resourceUsage().maxRSS * 1024,
    rssBefore: before.rss,
    peakHeapAbove: peakHeap - before.heapUsed,
    maxDelayMs: delay.max / 1e6,
    bytes,
    sha256: hash.digest('hex'),
  };
}

async function main(): Promise<void> {
  const [, , flag, mode, dataDir] = process.argv;
  if (flag === '--mesure') {
    console.log(JSON.stringify(await measure(mode as Mode, dataDir!)));
    return;
  }
  console.log(
    `Registre IA — export CSV de la modération, ${process.version}, ${cpus().length} cœurs (${cpus()[0]?.model ?? 'processeur inconnu'})`,
  );
  if (loadavg()[0]! > cpus().length) console.log(`  ⚠ machine déjà chargée (${fmt(loadavg()[0]!, 1)}) : chiffres à prendre avec prudence`);
  const root = mkdtempSync(path.join(tmpdir(), 'registre-bench-export-'));
  try {
    const t0 = performance.now();
    await fill(root);
    console.log(
      `  ${fmt(COUNT)} contributions à « ${consultation!.slug} » (${consultation!.questions.length} questions, réponses libres de ${fmt(TEXT_CHARS)} caractères), base remplie en ${fmt((performance.now() - t0) / 1000, 1)} s`,
    );
    const results = new Map<Mode, Measure>();
    for (const mode of MODES) {
      const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--mesure', mode, root], {
        encoding: 'utf8',
        maxBuffer: 16 * 2 ** 20,
      });
      if (child.status !== 0) {
        console.log(`  ${MODE_LABELS[mode]} : échec (code ${child.status}, signal ${child.signal ?? 'aucun'})\n${child.stderr}`);
        continue;
      }
      const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measure;
      results.set(mode, result);
      console.log(
        `  ${MODE_LABELS[mode].padEnd(20)} ${fmt(result.seconds, 2)} s, fichier de ${mib(result.bytes)} ; mémoire résidente au plus ${mib(result.peakRss)} (${mib(result.rssBefore)} avant), tas : +${mib(result.peakHeapAbove)} au plus ; boucle d’événements bloquée ${fmt(result.maxDelayMs)} ms au plus`,
      );
    }
    const flux = results.get('flux');
    const memoire = results.get('memoire');
    if (flux && memoire) {
      const same = flux.sha256 === memoire.sha256;
      console.log(`  mêmes octets dans les deux cas : ${same ? 'oui' : 'NON'}`);
      if (!same) process.exitCode = 1;
    } else if (!flux) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
