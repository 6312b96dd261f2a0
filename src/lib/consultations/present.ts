/**
 * A contribution's answers in words: the question's label, then the text typed, the label of
 * the option chosen, or the note on its scale. Always plain text; the pages escape it. Shared by
 * the public pages (consultation, receipt, archive) and the moderation screens and export.
 */
import type { ConsultationData } from '../../schemas/consultations.ts';

type Question = ConsultationData['questions'][number];

export interface AnswerLine {
  questionId: string;
  question: string;
  kind: Question['kind'];
  text: string;
}

/**
 * A reader of the public pages did not see the form: a note comes with the meaning of its
 * scale's ends. A moderator knows the form: the note and its maximum are enough.
 */
export type AnswerWording = 'public' | 'moderation';

/** An answer in words; '' when the question was left unanswered. */
export function answerText(question: Question, value: unknown, wording: AnswerWording = 'public'): string {
  if (value === undefined || value === null || value === '') return '';
  if (question.kind === 'choix') return question.options.find((option) => option.value === value)?.label ?? String(value);
  if (question.kind === 'echelle' && question.scale) {
    const { min, max, min_label, max_label } = question.scale;
    return wording === 'public'
      ? `${String(value)}, sur une échelle de ${min} (${min_label}) à ${max} (${max_label})`
      : `${String(value)} sur ${max}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The answers given, in the order of the questions; unanswered questions are left out. */
export function answerLines(consultation: Pick<ConsultationData, 'questions'>, answers: Record<string, unknown> | null): AnswerLine[] {
  if (!answers) return [];
  return consultation.questions.flatMap((question) => {
    const text = answerText(question, answers[question.id]);
    return text ? [{ questionId: question.id, question: question.label, kind: question.kind, text }] : [];
  });
}

/** A contribution's status, as told to its author. */
export const CONTRIBUTION_STATUS_LABELS = {
  pending: 'en attente de modération',
  approved: 'publiée',
  rejected: 'non publiée',
  withdrawn: 'retirée par son auteur',
} as const;
