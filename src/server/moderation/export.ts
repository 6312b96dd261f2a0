/**
 * The CSV export of a consultation for its moderators: every contribution but those withdrawn by
 * their authors, with its status, rejection reason, dates, profile and answers, one column per
 * question (by its label). Never the receipt hash nor the idempotency key; nor the moderator's
 * login, which the audit log keeps for whoever needs it.
 */
import type { Consultation } from '../../lib/content/load.ts';
import { formatSortableDateTime } from '../../lib/format.ts';
import { quote } from '../../lib/open-data/csv.ts';
import type { Contribution, ContributionStore } from '../store/types.ts';
import { answerText } from '../../lib/consultations/present.ts';
import { answerRows, PROFILE_LABELS, profileRows, ruleLabel, STATUS_LABELS, type Rule } from './present.ts';

/**
 * A spreadsheet reads a cell starting with = + - or @ (or a tab or carriage return before one)
 * as a formula: a contributor could write `=HYPERLINK("http://…")` or worse, and the moderator
 * opening the export would run it. Such cells get a leading apostrophe, which spreadsheets show
 * as text and hide; the content is otherwise unchanged.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** 2026-11-23T10:02:00.000Z → « 2026-11-23 11:02 »; an empty cell for no date. */
export function exportDate(iso: string | null): string {
  return iso ? formatSortableDateTime(iso) : '';
}

/** A note stays a number in a spreadsheet, to be averaged; the rest reads as on screen. */
const cellText: Parameters<typeof answerRows>[2] = (question, value) =>
  question.kind === 'echelle' && typeof value === 'number' ? String(value) : answerText(question, value, 'moderation');

export function moderationCsv(
  consultation: Consultation,
  rules: readonly Rule[],
  contributions: readonly Contribution[],
  entryTitles: ReadonlyMap<string, string> = new Map(),
): string {
  // Answers to questions since removed from the content get columns of their own, after the others.
  const answerColumns = new Map(consultation.questions.map((q) => [q.id, q.label]));
  const rows = contributions.map((c) => {
    const answers = new Map(answerRows(consultation, c.answers, cellText).map((row) => [row.id, row]));
    for (const row of answers.values()) if (!answerColumns.has(row.id)) answerColumns.set(row.id, row.label);
    const profile = new Map(profileRows(c.profile).map((row) => [row.id, row.text]));
    const erased = c.erasedAt !== null;
    return {
      fixed: [
        c.id,
        erased ? `${STATUS_LABELS[c.status]} (contenu effacé)` : STATUS_LABELS[c.status],
        ruleLabel(rules, c.moderationReason),
        exportDate(c.createdAt),
        exportDate(c.moderatedAt),
        c.entry ? (entryTitles.get(c.entry) ?? c.entry) : '',
        c.pseudonym ?? '',
        profile.get('commune') ?? '',
        profile.get('age_bracket') ?? '',
      ],
      answers,
    };
  });
  const header = [
    'Identifiant',
    'Statut',
    'Motif du refus',
    'Reçue le (heure de Paris)',
    'Modérée le (heure de Paris)',
    'Usage concerné',
    'Pseudonyme',
    PROFILE_LABELS.commune,
    PROFILE_LABELS.age_bracket,
    ...answerColumns.values(),
  ];
  const line = (cells: readonly string[]) => cells.map((cell) => quote(spreadsheetSafe(cell))).join(',');
  const lines = [
    line(header),
    ...rows.map((row) => line([...row.fixed, ...[...answerColumns.keys()].map((id) => row.answers.get(id)?.text ?? '')])),
  ];
  // The byte order mark makes spreadsheets read the file as UTF-8 (accents intact).
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Every contribution of a consultation to export, oldest first, read page by page. */
export async function contributionsToExport(store: ContributionStore, consultation: string): Promise<Contribution[]> {
  const all: Contribution[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.list({ consultation, limit: 500, cursor });
    all.push(...page.items.filter((c) => c.status !== 'withdrawn'));
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
