/**
 * The totals of a consultation's closed questions (a choice, a scale): for each possible answer,
 * how many published contributions gave it and what share of them that is. Counted from the
 * archive's contributions once closed; plain numbers, the pages format them.
 */
import type { ConsultationData } from '../../schemas/consultations.ts';

type Question = ConsultationData['questions'][number];

export interface TotalRow {
  /** The value as stored (an option's value, a note); `null` for « no answer ». */
  value: string | null;
  label: string;
  count: number;
  /** Share of the published contributions, from 0 to 1; 0 when there are none. */
  share: number;
}

export interface QuestionTotals {
  questionId: string;
  question: string;
  kind: 'choix' | 'echelle';
  /** One row per option or note, in the form's order, then « Sans réponse » when some left it blank. */
  rows: TotalRow[];
  /** Published contributions counted (the base of every share). */
  total: number;
}

const NO_ANSWER = 'Sans réponse';

function possibleAnswers(question: Question): { value: string; label: string }[] {
  if (question.kind === 'choix') return question.options.map((option) => ({ value: option.value, label: option.label }));
  const { min, max, min_label, max_label } = question.scale!;
  return Array.from({ length: max - min + 1 }, (_, i) => {
    const note = min + i;
    const label = note === min ? `${note} (${min_label})` : note === max ? `${note} (${max_label})` : String(note);
    return { value: String(note), label };
  });
}

/** Totals of every choice and scale question, in the questions' order; free opinions have none. */
export function answerTotals(
  consultation: Pick<ConsultationData, 'questions'>,
  contributions: readonly { answers: Readonly<Record<string, unknown>> }[],
): QuestionTotals[] {
  const total = contributions.length;
  const share = (count: number) => (total === 0 ? 0 : count / total);
  return consultation.questions.flatMap((question) => {
    if (question.kind !== 'choix' && question.kind !== 'echelle') return [];
    const counts = new Map<string, number>();
    for (const { answers } of contributions) {
      const given = answers[question.id];
      if (given === undefined || given === null || given === '') continue;
      counts.set(String(given), (counts.get(String(given)) ?? 0) + 1);
    }
    const rows: TotalRow[] = possibleAnswers(question).map(({ value, label }) => {
      const count = counts.get(value) ?? 0;
      return { value, label, count, share: share(count) };
    });
    // An answer no longer offered (an option removed since) still counts, under its value.
    for (const [value, count] of counts) {
      if (!rows.some((row) => row.value === value)) rows.push({ value, label: value, count, share: share(count) });
    }
    const unanswered = total - [...counts.values()].reduce((sum, n) => sum + n, 0);
    if (unanswered > 0) rows.push({ value: null, label: NO_ANSWER, count: unanswered, share: share(unanswered) });
    return [{ questionId: question.id, question: question.label, kind: question.kind, rows, total }];
  });
}
