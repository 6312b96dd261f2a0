/**
 * The authority's answers in bulk: a CSV an officer fills in a spreadsheet (one row per
 * recommendation), then imports. Every row is checked against the answer's schema, then the whole
 * content with the new answers against every reference; only then are the opinion files written,
 * all of them or none. Milestones and the council's assessments are kept as they are.
 */
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { COLLECTIONS } from '../../schemas/collections.ts';
import { answerSchema, ANSWER_STATUSES, type AnswerData } from '../../schemas/opinions.ts';
import { loadContent, type Content } from '../content/load.ts';
import { ContentError } from '../content/problems.ts';
import { formatNumericDate } from '../format.ts';
import { parseCsv, quoteCell, spreadsheetSafe } from '../open-data/csv.ts';
import { BOM, SPREADSHEET_SEPARATOR } from '../open-data/spreadsheet.ts';

/** The template's columns, in order; the first four say which recommendation a row answers. */
export const ANSWER_COLUMNS = {
  opinion: 'Avis',
  recommendation: 'Recommandation',
  number: 'Numéro (pour mémoire)',
  title: 'Titre (pour mémoire)',
  status: 'Réponse',
  reasons: 'Motifs',
  date: 'Date de la réponse',
  decision: 'Décision',
  deliberation: 'Délibération',
  responsible: 'Service responsable',
  due: 'Échéance',
  completed: 'Mise en œuvre achevée le',
} as const;
type AnswerColumn = keyof typeof ANSWER_COLUMNS;
const COLUMN_KEYS = Object.keys(ANSWER_COLUMNS) as AnswerColumn[];
const DATE_COLUMNS: ReadonlySet<AnswerColumn> = new Set(['date', 'due', 'completed']);

export interface ImportProblem {
  /** The row as the spreadsheet numbers it (the header is row 1); 0 for the whole file. */
  line: number;
  column?: string;
  message: string;
}

export function formatImportProblems(file: string, problems: readonly ImportProblem[]): string {
  const lines = problems.map(
    (p) => `  • ${p.line ? `ligne ${p.line}` : 'fichier'}${p.column ? `, colonne « ${p.column} »` : ''} : ${p.message}`,
  );
  return [`${file} : ${problems.length} erreur${problems.length > 1 ? 's' : ''}, rien n’a été écrit.`, ...lines].join('\n');
}

/** The template pre-filled with every recommendation and its current answer, for a French spreadsheet. */
export function answersTemplate(content: Pick<Content, 'opinions'>): string {
  const line = (cells: string[]) => cells.map((c) => quoteCell(spreadsheetSafe(c), SPREADSHEET_SEPARATOR)).join(SPREADSHEET_SEPARATOR);
  const rows = content.opinions.flatMap((opinion) =>
    [...opinion.recommendations]
      .sort((a, b) => a.number - b.number)
      .map((r) => {
        const a = r.answer;
        const day = (value: string | undefined) => (value ? formatNumericDate(value) : '');
        const cells: Record<AnswerColumn, string> = {
          opinion: opinion.id,
          recommendation: r.id,
          number: String(r.number),
          title: r.title,
          status: a ? ANSWER_STATUSES[a.status] : '',
          reasons: a?.reasons ?? '',
          date: day(a?.date),
          decision: a?.decision ?? '',
          deliberation: a?.deliberation ?? '',
          responsible: a?.responsible ?? '',
          due: day(a?.due),
          completed: day(a?.completed),
        };
        return line(COLUMN_KEYS.map((k) => cells[k]));
      }),
  );
  return `${BOM}${[line(Object.values(ANSWER_COLUMNS)), ...rows].join('\r\n')}\r\n`;
}

/** A status as an officer may type it: its label (« Retenue en partie ») or its code. */
function statusOf(cell: string): string {
  const wanted = cell.trim().toLocaleLowerCase('fr').replace(/’/g, "'");
  const found = Object.entries(ANSWER_STATUSES).find(
    ([code, label]) => code === wanted || label.toLocaleLowerCase('fr').replace(/’/g, "'") === wanted,
  );
  return found ? found[0] : cell.trim();
}

/** A date as a French spreadsheet writes it back (30/06/2026), or ISO (2026-06-30). */
function dateOf(cell: string): string {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell.trim());
  return french ? `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}` : cell.trim();
}

interface PlannedAnswer {
  line: number;
  opinion: string;
  index: number;
  answer: AnswerData;
}

export type ImportPlan = { ok: true; files: Map<string, string>; answered: number } | { ok: false; problems: ImportProblem[] };

