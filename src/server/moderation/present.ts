/**
 * How a contribution reads for a moderator, shared by the screens and the CSV export: answers
 * under their question's label, choices by their label, the profile in words. Everything here
 * is plain text; the pages escape it.
 */
import { AGE_BRACKETS } from '../../schemas/contributions.ts';
import { mixedScripts } from '../../schemas/typed-text.ts';
import { answerText } from '../../lib/consultations/present.ts';
import type { Consultation } from '../../lib/content/load.ts';
import type { ModerationRulesData } from '../../schemas/consultations.ts';
import { AUDIT_ACTIONS, CONTRIBUTION_STATUSES, type ContributionStatus, type JsonObject } from '../store/types.ts';
import { ACCOUNT_ACTIONS } from './accounts.ts';
import { STAFF_ACTIONS } from './login.ts';

export type Rule = ModerationRulesData['rules'][number];

export const STATUS_LABELS: Readonly<Record<ContributionStatus, string>> = {
  pending: 'En attente',
  approved: 'Approuvée',
  rejected: 'Rejetée',
  withdrawn: 'Retirée par son auteur',
};

/** The tabs of a queue, by their address (`?statut=`). */
export const QUEUE_TABS = [
  { slug: 'en-attente', status: 'pending', label: 'En attente' },
  { slug: 'approuvees', status: 'approved', label: 'Approuvées' },
  { slug: 'rejetees', status: 'rejected', label: 'Rejetées' },
] as const satisfies readonly { slug: string; status: ContributionStatus; label: string }[];

export type QueueTab = (typeof QUEUE_TABS)[number];

export function queueTab(slug: string | null): QueueTab {
  return QUEUE_TABS.find((tab) => tab.slug === slug) ?? QUEUE_TABS[0];
}

const moderatorText = (question: Consultation['questions'][number], value: unknown) => answerText(question, value, 'moderation');

export interface TextRow {
  /** The question's id, or the profile field's name. */
  id: string;
  label: string;
  text: string;
}

/** The ids of the given answers to questions since removed from the content, in their order. */
export function removedQuestionIds(consultation: Pick<Consultation, 'questions'>, answers: JsonObject | null): string[] {
  if (!answers) return [];
  const known = new Set(consultation.questions.map((q) => q.id));
  return Object.entries(answers)
    .filter(([id, value]) => !known.has(id) && value !== null)
    .map(([id]) => id);
}

export function removedQuestionLabel(id: string): string {
  return `Question « ${id} » (retirée depuis)`;
}

/**
 * The answers in the order of the questions; answers to a question since removed from the
 * content follow, under their id, so that nothing a contributor wrote is hidden.
 */
export function answerRows(
  consultation: Pick<Consultation, 'questions'>,
  answers: JsonObject | null,
  text: typeof moderatorText = moderatorText,
): TextRow[] {
  const given = answers ?? {};
  const rows = consultation.questions.map((q) => ({ id: q.id, label: q.label, text: text(q, given[q.id]) }));
  for (const id of removedQuestionIds(consultation, answers)) {
    const value = given[id];
    rows.push({ id, label: removedQuestionLabel(id), text: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  return rows;
}

/**
 * A warning for the moderator when a word of the text mixes alphabets (a Cyrillic « а » in
 * « Mairie »): the usual way to imitate a name, or to slip a word past a reader or a filter.
 * The text is published as typed if approved; the moderator decides.
 */
export function mixedScriptWarning(text: string | null, what: 'pseudonym' | 'answer'): string | undefined {
  const scripts = text ? mixedScripts(text) : [];
  if (scripts.length === 0) return undefined;
  const list = scripts.join(', ');
  return what === 'pseudonym'
    ? `Attention : ce pseudonyme mélange plusieurs alphabets (${list}), ce qui peut servir à imiter un autre nom.`
    : `Attention : cette réponse mélange plusieurs alphabets dans un même mot (${list}), ce qui peut servir à imiter un nom ou à déguiser un mot.`;
}

export const PROFILE_LABELS = { commune: 'Commune', age_bracket: 'Tranche d’âge' } as const;

export function profileRows(profile: JsonObject | null): TextRow[] {
  const rows: TextRow[] = [];
  const commune = profile?.commune;
  const age = profile?.age_bracket;
  if (typeof commune === 'string') rows.push({ id: 'commune', label: PROFILE_LABELS.commune, text: commune });
  if (typeof age === 'string')
    rows.push({ id: 'age_bracket', label: PROFILE_LABELS.age_bracket, text: AGE_BRACKETS[age as keyof typeof AGE_BRACKETS] ?? age });
  return rows;
}

export function ruleLabel(rules: readonly Rule[], id: string | null): string {
  if (!id) return '';
  return rules.find((rule) => rule.id === id)?.label ?? id;
}

/** The reason column of the audit log in words: a rule's label, the decision taken back, or the text as written. */
export function auditReason(rules: readonly Rule[], action: string, reason: string | null): string {
  if (action === AUDIT_ACTIONS.undo) {
    const status = CONTRIBUTION_STATUSES.find((s) => s === reason);
    return status ? `Annule : ${STATUS_LABELS[status].toLowerCase()}` : (reason ?? '');
  }
  return action.startsWith('contribution.') ? ruleLabel(rules, reason) : (reason ?? '');
}

/** What each action of the audit log means, in French. */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  [AUDIT_ACTIONS.approve]: 'Contribution approuvée',
  [AUDIT_ACTIONS.reject]: 'Contribution rejetée',
  [AUDIT_ACTIONS.withdraw]: 'Contribution retirée par son auteur',
  [AUDIT_ACTIONS.undo]: 'Décision annulée : contribution remise en attente',
  [AUDIT_ACTIONS.purgePending]: 'Contribution en attente supprimée (délai de conservation)',
  [AUDIT_ACTIONS.eraseRejected]: 'Contenu d’une contribution rejetée effacé (délai de conservation)',
  [ACCOUNT_ACTIONS.create]: 'Compte de modérateur créé',
  [ACCOUNT_ACTIONS.disable]: 'Compte de modérateur désactivé',
  [ACCOUNT_ACTIONS.enable]: 'Compte de modérateur réactivé',
  [ACCOUNT_ACTIONS.password]: 'Mot de passe changé',
  [STAFF_ACTIONS.login]: 'Connexion',
  [STAFF_ACTIONS.logout]: 'Déconnexion',
};

/** The messages shown after an action on a queue, by the code carried in the redirection. */
export const RESULT_MESSAGES = {
  approuvee: 'Contribution approuvée : elle sera publiée sur la page de la consultation.',
  rejetee: 'Contribution rejetée.',
  'deja-moderee': 'Cette contribution avait déjà été modérée entre-temps, sans doute par une autre personne : rien n’a été changé.',
  introuvable: 'Contribution introuvable : elle a peut-être été retirée par son auteur.',
  annulee: 'Décision annulée : la contribution est de nouveau en attente, à modérer.',
  effacee: 'Cette décision ne peut plus être annulée : le contenu de la contribution a été effacé (délai de conservation).',
  'motif-manquant': 'Choisissez un motif de refus parmi les règles publiées avant de rejeter une contribution.',
} as const;

export type ResultCode = keyof typeof RESULT_MESSAGES;

export function isSuccess(code: ResultCode): boolean {
  return code === 'approuvee' || code === 'rejetee' || code === 'annulee';
}
