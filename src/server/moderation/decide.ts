/**
 * A moderator's decision sent from a queue: approve, reject with one of the published rules, or
 * take back an approval or a rejection (the contribution is pending again). The store moves the
 * contribution along the allowed transitions only and writes the audit line in the same
 * transaction; this module checks what the form says and returns the code of the message the
 * queue shows after the redirection.
 */
import type { ContributionStore } from '../store/types.ts';
import type { ResultCode, Rule } from './present.ts';
import { moderationQueuePath } from '../../lib/urls.ts';

export const DECISION_FIELDS = { id: 'contribution', decision: 'decision', reason: 'motif', from: 'statut' } as const;
export const DECISIONS = { approve: 'approuver', reject: 'rejeter', undo: 'annuler' } as const;
/** The decision taken back, as the undo form names it: the one the moderator saw on the card. */
export const UNDO_FROM = { approved: 'approuvee', rejected: 'rejetee' } as const;

export interface DecisionInput {
  store: ContributionStore;
  consultation: string;
  rules: readonly Rule[];
  moderator: string;
  form: FormData;
}

export interface DecisionOutcome {
  result: ResultCode;
  /** The rule given when rejecting. */
  reason?: string;
}

export async function decide({ store, consultation, rules, moderator, form }: DecisionInput): Promise<DecisionOutcome | null> {
  const id = form.get(DECISION_FIELDS.id);
  const decision = form.get(DECISION_FIELDS.decision);
  if (typeof id !== 'string') return null;
  if (decision === DECISIONS.undo) return undo(store, consultation, moderator, id, form.get(DECISION_FIELDS.from));
  if (decision !== DECISIONS.approve && decision !== DECISIONS.reject) return null;
  const reason = form.get(DECISION_FIELDS.reason);
  const rule = typeof reason === 'string' ? rules.find((r) => r.id === reason) : undefined;
  if (decision === DECISIONS.reject && !rule) return { result: 'motif-manquant' };
  // An id from another consultation is treated as unknown: a queue only moderates its own.
  const contribution = await store.get(id);
  if (!contribution || contribution.consultation !== consultation) return { result: 'introuvable' };
  const outcome = await store.moderate(
    id,
    decision === DECISIONS.approve ? { decision: 'approve', moderator } : { decision: 'reject', moderator, reasonId: rule!.id },
  );
  if (!outcome.ok) return { result: outcome.error === 'not_found' ? 'introuvable' : 'deja-moderee' };
  return decision === DECISIONS.approve ? { result: 'approuvee' } : { result: 'rejetee', reason: rule!.id };
}

async function undo(
  store: ContributionStore,
  consultation: string,
  moderator: string,
  id: string,
  sentFrom: FormDataEntryValue | null,
): Promise<DecisionOutcome | null> {
  const from = sentFrom === UNDO_FROM.approved ? 'approved' : sentFrom === UNDO_FROM.rejected ? 'rejected' : undefined;
  if (!from) return null;
  const contribution = await store.get(id);
  if (!contribution || contribution.consultation !== consultation) return { result: 'introuvable' };
  const outcome = await store.undoDecision(id, { moderator, from });
  if (outcome.ok) return { result: 'annulee' };
  return { result: outcome.error === 'not_found' ? 'introuvable' : outcome.error === 'erased' ? 'effacee' : 'deja-moderee' };
}

/** Where the browser goes after a decision (POST, then redirect, then GET): the pending queue and its message. */
export function afterDecision(slug: string, outcome: DecisionOutcome): string {
  const query = new URLSearchParams({ resultat: outcome.result });
  if (outcome.reason) query.set('motif', outcome.reason);
  return `${moderationQueuePath(slug)}?${query}`;
}
