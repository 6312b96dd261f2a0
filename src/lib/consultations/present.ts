/**
 * A contribution's answers in words: the question's label, then the text typed, the label of
 * the option chosen, or the note on its scale. Always plain text; the pages escape it.
 */
import type { ConsultationData } from '../../schemas/consultations.ts';
import { AGE_BRACKETS } from './answers.ts';

type Question = ConsultationData['questions'][number];

export interface AnswerLine {
  questionId: string;
  question: string;
  kind: Question['kind'];
  text: string;
}

function answerText(question: Question, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  switch (question.kind) {
    case 'choix':
      return question.options.find((option) => option.value === value)?.label ?? String(value);
    case 'echelle': {
      const scale = question.scale!;
      return `${String(value)} sur ${scale.max} (de ${scale.min} « ${scale.min_label} » à ${scale.max} « ${scale.max_label} »)`;
    }
    default:
      return String(value);
  }
}

/** The answers given, in the order of the questions; unanswered questions are left out. */
export function answerLines(consultation: Pick<ConsultationData, 'questions'>, answers: Record<string, unknown> | null): AnswerLine[] {
  if (!answers) return [];
  return consultation.questions.flatMap((question) => {
    const text = answerText(question, answers[question.id]);
    return text === undefined ? [] : [{ questionId: question.id, question: question.label, kind: question.kind, text }];
  });
}

/** The optional profile in words, e.g. « Valmorin, 30 à 44 ans ». */
export function profileText(profile: Record<string, unknown> | null): string | undefined {
  if (!profile) return undefined;
  const parts = [
    typeof profile.commune === 'string' ? profile.commune : undefined,
    typeof profile.age_bracket === 'string' ? (AGE_BRACKETS as Record<string, string>)[profile.age_bracket] : undefined,
  ].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(', ') : undefined;
}

/** A contribution's status, as told to its author. */
export const CONTRIBUTION_STATUS_LABELS = {
  pending: 'en attente de modération',
  approved: 'publiée',
  rejected: 'non publiée',
  withdrawn: 'retirée par son auteur',
} as const;