/** Reads the CSV and checks every row; returns the opinion files to write, or every problem found. */
export function planAnswersImport(contentRoot: string, content: Content, csv: string): ImportPlan {
  const text = csv.startsWith(BOM) ? csv.slice(1) : csv;
  const separator = (text.split(/\r?\n/, 1)[0] ?? '').includes(SPREADSHEET_SEPARATOR) ? SPREADSHEET_SEPARATOR : ',';
  const [header, ...rows] = parseCsv(text.replace(/\r?\n/g, '\r\n'), separator);
  const problems: ImportProblem[] = [];
  const position = new Map<AnswerColumn, number>();
  for (const key of COLUMN_KEYS) {
    const at = header?.findIndex((h) => h.trim() === ANSWER_COLUMNS[key]) ?? -1;
    if (at < 0 && key !== 'number' && key !== 'title')
      problems.push({ line: 1, column: ANSWER_COLUMNS[key], message: 'colonne absente de l’en-tête' });
    position.set(key, at);
  }
  if (problems.length) return { ok: false, problems };

  const opinions = new Map(content.opinions.map((o) => [o.id, o]));
  const planned: PlannedAnswer[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const line = i + 2;
    const cell = (key: AnswerColumn) => (position.get(key)! >= 0 ? (row[position.get(key)!] ?? '').trim() : '');
    if (row.every((c) => c.trim() === '')) return;
    const opinion = opinions.get(cell('opinion'));
    if (!opinion) {
      problems.push({
        line,
        column: ANSWER_COLUMNS.opinion,
        message: `l’avis « ${cell('opinion')} » n’existe pas (avis : ${[...opinions.keys()].join(', ') || 'aucun'})`,
      });
      return;
    }
    const index = opinion.recommendations.findIndex((r) => r.id === cell('recommendation'));
    if (index < 0) {
      problems.push({
        line,
        column: ANSWER_COLUMNS.recommendation,
        message: `l’avis « ${opinion.id} » n’a pas de recommandation « ${cell('recommendation')} » (recommandations : ${opinion.recommendations.map((r) => r.id).join(', ')})`,
      });
      return;
    }
    const key = `${opinion.id}/${cell('recommendation')}`;
    if (seen.has(key)) {
      problems.push({
        line,
        column: ANSWER_COLUMNS.recommendation,
        message: `cette recommandation a déjà une ligne (ligne ${seen.get(key)})`,
      });
      return;
    }
    seen.set(key, line);
    // A row left without a status answers nothing yet: the recommendation keeps what it has.
    if (!cell('status')) return;
    const raw: Record<string, unknown> = { milestones: opinion.recommendations[index]!.answer?.milestones ?? [] };
    for (const k of ['status', 'reasons', 'date', 'decision', 'deliberation', 'responsible', 'due', 'completed'] as const) {
      const value = cell(k);
      if (value) raw[k] = k === 'status' ? statusOf(value) : DATE_COLUMNS.has(k) ? dateOf(value) : value;
    }
    const parsed = answerSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = ANSWER_COLUMNS[issue.path[0] as AnswerColumn] as string | undefined;
        const missing = issue.code === 'invalid_type' && raw[issue.path[0] as string] === undefined;
        const message =
          issue.path[0] === 'status' && !missing
            ? `« ${cell('status')} » n’est pas une réponse possible (${Object.values(ANSWER_STATUSES).join(', ')})`
            : missing
              ? 'valeur obligatoire manquante'
              : issue.message;
        problems.push({ line, column: column ?? String(issue.path.join('.')), message });
      }
      return;
    }
    planned.push({ line, opinion: opinion.id, index, answer: parsed.data });
  });
  if (problems.length) return { ok: false, problems };

  // The new opinion files, then the whole content checked with them (references, dates, councils).
  const files = new Map<string, string>();
  const folder = path.join(contentRoot, COLLECTIONS.opinions.folder);
  for (const [id, answers] of Map.groupBy(planned, (p) => p.opinion)) {
    const { id: _id, ...data } = structuredClone(opinions.get(id)!);
    for (const p of answers) data.recommendations[p.index]!.answer = p.answer;
    files.set(
      path.join(folder, `${id}.yaml`),
      yaml.dump(JSON.parse(JSON.stringify(data)), { schema: yaml.CORE_SCHEMA, lineWidth: 100, noRefs: true }),
    );
  }
  const problemsWith = checkWith(contentRoot, files);
  if (problemsWith.length) {
    // Each problem of an opinion file points to a recommendation's answer: back to the row that wrote it.
    return {
      ok: false,
      problems: problemsWith.map((p) => {
        const match = /recommendations\.(\d+)\.answer\.?(\w*)/.exec(p.field);
        const row = match && planned.find((r) => p.file.endsWith(`${r.opinion}.yaml`) && r.index === Number(match[1]));
        return row
          ? { line: row.line, column: ANSWER_COLUMNS[match[2] as AnswerColumn] ?? match[2] ?? undefined, message: p.message }
          : { line: 0, message: `${p.file}, champ « ${p.field} » : ${p.message}` };
      }),
    };
  }
  return { ok: true, files, answered: planned.length };
}

/** The content's problems once `files` replace theirs, in a throwaway copy. */
function checkWith(contentRoot: string, files: ReadonlyMap<string, string>): { file: string; field: string; message: string }[] {
  const scratch = mkdtempSync(path.join(tmpdir(), 'registre-suivi-'));
  try {
    const copy = path.join(scratch, 'content');
    cpSync(contentRoot, copy, { recursive: true });
    const publicDir = path.join(path.dirname(contentRoot), 'public');
    if (existsSync(publicDir)) symlinkSync(publicDir, path.join(scratch, 'public'));
    for (const [file, text] of files) writeFileSync(path.join(copy, path.relative(contentRoot, file)), text);
    loadContent(copy);
    return [];
  } catch (error) {
    if (error instanceof ContentError) return error.problems;
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Writes every file of the plan: each first beside its target, then all renamed into place. */
export function writePlannedFiles(files: ReadonlyMap<string, string>): void {
  const staged = [...files].map(([file, text]) => {
    const temporary = `${file}.import-${process.pid}`;
    writeFileSync(temporary, text);
    return [temporary, file] as const;
  });
  for (const [temporary, file] of staged) renameSync(temporary, file);
}
