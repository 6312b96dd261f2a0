/**
 * The authority's answers in bulk: a CSV an officer fills in a spreadsheet (one row per
 * recommendation, plus one row per new milestone), then imports. Every row is checked against the
 * schemas, then the whole content with the new answers against every reference; only then are the
 * opinion files written, all of them or none.
 */
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { z } from 'astro/zod';
import { COLLECTIONS } from '../../schemas/collections.ts';
import {
  answerSchema,
  assessmentSchema,
  milestoneSchema,
  ANSWER_STATUSES,
  VERDICTS,
  type AnswerData,
  type AssessmentData,
} from '../../schemas/opinions.ts';
import { loadContent, type Content } from '../content/load.ts';
import { ContentError } from '../content/problems.ts';
import { formatNumericDate } from '../format.ts';
import { parseCsv, quoteCell, spreadsheetSafe } from '../open-data/csv.ts';
import { BOM, SPREADSHEET_SEPARATOR } from '../open-data/spreadsheet.ts';

/**
 * The template's columns, in order; the first four say which recommendation a row concerns. The
 * council's assessment and the milestones come last, so that older files keep their columns' places.
 */
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
  verdict: 'Appréciation du conseil',
  grade: 'Note du conseil sur 10',
  comment: 'Commentaire du conseil',
  assessmentDate: 'Date de l’appréciation',
  session: 'Séance de l’appréciation',
  milestoneDate: 'Étape : date',
  milestoneTitle: 'Étape : ce qui a été fait',
  evidenceKind: 'Étape : type de preuve',
  evidence: 'Étape : preuve',
} as const;
type AnswerColumn = keyof typeof ANSWER_COLUMNS;
const COLUMN_KEYS = Object.keys(ANSWER_COLUMNS) as AnswerColumn[];
const ANSWER_KEYS = ['status', 'reasons', 'date', 'decision', 'deliberation', 'responsible', 'due', 'completed'] as const;
const ASSESSMENT_KEYS = ['verdict', 'grade', 'comment', 'assessmentDate', 'session'] as const;
const MILESTONE_KEYS = ['milestoneDate', 'milestoneTitle', 'evidenceKind', 'evidence'] as const;
/** Where each field of an answer, an assessment or a milestone is read from. */
const ASSESSMENT_FIELDS: Record<string, AnswerColumn> = {
  verdict: 'verdict',
  grade: 'grade',
  comment: 'comment',
  date: 'assessmentDate',
  session: 'session',
};
const MILESTONE_FIELDS: Record<string, AnswerColumn> = { date: 'milestoneDate', title: 'milestoneTitle' };

/** The kinds of evidence a milestone row may give, as an officer writes them, and the field each fills. */
export const EVIDENCE_KINDS = {
  décision: 'decision',
  délibération: 'deliberation',
  'fiche du registre': 'entry',
  'version de la charte': 'charter',
  consultation: 'consultation',
  'adresse web': 'link',
} as const;
type EvidenceField = (typeof EVIDENCE_KINDS)[keyof typeof EVIDENCE_KINDS];
const EVIDENCE_FIELDS = new Set<string>(Object.values(EVIDENCE_KINDS));

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

/**
 * The template pre-filled with every recommendation, its current answer and the council's
 * assessment, for a French spreadsheet. Milestones already published are not repeated: a row
 * added per new milestone is enough, and a row that repeats one (same date, same title) changes nothing.
 */
