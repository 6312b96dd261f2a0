/**
 * The CSV export of a consultation for its moderators: every contribution but those withdrawn by
 * their authors, with its status, rejection reason, dates, profile and answers, one column per
 * question (by its label). Never the receipt hash nor the idempotency key; nor the moderator's
 * login, which the audit log keeps for whoever needs it.
 *
 * Semicolons separate the cells and a byte order mark opens the file: a French spreadsheet opens
 * it correctly by double-click (docs/moderation.md).
 *
 * The route streams it (`moderationCsvStream`): tens of thousands of contributions built as one
 * string took over a gigabyte and blocked the server for seconds. The header comes first but
 * depends on the answers to questions removed from the content, so a first pass over the store
 * (`planModerationExport`) only collects their ids; the second writes the rows page by page, as
 * the client reads them, handing the event loop back between pages.
 */
import type { Consultation } from '../../lib/content/load.ts';
import { formatSortableDateTime } from '../../lib/format.ts';
import { csvText, spreadsheetSafe } from '../../lib/open-data/csv.ts';
import type { Contribution, ContributionStore } from '../store/types.ts';
import { answerText } from '../../lib/consultations/present.ts';
import {
  answerRows,
  PROFILE_LABELS,
  profileRows,
  removedQuestionIds,
  removedQuestionLabel,
  ruleLabel,
  STATUS_LABELS,
  type Rule,
} from './present.ts';

/** A contributor could write `=HYPERLINK("http://…")`: see `spreadsheetSafe` (shared with the open data). */
export { spreadsheetSafe };

/** 2026-11-23T10:02:00.000Z → « 2026-11-23 11:02 »; an empty cell for no date. */
export function exportDate(iso: string | null): string {
  return iso ? formatSortableDateTime(iso) : '';
}

/** A note stays a number in a spreadsheet, to be averaged; the rest reads as on screen. */
const cellText: Parameters<typeof answerRows>[2] = (question, value) =>
  question.kind === 'echelle' && typeof value === 'number' ? String(value) : answerText(question, value, 'moderation');

/** The byte order mark makes spreadsheets read the file as UTF-8 (accents intact). */
const BOM = '\uFEFF';

/** Contributions read from the store at a time, and rows written per chunk of the stream. */
export const EXPORT_PAGE_SIZE = 500;

/** Question id → column header: the content's questions, then removed ones in the order met. */
type AnswerColumns = ReadonlyMap<string, string>;

function answerColumns(consultation: Consultation, removedIds: Iterable<string>): AnswerColumns {
  const columns = new Map(consultation.questions.map((q) => [q.id, q.label]));
  for (const id of removedIds) if (!columns.has(id)) columns.set(id, removedQuestionLabel(id));
  return columns;
}

function headerCells(columns: AnswerColumns): string[] {
  return [
    'Identifiant',
    'Statut',
    'Motif du refus',
    'Reçue le (heure de Paris)',
    'Modérée le (heure de Paris)',
    'Usage concerné',
    'Pseudonyme',
    PROFILE_LABELS.commune,
    PROFILE_LABELS.age_bracket,
    ...columns.values(),
  ];
}

interface RowContext {
  consultation: Consultation;
  rules: readonly Rule[];
  entryTitles: ReadonlyMap<string, string>;
  columns: AnswerColumns;
}

function rowCells(c: Contribution, { consultation, rules, entryTitles, columns }: RowContext): string[] {
  const answers = new Map(answerRows(consultation, c.answers, cellText).map((row) => [row.id, row.text]));
  const profile = new Map(profileRows(c.profile).map((row) => [row.id, row.text]));
  return [
    c.id,
    c.erasedAt !== null ? `${STATUS_LABELS[c.status]} (contenu effacé)` : STATUS_LABELS[c.status],
    ruleLabel(rules, c.moderationReason),
    exportDate(c.createdAt),
    exportDate(c.moderatedAt),
    c.entry ? (entryTitles.get(c.entry) ?? c.entry) : '',
    c.pseudonym ?? '',
    profile.get('commune') ?? '',
    profile.get('age_bracket') ?? '',
    ...[...columns.keys()].map((id) => answers.get(id) ?? ''),
  ];
}

