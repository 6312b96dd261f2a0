/**
 * At closing, the record of a consultation moves from the database into content/, so that it
 * lives in git and in the static site for good: the figures, the profile of the published
 * contributions in aggregate, and those contributions anonymised (no id, no pseudonym, no
 * profile of their own, the day of sending instead of the time). The same store always gives
 * the same bytes, so re-running the command is harmless and its diff in git is meaningful.
 * Once the archive is complete (nothing left to moderate), the pseudonyms and profiles of the
 * published contributions are erased from the database: the archive is their record from then on.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { consultationStatus } from '../../lib/consultations/calendar.ts';
import { AGE_BRACKETS } from '../../schemas/contributions.ts';
import { frenchToday } from '../../lib/format.ts';
import { loadContent, type Consultation, type Content } from '../../lib/content/load.ts';
import { CONTENT_PATHS } from '../../schemas/collections.ts';
import { problemsFromZod, type Problem } from '../../lib/content/problems.ts';
import { checkArchive } from '../../lib/content/references.ts';
import { formatDate } from '../../lib/format.ts';
import { contributionsArchiveSchema, type ContributionsArchiveData } from '../../schemas/archives.ts';
import type { ConsultationCounts, ContributionStore, JsonObject, PublishedContribution } from '../store/types.ts';

/**
 * A commune or an age bracket named in the archive gathers at least this many published
 * contributions; smaller groups are counted together. With 1 or 2, a reader who knows the one
 * person from a small commune who took part could look for their words among a dozen texts;
 * 5 is the smallest count usually published by public statistics for small groups.
 */
const PROFILE_THRESHOLD = 5;

/** Written in the audit log when the archive is written. */
const ARCHIVE_ACTOR = 'commande archive';
const ARCHIVE_ACTION = 'consultation.archive';
/** Written once the pseudonyms and profiles of the published contributions have been erased. */
const ANONYMISE_ACTION = 'consultation.anonymise';

const collator = new Intl.Collator('fr', { numeric: true });

type ProfileKey = 'commune' | 'age_bracket';

/** Counts of one profile question: values at or above the threshold by name, in `order`, the others grouped. */
function aggregate(values: (string | undefined)[], order: readonly string[], threshold: number) {
  const tally = new Map<string, number>();
  let notGiven = 0;
  for (const value of values) {
    if (value === undefined) notGiven++;
    else tally.set(value, (tally.get(value) ?? 0) + 1);
  }
  const rank = (value: string) => (order.includes(value) ? order.indexOf(value) : order.length);
  const named = [...tally].filter(([value, n]) => n >= threshold && order.includes(value));
  named.sort(([a], [b]) => rank(a) - rank(b) || collator.compare(a, b));
  const shown = named.reduce((sum, [, n]) => sum + n, 0);
  return { counts: Object.fromEntries(named), grouped: values.length - notGiven - shown, not_given: notGiven };
}