export function answersTemplate(content: Pick<Content, 'opinions'>): string {
  const line = (cells: string[]) => cells.map((c) => quoteCell(spreadsheetSafe(c), SPREADSHEET_SEPARATOR)).join(SPREADSHEET_SEPARATOR);
  const rows = content.opinions.flatMap((opinion) =>
    [...opinion.recommendations]
      .sort((a, b) => a.number - b.number)
      .map((r) => {
        const a = r.answer;
        const v = r.assessment;
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
          verdict: v ? VERDICTS[v.verdict] : '',
          grade: v?.grade === undefined ? '' : String(v.grade),
          comment: v?.comment ?? '',
          assessmentDate: day(v?.date),
          session: v?.session ?? '',
          milestoneDate: '',
          milestoneTitle: '',
          evidenceKind: '',
          evidence: '',
        };
        return line(COLUMN_KEYS.map((k) => cells[k]));
      }),
  );
  return `${BOM}${[line(Object.values(ANSWER_COLUMNS)), ...rows].join('\r\n')}\r\n`;
}

/** A choice as an officer may type it: its label (« Retenue en partie »), any case, or its code. */
function choiceOf(cell: string, labels: Readonly<Record<string, string>>): string {
  const simple = (value: string) => value.trim().toLocaleLowerCase('fr').replace(/’/g, "'");
  const found = Object.entries(labels).find(([code, label]) => code === simple(cell) || simple(label) === simple(cell));
  return found ? found[0] : cell.trim();
}

/** A date as a French spreadsheet writes it back (30/06/2026), or ISO (2026-06-30). */
function dateOf(cell: string): string {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell.trim());
  return french ? `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}` : cell.trim();
}

type Milestone = AnswerData['milestones'][number];

/** What the file says of one recommendation, and the rows that said it. */
interface PlannedRecommendation {
  opinion: string;
  index: number;
  /** The recommendation's own row, if it has one. */
  line?: number;
  answer?: Omit<AnswerData, 'milestones'>;
  assessment?: AssessmentData;
  milestones: { line: number; milestone: Milestone }[];
}

export type ImportPlan =
  | { ok: true; files: Map<string, string>; answered: number; milestones: number; assessed: number }
  | { ok: false; problems: ImportProblem[] };

