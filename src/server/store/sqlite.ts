/**
 * SQLite adapter (better-sqlite3): the embedded default, one file under the data folder given by
 * the caller. WAL journal, `synchronous=FULL` (a committed contribution survives a power cut),
 * foreign keys on, a busy timeout for a second process on the same file. The driver is
 * synchronous: each method runs to completion inside one (IMMEDIATE) transaction before it
 * returns its promise, so concurrent calls in this process are serialised and never interleave.
 * `secure_delete` on every connection, and a truncating checkpoint after each erasure: erased
 * text leaves no readable trace in the database files (see `wipeErased`).
 */
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  admitInSteps,
  checkDecision,
  checkUndo,
  clampLimit,
  decodeCursor,
  emptyStatusCounts,
  encodeCursor,
  isoAfter,
  isoBefore,
  windowStartOf,
  newId,
  optionalText,
  requireDuration,
  requireObject,
  requireStatus,
  requireText,
} from './common.ts';
import { migrateSqlite } from './migrations.ts';
import { rowReaders, type ContributionColumns, type SessionColumns, type StaffColumns, type ThrottleColumns } from './rows.ts';
import { AUDIT_ACTIONS, CONTRIBUTOR_ACTOR, type AuditEntry, type ContributionStore, type JsonObject, type StoreOptions } from './types.ts';

export const SQLITE_FILE = 'consultations.sqlite';
const BUSY_TIMEOUT_MS = 5_000;
/** A checkpoint that erased text could not finish (a reader elsewhere) is tried again after this. */
const WIPE_RETRY_MS = 1_000;

type ContributionRow = ContributionColumns<string, string>;
type StaffRow = StaffColumns<string>;
type SessionRow = SessionColumns<string>;
type ThrottleRow = ThrottleColumns<string>;

/** An audit row comes out of SQLite in the shape of the interface. */
type AuditRow = AuditEntry;

function parseJson(text: string | null): JsonObject | null {
  return text === null ? null : (JSON.parse(text) as JsonObject);
}

const { toContribution, toPublished, toStaff, toThrottle, toSession } = rowReaders<string, string>({
  time: (text) => text,
  json: parseJson,
});

function toAudit(row: AuditRow): AuditEntry {
  return { id: row.id, at: row.at, actor: row.actor, action: row.action, target: row.target, reason: row.reason };
}