function profileValue(profile: JsonObject | null, key: ProfileKey): string | undefined {
  const value = profile?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Answers in the order of the questions, unanswered ones left out. An answer to a question the
 * consultation no longer has is kept, last, so that the check refuses it instead of losing it.
 */
function orderedAnswers(answers: JsonObject, questionIds: string[]): JsonObject {
  const rank = (id: string) => (questionIds.includes(id) ? questionIds.indexOf(id) : questionIds.length);
  const ids = Object.keys(answers).filter((id) => answers[id] != null);
  return Object.fromEntries(ids.sort((a, b) => rank(a) - rank(b) || collator.compare(a, b)).map((id) => [id, answers[id]!]));
}

export interface ArchiveSource {
  consultation: Consultation;
  /** The territory's communes, in the order of site.yaml. */
  communes: readonly string[];
  counts: ConsultationCounts;
  /** Oldest first, as `exportApproved` returns them. */
  approved: PublishedContribution[];
  /** The archive date, YYYY-MM-DD. */
  archived: string;
  /**
   * Once the profiles are erased from the store, the aggregates of the previous archive (still
   * true while no published contribution was withdrawn since), or null when they can no longer
   * be computed.
   */
  keptProfiles?: ContributionsArchiveData['profiles'] | null;
}

/** The archive's data, keys in a fixed order. Not validated yet: see `archiveFile`. */
function buildArchive(source: ArchiveSource): unknown {
  const { consultation, counts, approved } = source;
  const { byStatus } = counts;
  const questionIds = consultation.questions.map((q) => q.id);
  const asked = (['commune', 'age_bracket'] as const).filter((key) => consultation.profile[key]);
  const order: Record<ProfileKey, readonly string[]> = { commune: source.communes, age_bracket: Object.keys(AGE_BRACKETS) };
  const computed = asked.length
    ? {
        threshold: PROFILE_THRESHOLD,
        ...Object.fromEntries(
          asked.map((key) => [
            key,
            aggregate(
              approved.map((c) => profileValue(c.profile, key)),
              order[key],
              PROFILE_THRESHOLD,
            ),
          ]),
        ),
      }
    : undefined;
  const profiles = source.keptProfiles === undefined ? computed : (source.keptProfiles ?? undefined);
  return {
    archived: source.archived,
    figures: {
      received: byStatus.pending + byStatus.approved + byStatus.rejected + byStatus.withdrawn,
      approved: byStatus.approved,
      rejected: byStatus.rejected,
      rejected_by_reason: Object.fromEntries(Object.entries(counts.rejectedByReason).sort(([a], [b]) => collator.compare(a, b))),
      withdrawn: byStatus.withdrawn,
      pending: byStatus.pending,
    },
    ...(profiles && { profiles }),
    contributions: approved.map((c) => ({
      // The French calendar day: the time of sending could single a contributor out.
      date: frenchToday(new Date(c.createdAt)),
      ...(c.entry && { entry: c.entry }),
      answers: orderedAnswers(c.answers, questionIds),
    })),
  };
}

/** The YAML text of an archive: folded at 100 columns, never anchors, a header saying where it comes from. */
export function archiveYaml(slug: string, data: ContributionsArchiveData): string {
  const header = [
    `# Archive de la consultation « ${slug} » : chiffres et contributions publiées, anonymisées.`,
    `# Écrite par « npm run consultation -- archive ${slug} » : ne pas modifier à la main.`,
  ].join('\n');
  return `${header}\n${yaml.dump(data, { schema: yaml.CORE_SCHEMA, lineWidth: 100, noRefs: true })}`;
}

export function archivePath(contentRoot: string, slug: string): string {
  return path.join(contentRoot, CONTENT_PATHS.archives, `${slug}.yaml`);
}

export type ArchiveResult =
  | {
      ok: true;
      file: string;
      data: ContributionsArchiveData;
      written: boolean;
      /** Published contributions whose pseudonym and profile were erased from the store by this run. */
      anonymised: number;
      /** The profile aggregates were dropped: erased from the store, and no longer true since a withdrawal. */
      profilesDropped: boolean;
    }
  | { ok: false; message: string; problems?: Problem[] };

type Rendered = { ok: true; data: ContributionsArchiveData; text: string } | { ok: false; message: string; problems: Problem[] };

/** Validates the archive as the build would (schema, then references), and renders it. */
function render(source: ArchiveSource, content: Content, file: string): Rendered {
  const { slug } = source.consultation;
  const raw = buildArchive(source);
  const parsed = contributionsArchiveSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      message: 'Les contributions enregistrées ne forment pas une archive valide :',
      problems: problemsFromZod(file, contributionsArchiveSchema, raw, parsed.error),
    };
  }
  const reasons = new Set(content.moderation.rules.map((r) => r.id));
  const problems = checkArchive({ id: slug, file, data: parsed.data }, source.consultation, reasons);
  if (problems.length) return { ok: false, message: 'Les contributions enregistrées ne correspondent plus à la consultation :', problems };
  return { ok: true, data: parsed.data, text: archiveYaml(slug, parsed.data) };
}