/**
 * The separator: a semicolon, as French spreadsheets expect when a file is opened by double-click
 * (their decimal separator is the comma). The export is only ever read in a spreadsheet.
 */
export const EXPORT_SEPARATOR = ';';

/** CSV records, RFC 4180 but for the separator, each ended by CRLF, formulas neutralised. */
function csvLines(rows: readonly (readonly string[])[]): string {
  return csvText(rows, { separator: EXPORT_SEPARATOR, spreadsheet: true });
}

/** The whole export as one string, for contributions already in memory (a few, in tests). */
export function moderationCsv(
  consultation: Consultation,
  rules: readonly Rule[],
  contributions: readonly Contribution[],
  entryTitles: ReadonlyMap<string, string> = new Map(),
): string {
  const columns = answerColumns(
    consultation,
    contributions.flatMap((c) => removedQuestionIds(consultation, c.answers)),
  );
  const context = { consultation, rules, entryTitles, columns };
  return `${BOM}${csvLines([headerCells(columns), ...contributions.map((c) => rowCells(c, context))])}`;
}

/** Hands the event loop back (other requests, timers) between two pages read from the store. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The contributions to export, oldest first, one page at a time. */
async function* exportPages(store: ContributionStore, consultation: string): AsyncGenerator<Contribution[]> {
  let cursor: string | null = null;
  do {
    const page = await store.list({ consultation, limit: EXPORT_PAGE_SIZE, cursor });
    yield page.items.filter((c) => c.status !== 'withdrawn');
    cursor = page.nextCursor;
    if (cursor) await yieldToEventLoop();
  } while (cursor);
}

/** Where the store's order (creation time, then id) puts a contribution. */
interface Position {
  createdAt: string;
  id: string;
}

const isAfter = (c: Position, last: Position) => c.createdAt > last.createdAt || (c.createdAt === last.createdAt && c.id > last.id);

export interface ExportPlan {
  columns: AnswerColumns;
  /**
   * The last contribution the first pass read: the rows stop there, so that the header and the
   * rows describe the same contributions (one received in between waits for the next export).
   */
  last: Position | null;
}

/** The first pass: only the ids of answers to removed questions, and where the export ends. */
export async function planModerationExport(store: ContributionStore, consultation: Consultation): Promise<ExportPlan> {
  const removed = new Set<string>();
  let last: Position | null = null;
  for await (const page of exportPages(store, consultation.slug)) {
    for (const c of page) for (const id of removedQuestionIds(consultation, c.answers)) removed.add(id);
    const tail = page.at(-1);
    if (tail) last = { createdAt: tail.createdAt, id: tail.id };
  }
  return { columns: answerColumns(consultation, removed), last };
}

/**
 * The export as a stream of UTF-8 chunks: the header, then one chunk per page of the store, read
 * only when the consumer asks for more. Byte for byte what `moderationCsv` gives for the same
 * contributions.
 */
export function moderationCsvStream(
  store: ContributionStore,
  consultation: Consultation,
  rules: readonly Rule[],
  plan: ExportPlan,
  entryTitles: ReadonlyMap<string, string> = new Map(),
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const context: RowContext = { consultation, rules, entryTitles, columns: plan.columns };
  const { last } = plan;
  let pages: AsyncGenerator<Contribution[]> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${BOM}${csvLines([headerCells(plan.columns)])}`));
      if (!last) controller.close();
    },
    async pull(controller) {
      pages ??= exportPages(store, consultation.slug);
      // A page may hold nothing to write (all withdrawn): read on, or the reader would wait forever.
      for (;;) {
        const next = await pages.next();
        if (next.done) return controller.close();
        const rows = next.value.filter((c) => !isAfter(c, last!));
        const ended = rows.length < next.value.length;
        if (rows.length > 0) controller.enqueue(encoder.encode(csvLines(rows.map((c) => rowCells(c, context)))));
        if (ended) {
          await pages.return(undefined);
          return controller.close();
        }
        if (rows.length > 0) return;
      }
    },
    async cancel() {
      await pages?.return(undefined);
    },
  });
}