/** The schema's issues as problems of one row, each in the column its field is read from. */
function rowProblems(
  line: number,
  issues: readonly z.core.$ZodIssue[],
  raw: Record<string, unknown>,
  columnOf: (field: string) => AnswerColumn | undefined,
  cell: (key: AnswerColumn) => string,
): ImportProblem[] {
  return issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const key = columnOf(field);
    const missing = issue.code === 'invalid_type' && raw[field] === undefined;
    const message = missing
      ? 'valeur obligatoire manquante'
      : key === 'status'
        ? `« ${cell('status')} » n’est pas une réponse possible (${Object.values(ANSWER_STATUSES).join(', ')})`
        : key === 'verdict'
          ? `« ${cell('verdict')} » n’est pas une appréciation possible (${Object.values(VERDICTS).join(', ')})`
          : issue.message;
    return { line, column: key ? ANSWER_COLUMNS[key] : issue.path.join('.'), message };
  });
}

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
  const planned = new Map<string, PlannedRecommendation>();
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
    const plan = planned.get(key) ?? { opinion: opinion.id, index, milestones: [] };
    planned.set(key, plan);
    const filled = (keys: readonly AnswerColumn[]) => keys.some((k) => cell(k) !== '');
    const milestoneOnly = filled(MILESTONE_KEYS) && !filled(ANSWER_KEYS) && !filled(ASSESSMENT_KEYS);
    if (!milestoneOnly) {
      if (plan.line !== undefined) {
        problems.push({
          line,
          column: ANSWER_COLUMNS.recommendation,
          message: `cette recommandation a déjà une ligne (ligne ${plan.line}) ; une ligne de plus ne peut porter qu’une étape`,
        });
        return;
      }
      plan.line = line;
    }

    // A row left without a status answers nothing yet: the recommendation keeps its answer.
    if (cell('status')) {
      const raw: Record<string, unknown> = {};
      for (const k of ANSWER_KEYS) {
        const value = cell(k);
        if (value)
          raw[k] = k === 'status' ? choiceOf(value, ANSWER_STATUSES) : ['date', 'due', 'completed'].includes(k) ? dateOf(value) : value;
      }
      const parsed = answerSchema.safeParse(raw);
      if (parsed.success) plan.answer = parsed.data;
      else problems.push(...rowProblems(line, parsed.error.issues, raw, (f) => ANSWER_KEYS.find((k) => k === f), cell));
    }

    // The assessment is replaced as a whole when any of its cells is filled, kept otherwise.
    if (filled(ASSESSMENT_KEYS)) {
      const raw: Record<string, unknown> = {};
      if (cell('verdict')) raw.verdict = choiceOf(cell('verdict'), VERDICTS);
      if (cell('grade')) raw.grade = /^\d+$/.test(cell('grade')) ? Number(cell('grade')) : cell('grade');
      if (cell('comment')) raw.comment = cell('comment');
      if (cell('assessmentDate')) raw.date = dateOf(cell('assessmentDate'));
      if (cell('session')) raw.session = cell('session');
      const parsed = assessmentSchema.safeParse(raw);
      if (parsed.success) plan.assessment = parsed.data;
      else
        problems.push(
          ...rowProblems(line, parsed.error.issues, raw, (f) => ASSESSMENT_FIELDS[f], cell).map((p) =>
            p.column === ANSWER_COLUMNS.grade && typeof raw.grade === 'string' ? { ...p, message: 'note entière de 0 à 10 attendue' } : p,
          ),
        );
    }

    if (filled(MILESTONE_KEYS)) {
      const found = milestoneOf(line, cell);
      if ('problems' in found) problems.push(...found.problems);
      else plan.milestones.push({ line, milestone: found.milestone });
    }
  });
  if (problems.length) return { ok: false, problems };

  // Each recommendation's answer with its milestones, checked together (no milestone before the answer).
  const changed = [...planned.values()].filter((p) => p.answer || p.assessment || p.milestones.length);
  const results = new Map<PlannedRecommendation, { answer?: AnswerData; added: number }>();
  for (const plan of changed) {
    const current = opinions.get(plan.opinion)!.recommendations[plan.index]!;
    const base = plan.answer ?? current.answer;
    const existing = (current.answer?.milestones ?? []).map((milestone) => ({ line: plan.line ?? 0, milestone }));
    const added = plan.milestones.filter(
      (m) => !existing.some((e) => e.milestone.date === m.milestone.date && e.milestone.title === m.milestone.title),
    );
    if (!base) {
      for (const m of plan.milestones)
        problems.push({
          line: m.line,
          column: ANSWER_COLUMNS.status,
          message: 'une étape suit une réponse : cette recommandation n’en a pas encore, remplissez sa réponse',
        });
      results.set(plan, { added: 0 });
      continue;
    }
    const ordered = [...existing, ...added].sort((a, b) => a.milestone.date.localeCompare(b.milestone.date));
    const parsed = answerSchema.safeParse({ ...base, milestones: ordered.map((m) => m.milestone) });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const at = issue.path[0] === 'milestones' ? ordered[Number(issue.path[1])] : undefined;
        problems.push(
          at
            ? { line: at.line, column: ANSWER_COLUMNS[MILESTONE_FIELDS[String(issue.path[2])] ?? 'milestoneDate'], message: issue.message }
            : {
                line: plan.line ?? 0,
                column: ANSWER_COLUMNS[ANSWER_KEYS.find((k) => k === issue.path[0]) ?? 'status'],
                message: issue.message,
              },
        );
      }
      continue;
    }
    results.set(plan, { answer: parsed.data, added: added.length });
    // The lines of the milestones as they will be numbered in the file, to point references back at them.
    plan.milestones = ordered;
  }
  if (problems.length) return { ok: false, problems };

  // The new opinion files, then the whole content checked with them (references, dates, councils).
  const files = new Map<string, string>();
  const folder = path.join(contentRoot, COLLECTIONS.opinions.folder);
  for (const [id, plans] of Map.groupBy(changed, (p) => p.opinion)) {
    const { id: _id, ...data } = structuredClone(opinions.get(id)!);
    for (const p of plans) {
      const recommendation = data.recommendations[p.index]!;
      const answer = results.get(p)?.answer;
      if (answer) recommendation.answer = answer;
      if (p.assessment) recommendation.assessment = p.assessment;
    }
    files.set(
      path.join(folder, `${id}.yaml`),
      yaml.dump(JSON.parse(JSON.stringify(data)), { schema: yaml.CORE_SCHEMA, lineWidth: 100, noRefs: true }),
    );
  }
  const problemsWith = checkWith(contentRoot, files);
  if (problemsWith.length) {
    // Each problem of an opinion file points to a recommendation: back to the row that wrote it.
    return {
      ok: false,
      problems: problemsWith.map((p) => {
        const match = /recommendations\.(\d+)\.?(answer\.milestones\.(\d+)\.?|answer\.?|assessment\.?)?(\w*)/.exec(p.field);
        const plan = match && changed.find((r) => p.file.endsWith(`${r.opinion}.yaml`) && r.index === Number(match[1]));
        if (!match || !plan) return { line: 0, message: `${p.file}, champ « ${p.field} » : ${p.message}` };
        const [, , part = '', milestone, field = ''] = match;
        if (milestone !== undefined) {
          const at = plan.milestones[Number(milestone)];
          const column = EVIDENCE_FIELDS.has(field) ? 'evidence' : (MILESTONE_FIELDS[field] ?? 'milestoneDate');
          return { line: at?.line ?? plan.line ?? 0, column: ANSWER_COLUMNS[column], message: p.message };
        }
        const key = part.startsWith('assessment') ? ASSESSMENT_FIELDS[field] : ANSWER_KEYS.find((k) => k === field);
        return { line: plan.line ?? 0, column: key ? ANSWER_COLUMNS[key] : field || undefined, message: p.message };
      }),
    };
  }
  const count = (predicate: (p: PlannedRecommendation) => boolean) => changed.filter(predicate).length;
  return {
    ok: true,
    files,
    answered: count((p) => p.answer !== undefined),
    milestones: [...results.values()].reduce((n, r) => n + r.added, 0),
    assessed: count((p) => p.assessment !== undefined),
  };
}

