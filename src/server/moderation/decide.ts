/**
 * A moderator's decision sent from a queue: approve, or reject with one of the published rules.
 * The store moves the contribution from pending only and writes the audit line in the same
 * transaction; this module checks what the form says and returns the code of the message the
 * queue shows after the redirection.
 */
import type { ContributionStore } from '../store/types.ts';
import type { ResultCode, Rule } from './present.ts';
import { moderationQueuePath } from '../../lib/urls.ts';

export const DECISION_FIELDS = { id: 'contribution', decision: 'decision', reason: 'motif' } as const;
export const DECISIONS = { approve: 'approuver', reject: 'rejeter' } as const;

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
  if (typeof id !== 'string' || (decision !== DECISIONS.approve && decision !== DECISIONS.reject)) return null;
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

/** Where the browser goes after a decision (POST, then redirect, then GET): the pending queue and its message. */
export function afterDecision(slug: string, outcome: DecisionOutcome): string {
  const query = new URLSearchParams({ resultat: outcome.result });
  if (outcome.reason) query.set('motif', outcome.reason);
  return `${moderationQueuePath(slug)}?${query}`;
}