export interface ArchiveOptions {
  /** The content folder (content/). */
  contentRoot: string;
  store: ContributionStore;
  slug: string;
  /** Today in France, YYYY-MM-DD; for tests. */
  today?: string;
  /** Already loaded content, when the caller has it. */
  content?: Content;
}

/**
 * Writes content/contributions/<slug>.yaml from the store, once the consultation is closed. The
 * file is validated as the build would validate it before anything is written. When only the
 * date would change, the file is left as it is: same store, same bytes.
 */
export async function archiveConsultation(options: ArchiveOptions): Promise<ArchiveResult> {
  const { contentRoot, store, slug, today = frenchToday() } = options;
  const content = options.content ?? loadContent(contentRoot);
  const consultation = content.consultations.find((c) => c.slug === slug);
  if (!consultation) {
    const known = content.consultations.map((c) => c.slug).join(', ') || 'aucune';
    return {
      ok: false,
      message: `Aucune consultation « ${slug} » dans ${path.basename(contentRoot)}/${CONTENT_PATHS.consultations}/ (consultations : ${known}).`,
    };
  }
  const status = consultationStatus(consultation, today);
  if (status !== 'closed') {
    const when =
      status === 'upcoming'
        ? `n’a pas encore ouvert (ouverture le ${formatDate(consultation.opens)})`
        : `est encore ouverte (jusqu’au ${formatDate(consultation.closes)} inclus)`;
    return { ok: false, message: `La consultation « ${slug} » ${when} : on ne l’archive qu’une fois close.` };
  }
  const target = archivePath(contentRoot, slug);
  const file = path.join(path.basename(contentRoot), CONTENT_PATHS.archives, `${slug}.yaml`);
  const counts = await store.counts(slug);
  const previous = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  const previousData =
    previous === undefined ? undefined : contributionsArchiveSchema.safeParse(yaml.load(previous, { schema: yaml.CORE_SCHEMA })).data;
  const anonymisedBefore = (await store.listAudit({ target: slug, limit: 1000 })).some((entry) => entry.action === ANONYMISE_ACTION);
  let keptProfiles: ArchiveSource['keptProfiles'];
  if (anonymisedBefore) {
    keptProfiles = previousData && previousData.figures.approved === counts.byStatus.approved ? previousData.profiles : null;
  }
  const source = { consultation, communes: content.site.communes, counts, approved: await store.exportApproved(slug), keptProfiles };
  const profilesDropped = keptProfiles === null && (consultation.profile.commune || consultation.profile.age_bracket);

  const previousDate = previous?.match(/^archived: (\d{4}-\d{2}-\d{2})$/m)?.[1];
  let outcome: { data: ContributionsArchiveData; written: boolean } | undefined;
  if (previousDate && previousDate > consultation.closes) {
    const again = render({ ...source, archived: previousDate }, content, file);
    if (again.ok && again.text === previous) outcome = { data: again.data, written: false };
  }
  if (!outcome) {
    const rendered = render({ ...source, archived: today }, content, file);
    if (!rendered.ok) return rendered;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, rendered.text);
    await store.appendAudit({
      actor: ARCHIVE_ACTOR,
      action: ARCHIVE_ACTION,
      target: slug,
      reason: `${rendered.data.figures.approved} contributions publiées archivées`,
    });
    outcome = { data: rendered.data, written: true };
  }
  // Complete: nothing left to moderate. The archive now keeps the published words, without
  // pseudonym, and the profiles in aggregate; the database need not keep more.
  let anonymised = 0;
  if (outcome.data.figures.pending === 0) {
    anonymised = await store.anonymiseApproved(slug, ARCHIVE_ACTOR);
    if (anonymised > 0 || !anonymisedBefore) {
      await store.appendAudit({
        actor: ARCHIVE_ACTOR,
        action: ANONYMISE_ACTION,
        target: slug,
        reason: `${anonymised} pseudonymes et profils effacés de la base`,
      });
    }
  }
  return { ok: true, file, ...outcome, anonymised, profilesDropped: profilesDropped && outcome.written };
}
