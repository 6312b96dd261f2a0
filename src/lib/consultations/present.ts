/**
 * A contribution's answers in words: the question's label, then the text typed, the label of
 * the option chosen, or the note on its scale. Always plain text; the pages escape it. Shared by
 * the public pages and the moderation screens.
 */
import type { ConsultationData } from '../../schemas/consultations.ts';

type Question = ConsultationData['questions'][number];

export interface AnswerLine {
  questionId: string;
  question: string;
  kind: Question['kind'];
  text: string;
}

/** An answer in words; '' when the question was left unanswered. */
export function answerText(question: Question, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (question.kind === 'choix') return question.options.find((option) => option.value === value)?.label ?? String(value);
  if (question.kind === 'echelle' && question.scale) return `${String(value)} sur ${question.scale.max}`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The answers given, in the order of the questions; unanswered questions are left out. */
export function answerLines(consultation: Pick<ConsultationData, 'questions'>, answers: Record<string, unknown> | null): AnswerLine[] {
  if (!answers) return [];
  return consultation.questions.flatMap((question) => {
    let text = answerText(question, answers[question.id]);
    if (!text) return [];
    // A reader who did not see the form needs the meaning of the scale's ends.
    if (question.kind === 'echelle' && question.scale) {
      text += ` (de ${question.scale.min} « ${question.scale.min_label} » à ${question.scale.max} « ${question.scale.max_label} »)`;
    }
    return [{ questionId: question.id, question: question.label, kind: question.kind, text }];
  });
}

/** A contribution's status, as told to its author. */
export const CONTRIBUTION_STATUS_LABELS = {
  pending: 'en attente de modération',
  approved: 'publiée',
  rejected: 'non publiée',
  withdrawn: 'retirée par son auteur',
} as const;