/** Opens (creating if needed) the database file and applies pending migrations. */
export function openSqliteDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, SQLITE_FILE);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Personal data: readable by the service account only (WAL and SHM files inherit this mode).
    chmodSync(file, 0o600);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`SQLite refuse le journal WAL (${String(mode)}) pour ${file}`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('secure_delete = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export async function openSqliteStore(dataDir: string, options: StoreOptions = {}): Promise<ContributionStore> {
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const db = openSqliteDatabase(dataDir);
  try {
    migrateSqlite(db, clock);
  } catch (error) {
    db.close();
    throw error;
  }

  // Counters (rate limits, login failures) go through a second connection that does not wait for
  // the disk on commit (WAL, synchronous=NORMAL): losing the last few hits in a power cut is
  // harmless, and a contribution then costs one disk flush instead of two.
  const counters = new Database(path.join(dataDir, SQLITE_FILE), { timeout: BUSY_TIMEOUT_MS });
  counters.pragma('synchronous = NORMAL');
  counters.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  counters.pragma('secure_delete = ON');

  const q = {
    byId: db.prepare('SELECT * FROM contributions WHERE id = ?'),
    byReceipt: db.prepare('SELECT * FROM contributions WHERE receipt_hash = ?'),
    byKey: db.prepare('SELECT * FROM contributions WHERE consultation = ? AND idempotency_key = ?'),
    insert: db.prepare(`INSERT INTO contributions
      (id, consultation, entry, answers, pseudonym, profile, created_at, updated_at, status, receipt_hash, idempotency_key)
      VALUES (@id, @consultation, @entry, @answers, @pseudonym, @profile, @now, @now, 'pending', @receiptHash, @idempotencyKey)`),
    moderate: db.prepare(`UPDATE contributions
      SET status = @status, moderation_reason = @reason, moderator = @moderator, moderated_at = @now, updated_at = @now
      WHERE id = @id AND status = 'pending' RETURNING *`),
    undo: db.prepare(`UPDATE contributions
      SET status = 'pending', moderation_reason = NULL, moderator = NULL, moderated_at = NULL, updated_at = @now
      WHERE id = @id AND status = @from AND erased_at IS NULL RETURNING *`),
    withdraw: db.prepare(`UPDATE contributions
      SET status = 'withdrawn', answers = NULL, pseudonym = NULL, profile = NULL, erased_at = @now, updated_at = @now
      WHERE receipt_hash = @receiptHash AND status <> 'withdrawn' RETURNING *`),
    anonymiseApproved: db.prepare(`UPDATE contributions SET pseudonym = NULL, profile = NULL, updated_at = @now
      WHERE consultation = @consultation AND status = 'approved' AND (pseudonym IS NOT NULL OR profile IS NOT NULL) RETURNING id`),
    purgePending: db.prepare(`DELETE FROM contributions WHERE status = 'pending' AND created_at < ? RETURNING id`),
    eraseRejected: db.prepare(`UPDATE contributions
      SET answers = NULL, pseudonym = NULL, profile = NULL, erased_at = @now, updated_at = @now
      WHERE status = 'rejected' AND erased_at IS NULL AND moderated_at < @cutoff RETURNING id`),
    countByStatus: db.prepare('SELECT status, count(*) AS n FROM contributions WHERE consultation = ? GROUP BY status'),
    countByReason: db.prepare(`SELECT moderation_reason AS reason, count(*) AS n FROM contributions
      WHERE consultation = ? AND status = 'rejected' GROUP BY moderation_reason`),
    approved: db.prepare(`SELECT * FROM contributions WHERE consultation = ? AND status = 'approved' ORDER BY created_at, id`),
    audit: db.prepare('INSERT INTO audit_log (at, actor, action, target, reason) VALUES (?, ?, ?, ?, ?) RETURNING *'),
    staffInsert: db.prepare(`INSERT INTO staff_accounts (login, password_hash, created_at) VALUES (?, ?, ?)
      ON CONFLICT (login) DO NOTHING RETURNING *`),
    staffGet: db.prepare('SELECT * FROM staff_accounts WHERE login = ?'),
    staffList: db.prepare('SELECT * FROM staff_accounts ORDER BY login'),
    staffPassword: db.prepare('UPDATE staff_accounts SET password_hash = ? WHERE login = ? RETURNING *'),
    staffDisable: db.prepare('UPDATE staff_accounts SET disabled_at = coalesce(disabled_at, ?) WHERE login = ? RETURNING *'),
    staffEnable: db.prepare('UPDATE staff_accounts SET disabled_at = NULL WHERE login = ? RETURNING *'),
    loginFailure: counters.prepare(`INSERT INTO login_throttle (key, failures, first_failure_at, last_failure_at)
      VALUES (@key, 1, @now, @now)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN first_failure_at <= @cutoff THEN 1 ELSE failures + 1 END,
        first_failure_at = CASE WHEN first_failure_at <= @cutoff THEN @now ELSE first_failure_at END,
        last_failure_at = @now
      RETURNING *`),
    sessionInsert: db.prepare('INSERT INTO staff_sessions (token_hash, login, created_at, expires_at) VALUES (?, ?, ?, ?) RETURNING *'),
    sessionGet: db.prepare(`SELECT s.* FROM staff_sessions s JOIN staff_accounts a ON a.login = s.login
      WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled_at IS NULL`),
    sessionDelete: db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?'),
    sessionsOfDelete: db.prepare('DELETE FROM staff_sessions WHERE login = ?'),
    pruneSessions: db.prepare('DELETE FROM staff_sessions WHERE expires_at <= ?'),
    loginGet: counters.prepare('SELECT * FROM login_throttle WHERE key = ?'),
    loginClear: counters.prepare('DELETE FROM login_throttle WHERE key = ?'),
    rateHit: counters.prepare(`INSERT INTO rate_limits (key, window_start, hits) VALUES (@key, @start, 1)
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN window_start < @start THEN 1 ELSE hits + 1 END,
        window_start = CASE WHEN window_start < @start THEN @start ELSE window_start END
      RETURNING window_start, hits`),
    rateRelease: counters.prepare('UPDATE rate_limits SET hits = hits - 1 WHERE key = @key AND window_start = @start AND hits > 0'),
    pruneRates: db.prepare('DELETE FROM rate_limits WHERE window_start <= ?'),
    pruneLogins: db.prepare('DELETE FROM login_throttle WHERE last_failure_at <= ?'),
  };

  const audit = (actor: string, action: string, target: string | null, reason: string | null): AuditEntry =>
    toAudit(q.audit.get(now(), actor, action, target, reason) as AuditRow);

  const create = db.transaction((input: Parameters<ContributionStore['create']>[0]) => {
    const consultation = requireText(input.consultation, 'consultation', 200);
    const idempotencyKey = requireText(input.idempotencyKey, 'idempotencyKey', 200);
    const receiptHash = requireText(input.receiptHash, 'receiptHash', 200);
    const answers = requireObject(input.answers, 'answers');
    const profile = input.profile == null ? null : requireObject(input.profile, 'profile');
    const existing = q.byKey.get(consultation, idempotencyKey) as ContributionRow | undefined;
    if (existing) return { contribution: toContribution(existing), created: false };
    const id = newId();
    q.insert.run({
      id,
      consultation,
      entry: optionalText(input.entry, 'entry', 200),
      answers: JSON.stringify(answers),
      pseudonym: optionalText(input.pseudonym, 'pseudonym', 200),
      profile: profile === null ? null : JSON.stringify(profile),
      now: now(),
      receiptHash,
      idempotencyKey,
    });
    return { contribution: toContribution(q.byId.get(id) as ContributionRow), created: true };
  });

  /**
   * Group commit: the contributions arriving in the same turn of the event loop (many clients at
   * once) are written in one transaction, hence one flush to disk, instead of one each. Each one
   * is a savepoint of its own, so a refused one does not undo the others; each caller is answered
   * only once the whole transaction is committed.
   */
  type PendingCreate = {
    input: Parameters<ContributionStore['create']>[0];
    resolve: (result: Awaited<ReturnType<ContributionStore['create']>>) => void;
    reject: (error: unknown) => void;
  };
  let pendingCreates: PendingCreate[] = [];
  const createAll = db.transaction((batch: PendingCreate[]) =>
    batch.map(({ input }) => {
      try {
        return { ok: true as const, value: create(input) };
      } catch (error) {
        return { ok: false as const, error };
      }
    }),
  );
  function flushCreates(): void {
    const batch = pendingCreates;
    pendingCreates = [];
    let results: ReturnType<typeof createAll>;
    try {
      results = createAll.immediate(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    results.forEach((result, i) => (result.ok ? batch[i]!.resolve(result.value) : batch[i]!.reject(result.error)));
  }

  const moderate = db.transaction((id: string, decision: Parameters<ContributionStore['moderate']>[1]) => {
    const { moderator, reason } = checkDecision(decision);
    const row = q.moderate.get({
      id,
      status: decision.decision === 'approve' ? 'approved' : 'rejected',
      reason,
      moderator,
      now: now(),
    }) as ContributionRow | undefined;
    if (!row) {
      const current = q.byId.get(id) as ContributionRow | undefined;
      if (!current) return { ok: false as const, error: 'not_found' as const };
      return { ok: false as const, error: 'not_pending' as const, status: requireStatus(current.status) };
    }
    audit(moderator, decision.decision === 'approve' ? AUDIT_ACTIONS.approve : AUDIT_ACTIONS.reject, id, reason);
    return { ok: true as const, contribution: toContribution(row) };
  });

  const undoDecision = db.transaction((id: string, undo: Parameters<ContributionStore['undoDecision']>[1]) => {
    const { moderator, from } = checkUndo(undo);
    const row = q.undo.get({ id, from, now: now() }) as ContributionRow | undefined;
    if (!row) {
      const current = q.byId.get(id) as ContributionRow | undefined;
      if (!current) return { ok: false as const, error: 'not_found' as const };
      if (current.status === from) return { ok: false as const, error: 'erased' as const };
      return { ok: false as const, error: 'status_changed' as const, status: requireStatus(current.status) };
    }
    audit(moderator, AUDIT_ACTIONS.undo, id, from);
    return { ok: true as const, contribution: toContribution(row) };
  });

  const withdraw = db.transaction((receiptHash: string) => {
    requireText(receiptHash, 'receiptHash', 200);
    const row = q.withdraw.get({ receiptHash, now: now() }) as ContributionRow | undefined;
    if (!row) {
      const current = q.byReceipt.get(receiptHash) as ContributionRow | undefined;
      if (!current) return { ok: false as const, error: 'not_found' as const };
      return { ok: false as const, error: 'already_withdrawn' as const, contribution: toContribution(current) };
    }
    audit(CONTRIBUTOR_ACTOR, AUDIT_ACTIONS.withdraw, row.id, null);
    return { ok: true as const, contribution: toContribution(row) };
  });

  const purge = db.transaction((olderThanMs: number, actor: string) => {
    const cutoff = isoBefore(clock, olderThanMs);
    const deleted = (q.purgePending.all(cutoff) as { id: string }[]).map((r) => r.id).sort();
    const erased = (q.eraseRejected.all({ cutoff, now: now() }) as { id: string }[]).map((r) => r.id).sort();
    for (const id of deleted) audit(actor, AUDIT_ACTIONS.purgePending, id, 'retention');
    for (const id of erased) audit(actor, AUDIT_ACTIONS.eraseRejected, id, 'retention');
    return deleted.length + erased.length;
  });

  const anonymise = db.transaction((consultation: string, actor: string) => {
    const ids = (q.anonymiseApproved.all({ consultation, now: now() }) as { id: string }[]).map((r) => r.id).sort();
    for (const id of ids) audit(actor, AUDIT_ACTIONS.anonymiseApproved, id, 'archive');
    return ids.length;
  });

  /**
   * Erased text must not stay readable in the database files. `secure_delete` (set on every
   * connection) overwrites what a statement frees with zeros, but in WAL mode the earlier versions
   * of the pages (the contribution as it was written, then moderated) are still frames of the WAL
   * file, which a checkpoint copies but never empties. So every write that erases something calls
   * this once it is committed: the WAL is copied into the database and truncated to zero bytes.
   * A reader in another process (the purge command, a backup) can delay it: the checkpoint then
   * waits up to the busy timeout, and failing that is retried a little later, until it succeeds
   * or the store is closed (closing the last connection checkpoints and deletes the WAL).
   */
  let wipeRetry: NodeJS.Timeout | undefined;
  function wipeErased(): void {
    clearTimeout(wipeRetry);
    wipeRetry = undefined;
    if (!db.open) return;
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy) wipeRetry = setTimeout(wipeErased, WIPE_RETRY_MS).unref();
  }

  const prune = db.transaction(
    (cutoff: string) => q.pruneRates.run(cutoff).changes + q.pruneLogins.run(cutoff).changes + q.pruneSessions.run(now()).changes,
  );

  const store: ContributionStore = {
    dialect: 'sqlite',

    create(input) {
      return new Promise((resolve, reject) => {
        pendingCreates.push({ input, resolve, reject });
        if (pendingCreates.length === 1) setImmediate(flushCreates);
      });
    },

    async get(id) {
      const row = q.byId.get(id) as ContributionRow | undefined;
      return row ? toContribution(row) : null;
    },

    admit(admission) {
      return admitInSteps(store, admission);
    },

    async getByIdempotencyKey(consultation, idempotencyKey) {
      const row = q.byKey.get(consultation, idempotencyKey) as ContributionRow | undefined;
      return row ? toContribution(row) : null;
    },

    async getByReceiptHash(receiptHash) {
      const row = q.byReceipt.get(receiptHash) as ContributionRow | undefined;
      return row ? toContribution(row) : null;
    },

    async list(query) {
      const limit = clampLimit(query.limit, 50, 500);
      const where = ['consultation = @consultation'];
      const params: Record<string, unknown> = { consultation: query.consultation, limit: limit + 1 };
      if (query.status !== undefined) {
        where.push('status = @status');
        params.status = requireStatus(query.status);
      }
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        where.push('(created_at > @afterCreated OR (created_at = @afterCreated AND id > @afterId))');
        params.afterCreated = after.createdAt;
        params.afterId = after.id;
      }
      const rows = db
        .prepare(`SELECT * FROM contributions WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT @limit`)
        .all(params) as ContributionRow[];
      const items = rows.slice(0, limit).map(toContribution);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },

    async moderate(id, decision) {
      return moderate.immediate(id, decision);
    },

    async undoDecision(id, undo) {
      return undoDecision.immediate(id, undo);
    },

    async withdraw(receiptHash) {
      const result = withdraw.immediate(receiptHash);
      if (result.ok) wipeErased();
      return result;
    },

    async purge(options) {
      const touched = purge.immediate(requireDuration(options.olderThanMs, 'olderThanMs'), options.actor ?? 'system');
      if (touched > 0) wipeErased();
      return touched;
    },

    async anonymiseApproved(consultation, actor) {
      const touched = anonymise.immediate(requireText(consultation, 'consultation', 200), requireText(actor, 'actor', 200));
      if (touched > 0) wipeErased();
      return touched;
    },

    async counts(consultation) {
      const byStatus = emptyStatusCounts();
      for (const row of q.countByStatus.all(consultation) as { status: string; n: number }[]) {
        byStatus[requireStatus(row.status)] = row.n;
      }
      const rejectedByReason: Record<string, number> = {};
      for (const row of q.countByReason.all(consultation) as { reason: string; n: number }[]) rejectedByReason[row.reason] = row.n;
      return { byStatus, rejectedByReason };
    },

    async exportApproved(consultation) {
      return (q.approved.all(consultation) as ContributionRow[]).map(toPublished);
    },

    async createStaff(login, passwordHash) {
      const row = q.staffInsert.get(requireText(login, 'login', 100), requireText(passwordHash, 'passwordHash', 1000), now()) as
        StaffRow | undefined;
      return row ? { ok: true, account: toStaff(row) } : { ok: false, error: 'exists' };
    },

    async getStaff(login) {
      const row = q.staffGet.get(login) as StaffRow | undefined;
      return row ? toStaff(row) : null;
    },

    async listStaff() {
      return (q.staffList.all() as StaffRow[]).map(toStaff);
    },

    async setStaffPasswordHash(login, passwordHash) {
      const row = q.staffPassword.get(requireText(passwordHash, 'passwordHash', 1000), login) as StaffRow | undefined;
      return row ? toStaff(row) : null;
    },

    async setStaffDisabled(login, disabled) {
      const row = (disabled ? q.staffDisable.get(now(), login) : q.staffEnable.get(login)) as StaffRow | undefined;
      return row ? toStaff(row) : null;
    },

    async createSession({ tokenHash, login, ttlMs }) {
      const created = now();
      const row = q.sessionInsert.get(
        requireText(tokenHash, 'tokenHash', 200),
        requireText(login, 'login', 100),
        created,
        isoAfter(created, requireDuration(ttlMs, 'ttlMs')),
      ) as SessionRow;
      return toSession(row);
    },

    async getSession(tokenHash) {
      const row = q.sessionGet.get(tokenHash, now()) as SessionRow | undefined;
      return row ? toSession(row) : null;
    },

    async deleteSession(tokenHash) {
      q.sessionDelete.run(tokenHash);
    },

    async deleteSessionsOf(login) {
      return q.sessionsOfDelete.run(login).changes;
    },

    async recordLoginFailure(key, windowMs) {
      requireText(key, 'key', 200);
      const row = q.loginFailure.get({ key, now: now(), cutoff: isoBefore(clock, requireDuration(windowMs, 'windowMs')) });
      return toThrottle(row as ThrottleRow);
    },

    async getLoginThrottle(key) {
      const row = q.loginGet.get(key) as ThrottleRow | undefined;
      return row ? toThrottle(row) : null;
    },

    async clearLoginFailures(key) {
      q.loginClear.run(key);
    },

    async hitRateLimit(key, windowMs) {
      requireText(key, 'key', 200);
      requireDuration(windowMs, 'windowMs');
      const row = q.rateHit.get({ key, start: windowStartOf(clock, windowMs) }) as { window_start: string; hits: number };
      return { count: row.hits, windowStart: row.window_start, resetAt: isoAfter(row.window_start, windowMs) };
    },

    async releaseRateLimit(key, windowMs) {
      requireText(key, 'key', 200);
      q.rateRelease.run({ key, start: windowStartOf(clock, requireDuration(windowMs, 'windowMs')) });
    },

    async pruneCounters(olderThanMs) {
      return prune.immediate(isoBefore(clock, requireDuration(olderThanMs, 'olderThanMs')));
    },

    async appendAudit(entry) {
      return audit(
        requireText(entry.actor, 'actor', 200),
        requireText(entry.action, 'action', 200),
        entry.target ?? null,
        entry.reason ?? null,
      );
    },

    async listAudit(query = {}) {
      const limit = clampLimit(query.limit, 100, 1000);
      const where: string[] = [];
      const params: Record<string, unknown> = { limit };
      if (query.target !== undefined) {
        where.push('target = @target');
        params.target = query.target;
      }
      if (query.beforeId !== undefined) {
        where.push('id < @beforeId');
        params.beforeId = query.beforeId;
      }
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
      return (db.prepare(sql).all(params) as AuditRow[]).map(toAudit);
    },

    async checkWritable() {
      // Taking the write lock proves the file and its journal writable; nothing is written.
      db.exec('BEGIN IMMEDIATE');
      try {
        db.prepare('SELECT 1 FROM contributions LIMIT 1').get();
      } finally {
        db.exec('ROLLBACK');
      }
    },

    async close() {
      clearTimeout(wipeRetry);
      if (counters.open) counters.close();
      if (db.open) db.close();
    },
  };
  return store;
}
