/** Helpers shared by both adapters, so that they validate and page exactly alike. */
import { randomBytes } from 'node:crypto';
import type {
  Admission,
  AdmissionResult,
  ContributionStatus,
  ContributionStore,
  JsonObject,
  ModerationDecision,
  UndoDecision,
} from './types.ts';
import { CONTRIBUTION_STATUSES } from './types.ts';

/**
 * 128 random bits, base64url: 22 characters, safe in a URL. Never starting with « - », which a
 * spreadsheet reads as a formula: the CSV export would have to alter the identifier.
 */
export function newId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Text both databases store identically: PostgreSQL refuses NUL characters and would replace
 * lone surrogates, so both are refused here for both adapters.
 */
function storable(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

export function requireText(value: unknown, name: string, max = 500): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !storable(value)) {
    throw new TypeError(`${name} : chaîne non vide d’au plus ${max} caractères (sans NUL) attendue`);
  }
  return value;
}

export function optionalText(value: unknown, name: string, max = 500): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > max || !storable(value)) {
    throw new TypeError(`${name} : chaîne d’au plus ${max} caractères (sans NUL) attendue`);
  }
  return value;
}

export function requireDuration(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} : durée positive en millisecondes attendue`);
  }
  return value;
}

export function requireObject(value: unknown, name: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${name} : objet JSON attendu`);
  }
  return value as JsonObject;
}

export function requireStatus(value: unknown): ContributionStatus {
  if (!CONTRIBUTION_STATUSES.includes(value as ContributionStatus)) throw new TypeError(`statut inconnu : ${String(value)}`);
  return value as ContributionStatus;
}

export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError('limit : entier ≥ 1 attendu');
  return Math.min(limit, max);
}

/** Keyset cursor: the creation time and id of the last item of a page. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      if (!Number.isNaN(Date.parse(value[0]))) return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new TypeError('curseur de pagination invalide');
}

/**
 * The start of the fixed window of `ms` that holds the clock's instant, counted from the epoch:
 * a counter then records only which hour (or day) it counts, never the time of its first hit.
 */
export function windowStartOf(clock: () => Date, ms: number): string {
  const at = clock().getTime();
  return new Date(at - (at % ms)).toISOString();
}

export function isoBefore(clock: () => Date, ms: number): string {
  return new Date(clock().getTime() - ms).toISOString();
}

export function isoAfter(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

export function emptyStatusCounts(): Record<ContributionStatus, number> {
  return { pending: 0, approved: 0, rejected: 0, withdrawn: 0 };
}

export function checkUndo(undo: UndoDecision): { moderator: string; from: 'approved' | 'rejected' } {
  if (undo.from !== 'approved' && undo.from !== 'rejected') throw new TypeError('décision à annuler inconnue');
  return { moderator: requireText(undo.moderator, 'moderator', 200), from: undo.from };
}

export function checkDecision(decision: ModerationDecision): { moderator: string; reason: string | null } {
  if (decision.decision !== 'approve' && decision.decision !== 'reject') throw new TypeError('décision inconnue');
  const moderator = requireText(decision.moderator, 'moderator', 200);
  const reason = decision.decision === 'reject' ? requireText(decision.reasonId, 'reasonId', 200) : null;
  return { moderator, reason };
}

/**
 * `admit` made of the store's single steps. Right for SQLite, where each step is a call inside the
 * process; PostgreSQL does the same in one statement. A contribution sent twice at the same instant
 * (the other request stored it) gives its quota hit back and returns the first one.
 */
export async function admitInSteps(
  store: Pick<ContributionStore, 'hitRateLimit' | 'releaseRateLimit' | 'getByIdempotencyKey' | 'create'>,
  { attempts, quota, contribution }: Admission,
): Promise<AdmissionResult> {
  const attempt = await store.hitRateLimit(attempts.key, attempts.windowMs);
  if (attempt.count > attempts.max) return { kind: 'too-many-attempts', hit: attempt };
  const earlier = await store.getByIdempotencyKey(contribution.consultation, contribution.idempotencyKey);
  if (earlier) return { kind: 'duplicate', contribution: earlier };
  const hit = await store.hitRateLimit(quota.key, quota.windowMs);
  if (hit.count > quota.max) {
    await store.releaseRateLimit(quota.key, quota.windowMs);
    return { kind: 'over-quota', hit };
  }
  const { contribution: stored, created } = await store.create(contribution);
  if (created) return { kind: 'created', contribution: stored };
  await store.releaseRateLimit(quota.key, quota.windowMs);
  return { kind: 'duplicate', contribution: stored };
}