/** A milestone row: its date, what was done and one piece of evidence of the kind it names. */
function milestoneOf(line: number, cell: (key: AnswerColumn) => string): { milestone: Milestone } | { problems: ImportProblem[] } {
  const raw: Record<string, unknown> = {};
  if (cell('milestoneDate')) raw.date = dateOf(cell('milestoneDate'));
  if (cell('milestoneTitle')) raw.title = cell('milestoneTitle');
  const kind = cell('evidenceKind').toLocaleLowerCase('fr');
  const field: EvidenceField | undefined = EVIDENCE_KINDS[kind as keyof typeof EVIDENCE_KINDS];
  if (cell('evidence') && !field)
    return {
      problems: [
        {
          line,
          column: ANSWER_COLUMNS.evidenceKind,
          message: `${kind ? `« ${cell('evidenceKind')} » n’est pas un type de preuve` : 'type de preuve manquant'} (types : ${Object.keys(EVIDENCE_KINDS).join(', ')})`,
        },
      ],
    };
  if (field && cell('evidence')) raw[field] = cell('evidence');
  const parsed = milestoneSchema.safeParse(raw);
  if (parsed.success) return { milestone: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const missing = issue.code === 'invalid_type' && raw[name] === undefined;
      const column = MILESTONE_FIELDS[name] ?? 'evidence';
      return {
        line,
        column: ANSWER_COLUMNS[column],
        message: missing && column !== 'evidence' ? 'valeur obligatoire manquante' : issue.message,
      };
    }),
  };
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
