/**
 * PostgreSQL adapter (`pg` Pool from a DATABASE_URL), for an authority whose traffic outgrows one
 * machine: several app instances may share the database. Every write that must be atomic is one
 * conditional statement (INSERT … ON CONFLICT, UPDATE … WHERE status = 'pending') inside a
 * transaction with its audit line, so concurrent requests from any instance cannot duplicate a
 * contribution nor moderate it twice. Behaviour identical to the SQLite adapter (same tests).
 */
import pg from 'pg';
import {
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
import { migratePostgres } from './migrations.ts';
import { rowReaders, type ContributionColumns, type SessionColumns, type StaffColumns, type ThrottleColumns } from './rows.ts';
import { AUDIT_ACTIONS, CONTRIBUTOR_ACTOR, type AuditEntry, type ContributionStore, type JsonObject, type StoreOptions } from './types.ts';

export interface PostgresStoreOptions extends StoreOptions {
  /** Connections in the pool; 10 by default. */
  poolSize?: number;
}

type ContributionRow = ContributionColumns<Date, JsonObject>;
type StaffRow = StaffColumns<Date>;
type SessionRow = SessionColumns<Date>;
type ThrottleRow = ThrottleColumns<Date>;

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
}

const iso = (date: Date): string => date.toISOString();
const { toContribution, toPublished, toStaff, toThrottle, toSession } = rowReaders<Date, JsonObject>({ time: iso, json: (value) => value });

function toAudit(row: AuditRow): AuditEntry {
  return { id: Number(row.id), at: iso(row.at), actor: row.actor, action: row.action, target: row.target, reason: row.reason };
}

/** A fixed-window counter bumped by one ($1 key, $2 window start), as in hitRateLimit. */
const bumpCounter = (key: string, start: string, extra = '') => `INSERT INTO rate_limits AS r (key, window_start, hits)
  ${extra ? `SELECT ${key}, ${start}::timestamptz, 1 ${extra}` : `VALUES (${key}, ${start}::timestamptz, 1)`}
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.window_start < ${start}::timestamptz THEN 1 ELSE r.hits + 1 END,
    window_start = CASE WHEN r.window_start < ${start}::timestamptz THEN ${start}::timestamptz ELSE r.window_start END`;

/**
 * The contribution sent with a form: through the unique key led by the (random) idempotency key.
 * The consultation is compared as an expression so that the indexes it leads cannot be chosen
 * instead, as they were on a table too new to have statistics: they walk all its contributions.
 */
const sameKey = (consultation: string, key: string) =>
  `SELECT * FROM contributions WHERE idempotency_key = ${key} AND consultation || '' = ${consultation}`;

/**
 * The intake's end in one statement (see ContributionStore.admit). Data-modifying CTEs all see
 * the table as it was when the statement began: `earlier` is a contribution already committed,
 * and the quota row read at the end is the one before this hit. The quota is bumped only when
 * the attempt is within its limit, no earlier contribution exists and the bump stays within the
 * quota ($6); the insert only when the quota was bumped.
 *
 * Prepared, it gets a generic plan, made at its sixth run on each connection and again after each
 * ANALYZE or VACUUM, often on a nearly empty table: each of its lookups has a single possible
 * index (see `sameKey` and migration 6). Exported for the test of that plan.
 */
export const ADMIT = `WITH attempt AS (
  ${bumpCounter('$1', '$2')}
  RETURNING window_start, hits
), earlier AS (
  ${sameKey('$7', '$8')}
), quota AS (
  ${bumpCounter('$4', '$5', 'WHERE (SELECT hits FROM attempt) <= $3 AND NOT EXISTS (SELECT 1 FROM earlier)')}
  WHERE r.window_start < $5::timestamptz OR r.hits < $6
  RETURNING hits
), inserted AS (
  INSERT INTO contributions
    (id, consultation, answers, pseudonym, profile, created_at, updated_at, status, receipt_hash, idempotency_key, entry)
  SELECT $9, $7, $10::json, $11, $12::json, $13::timestamptz, $13::timestamptz, 'pending', $14, $8, $15
  WHERE EXISTS (SELECT 1 FROM quota)
  ON CONFLICT (consultation, idempotency_key) DO NOTHING
  RETURNING *
)
SELECT a.window_start AS attempt_start, a.hits AS attempt_hits,
  EXISTS (SELECT 1 FROM quota) AS quota_counted, EXISTS (SELECT 1 FROM inserted) AS created,
  q.window_start AS quota_start, q.hits AS quota_hits, c.*
FROM attempt a
LEFT JOIN rate_limits q ON q.key = $4
LEFT JOIN (SELECT * FROM inserted UNION ALL SELECT * FROM earlier) c ON true`;

const INSERT_AUDIT = `INSERT INTO audit_log (at, actor, action, target, reason)
  VALUES ($1::timestamptz, $2, $3, $4, $5) RETURNING *`;

export async function openPostgresStore(databaseUrl: string, options: PostgresStoreOptions = {}): Promise<ContributionStore> {
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    application_name: 'registre-ia',
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error('PostgreSQL (connexion inactive) :', error.message));
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  let closed = false;

  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * PostgreSQL never overwrites a row in place: an erased or deleted contribution stays in its
   * page as a dead version until VACUUM reclaims the space and later writes reuse it (and in the
   * server's WAL until its segments are recycled). Nothing the store can do guarantees physical
   * erasure (see docs/consultations-archive.md); after a purge, a VACUUM of the table at least
   * frees those versions at once rather than whenever autovacuum comes by. It cannot run inside a
   * transaction, and the purge is already committed: a failure (a role that does not own the
   * table) is only reported.
   */
  async function vacuumContributions(): Promise<void> {
    try {
      await pool.query('VACUUM contributions');
    } catch (error) {
      console.error('PostgreSQL : VACUUM contributions après la purge impossible :', (error as Error).message);
    }
  }

  async function one<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R | undefined> {
    return (await pool.query<R>(sql, params)).rows[0];
  }

  /** The same, as a named statement that each connection parses only once (the intake's hot path). */
  async function onePrepared<R extends pg.QueryResultRow>(name: string, sql: string, params: unknown[]): Promise<R | undefined> {
    return (await pool.query<R>({ name, text: sql, values: params })).rows[0];
  }

  const store: ContributionStore = {
    dialect: 'postgres',

    async create(input) {
      const consultation = requireText(input.consultation, 'consultation', 200);
      const idempotencyKey = requireText(input.idempotencyKey, 'idempotencyKey', 200);
      const receiptHash = requireText(input.receiptHash, 'receiptHash', 200);
      const answers = requireObject(input.answers, 'answers');
      const profile = input.profile == null ? null : requireObject(input.profile, 'profile');
      const pseudonym = optionalText(input.pseudonym, 'pseudonym', 200);
      const entry = optionalText(input.entry, 'entry', 200);
      // A concurrent insert with the same key makes ON CONFLICT wait for it, then do nothing; the
      // SELECT that follows (a new snapshot) sees the committed row. Loop in the unlikely case it
      // was purged in between.
      for (let attempt = 0; attempt < 3; attempt++) {
        const stamp = now();
        const inserted = await one<ContributionRow>(
          `INSERT INTO contributions
             (id, consultation, answers, pseudonym, profile, created_at, updated_at, status, receipt_hash, idempotency_key, entry)
           VALUES ($1, $2, $3::json, $4, $5::json, $6::timestamptz, $6::timestamptz, 'pending', $7, $8, $9)
           ON CONFLICT (consultation, idempotency_key) DO NOTHING
           RETURNING *`,
          [
            newId(),
            consultation,
            JSON.stringify(answers),
            pseudonym,
            profile === null ? null : JSON.stringify(profile),
            stamp,
            receiptHash,
            idempotencyKey,
            entry,
          ],
        );
        if (inserted) return { contribution: toContribution(inserted), created: true };
        const existing = await one<ContributionRow>(sameKey('$1', '$2'), [consultation, idempotencyKey]);
        if (existing) return { contribution: toContribution(existing), created: false };
      }
      throw new Error('création de contribution impossible : conflit persistant sur la clé d’idempotence');
    },

    async get(id) {
      const row = await one<ContributionRow>('SELECT * FROM contributions WHERE id = $1', [id]);
      return row ? toContribution(row) : null;
    },

    async admit(admission) {
      const { attempts, quota, contribution: input } = admission;
      const attemptStart = windowStartOf(clock, requireDuration(attempts.windowMs, 'windowMs'));
      const quotaStart = windowStartOf(clock, requireDuration(quota.windowMs, 'windowMs'));
      const stamp = now();
      const row = (await onePrepared<
        ContributionRow & {
          attempt_start: Date;
          attempt_hits: number;
          quota_counted: boolean;
          created: boolean;
          quota_start: Date | null;
          quota_hits: number | null;
        }
      >('admit', ADMIT, [
        requireText(attempts.key, 'key', 200),
        attemptStart,
        attempts.max,
        requireText(quota.key, 'key', 200),
        quotaStart,
        quota.max,
        requireText(input.consultation, 'consultation', 200),
        requireText(input.idempotencyKey, 'idempotencyKey', 200),
        newId(),
        JSON.stringify(requireObject(input.answers, 'answers')),
        optionalText(input.pseudonym, 'pseudonym', 200),
        input.profile == null ? null : JSON.stringify(requireObject(input.profile, 'profile')),
        stamp,
        requireText(input.receiptHash, 'receiptHash', 200),
        optionalText(input.entry, 'entry', 200),
      ]))!;
      const hitOf = (start: string, count: number, windowMs: number) => ({ count, windowStart: start, resetAt: isoAfter(start, windowMs) });
      if (row.attempt_hits > attempts.max)
        return { kind: 'too-many-attempts', hit: hitOf(iso(row.attempt_start), row.attempt_hits, attempts.windowMs) };
      if (row.id !== null)
        return row.created
          ? { kind: 'created', contribution: toContribution(row) }
          : { kind: 'duplicate', contribution: toContribution(row) };
      if (!row.quota_counted) {
        // Refused by the quota: the row read is the one before this statement, in the current window.
        return { kind: 'over-quota', hit: hitOf(quotaStart, (row.quota_hits ?? 0) + 1, quota.windowMs) };
      }
      // Sent twice at the same instant: the other request stored it first, and this one's quota
      // hit is given back. Its attempt is already counted: `create` settles the rest (and finds
      // the first one again, or stores this one if the first was purged in between).
      const { contribution, created } = await store.create(input);
      if (created) return { kind: 'created', contribution };
      await store.releaseRateLimit(quota.key, quota.windowMs);
      return { kind: 'duplicate', contribution };
    },

    async getByIdempotencyKey(consultation, idempotencyKey) {
      const row = await one<ContributionRow>(sameKey('$1', '$2'), [consultation, idempotencyKey]);
      return row ? toContribution(row) : null;
    },

    async getByReceiptHash(receiptHash) {
      const row = await one<ContributionRow>('SELECT * FROM contributions WHERE receipt_hash = $1', [receiptHash]);
      return row ? toContribution(row) : null;
    },

    async list(query) {
      const limit = clampLimit(query.limit, 50, 500);
      const params: unknown[] = [query.consultation];
      const where = ['consultation = $1'];
      if (query.status !== undefined) {
        params.push(requireStatus(query.status));
        where.push(`status = $${params.length}`);
      }
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        params.push(after.createdAt, after.id);
        const c = params.length - 1;
        where.push(`(created_at > $${c}::timestamptz OR (created_at = $${c}::timestamptz AND id > $${c + 1}))`);
      }
      params.push(limit + 1);
      const { rows } = await pool.query<ContributionRow>(
        `SELECT * FROM contributions WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, limit).map(toContribution);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
    },

    async moderate(id, decision) {
      const { moderator, reason } = checkDecision(decision);
      return transaction(async (client) => {
        const stamp = now();
        const updated = await client.query<ContributionRow>(
          `UPDATE contributions
             SET status = $2, moderation_reason = $3, moderator = $4, moderated_at = $5::timestamptz, updated_at = $5::timestamptz
           WHERE id = $1 AND status = 'pending' RETURNING *`,
          [id, decision.decision === 'approve' ? 'approved' : 'rejected', reason, moderator, stamp],
        );
        const row = updated.rows[0];
        if (!row) {
          const current = await client.query<{ status: string }>('SELECT status FROM contributions WHERE id = $1', [id]);
          const status = current.rows[0]?.status;
          if (status === undefined) return { ok: false as const, error: 'not_found' as const };
          return { ok: false as const, error: 'not_pending' as const, status: requireStatus(status) };
        }
        const action = decision.decision === 'approve' ? AUDIT_ACTIONS.approve : AUDIT_ACTIONS.reject;
        await client.query(INSERT_AUDIT, [stamp, moderator, action, id, reason]);
        return { ok: true as const, contribution: toContribution(row) };
      });
    },

    async undoDecision(id, undo) {
      const { moderator, from } = checkUndo(undo);
      return transaction(async (client) => {
        const stamp = now();
        const updated = await client.query<ContributionRow>(
          `UPDATE contributions
             SET status = 'pending', moderation_reason = NULL, moderator = NULL, moderated_at = NULL, updated_at = $3::timestamptz
           WHERE id = $1 AND status = $2 AND erased_at IS NULL RETURNING *`,
          [id, from, stamp],
        );
        const row = updated.rows[0];
        if (!row) {
          const current = await client.query<{ status: string }>('SELECT status FROM contributions WHERE id = $1', [id]);
          const status = current.rows[0]?.status;
          if (status === undefined) return { ok: false as const, error: 'not_found' as const };
          if (status === from) return { ok: false as const, error: 'erased' as const };
          return { ok: false as const, error: 'status_changed' as const, status: requireStatus(status) };
        }
        await client.query(INSERT_AUDIT, [stamp, moderator, AUDIT_ACTIONS.undo, id, from]);
        return { ok: true as const, contribution: toContribution(row) };
      });
    },

    async withdraw(receiptHash) {
      requireText(receiptHash, 'receiptHash', 200);
      return transaction(async (client) => {
        const stamp = now();
        const updated = await client.query<ContributionRow>(
          `UPDATE contributions
             SET status = 'withdrawn', answers = NULL, pseudonym = NULL, profile = NULL,
                 erased_at = $2::timestamptz, updated_at = $2::timestamptz
           WHERE receipt_hash = $1 AND status <> 'withdrawn' RETURNING *`,
          [receiptHash, stamp],
        );
        const row = updated.rows[0];
        if (!row) {
          const current = await client.query<ContributionRow>('SELECT * FROM contributions WHERE receipt_hash = $1', [receiptHash]);
          const existing = current.rows[0];
          if (!existing) return { ok: false as const, error: 'not_found' as const };
          return { ok: false as const, error: 'already_withdrawn' as const, contribution: toContribution(existing) };
        }
        await client.query(INSERT_AUDIT, [stamp, CONTRIBUTOR_ACTOR, AUDIT_ACTIONS.withdraw, row.id, null]);
        return { ok: true as const, contribution: toContribution(row) };
      });
    },

    async purge(options) {
      const cutoff = isoBefore(clock, requireDuration(options.olderThanMs, 'olderThanMs'));
      const actor = options.actor ?? 'system';
      const touched = await transaction(async (client) => {
        const stamp = now();
        const deleted = await client.query<{ id: string }>(
          `DELETE FROM contributions WHERE status = 'pending' AND created_at < $1::timestamptz RETURNING id`,
          [cutoff],
        );
        const erased = await client.query<{ id: string }>(
          `UPDATE contributions
             SET answers = NULL, pseudonym = NULL, profile = NULL, erased_at = $2::timestamptz, updated_at = $2::timestamptz
           WHERE status = 'rejected' AND erased_at IS NULL AND moderated_at < $1::timestamptz RETURNING id`,
          [cutoff, stamp],
        );
        const lines: [string, string[]][] = [
          [AUDIT_ACTIONS.purgePending, deleted.rows.map((r) => r.id).sort()],
          [AUDIT_ACTIONS.eraseRejected, erased.rows.map((r) => r.id).sort()],
        ];
        for (const [action, ids] of lines) {
          if (ids.length === 0) continue;
          await client.query(
            `INSERT INTO audit_log (at, actor, action, target, reason)
             SELECT $1::timestamptz, $2, $3, t, 'retention' FROM unnest($4::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n`,
            [stamp, actor, action, ids],
          );
        }
        return deleted.rows.length + erased.rows.length;
      });
      if (touched > 0) await vacuumContributions();
      return touched;
    },

    async anonymiseApproved(consultation, actor) {
      requireText(consultation, 'consultation', 200);
      requireText(actor, 'actor', 200);
      return transaction(async (client) => {
        const stamp = now();
        const touched = await client.query<{ id: string }>(
          `UPDATE contributions SET pseudonym = NULL, profile = NULL, updated_at = $2::timestamptz
           WHERE consultation = $1 AND status = 'approved' AND (pseudonym IS NOT NULL OR profile IS NOT NULL) RETURNING id`,
          [consultation, stamp],
        );
        const ids = touched.rows.map((r) => r.id).sort();
        if (ids.length > 0) {
          await client.query(
            `INSERT INTO audit_log (at, actor, action, target, reason)
             SELECT $1::timestamptz, $2, $3, t, 'archive' FROM unnest($4::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n`,
            [stamp, actor, AUDIT_ACTIONS.anonymiseApproved, ids],
          );
        }
        return ids.length;
      });
    },

    async counts(consultation) {
      const byStatus = emptyStatusCounts();
      const statuses = await pool.query<{ status: string; n: number }>(
        'SELECT status, count(*)::int AS n FROM contributions WHERE consultation = $1 GROUP BY status',
        [consultation],
      );
      for (const row of statuses.rows) byStatus[requireStatus(row.status)] = row.n;
      const reasons = await pool.query<{ reason: string; n: number }>(
        `SELECT moderation_reason AS reason, count(*)::int AS n FROM contributions
         WHERE consultation = $1 AND status = 'rejected' GROUP BY moderation_reason`,
        [consultation],
      );
      const rejectedByReason: Record<string, number> = {};
      for (const row of reasons.rows) rejectedByReason[row.reason] = row.n;
      return { byStatus, rejectedByReason };
    },

    async exportApproved(consultation) {
      const { rows } = await pool.query<ContributionRow>(
        `SELECT * FROM contributions WHERE consultation = $1 AND status = 'approved' ORDER BY created_at, id`,
        [consultation],
      );
      return rows.map(toPublished);
    },

    async createStaff(login, passwordHash) {
      const row = await one<StaffRow>(
        `INSERT INTO staff_accounts (login, password_hash, created_at) VALUES ($1, $2, $3::timestamptz)
         ON CONFLICT (login) DO NOTHING RETURNING *`,
        [requireText(login, 'login', 100), requireText(passwordHash, 'passwordHash', 1000), now()],
      );
      return row ? { ok: true, account: toStaff(row) } : { ok: false, error: 'exists' };
    },

    async getStaff(login) {
      const row = await one<StaffRow>('SELECT * FROM staff_accounts WHERE login = $1', [login]);
      return row ? toStaff(row) : null;
    },

    async listStaff() {
      return (await pool.query<StaffRow>('SELECT * FROM staff_accounts ORDER BY login')).rows.map(toStaff);
    },

    async setStaffPasswordHash(login, passwordHash) {
      const row = await one<StaffRow>('UPDATE staff_accounts SET password_hash = $1 WHERE login = $2 RETURNING *', [
        requireText(passwordHash, 'passwordHash', 1000),
        login,
      ]);
      return row ? toStaff(row) : null;
    },

    async setStaffDisabled(login, disabled) {
      const row = disabled
        ? await one<StaffRow>(
            'UPDATE staff_accounts SET disabled_at = coalesce(disabled_at, $1::timestamptz) WHERE login = $2 RETURNING *',
            [now(), login],
          )
        : await one<StaffRow>('UPDATE staff_accounts SET disabled_at = NULL WHERE login = $1 RETURNING *', [login]);
      return row ? toStaff(row) : null;
    },

    async createSession({ tokenHash, login, ttlMs }) {
      const created = now();
      const row = await one<SessionRow>(
        'INSERT INTO staff_sessions (token_hash, login, created_at, expires_at) VALUES ($1, $2, $3::timestamptz, $4::timestamptz) RETURNING *',
        [
          requireText(tokenHash, 'tokenHash', 200),
          requireText(login, 'login', 100),
          created,
          isoAfter(created, requireDuration(ttlMs, 'ttlMs')),
        ],
      );
      return toSession(row as SessionRow);
    },

    async getSession(tokenHash) {
      const row = await one<SessionRow>(
        `SELECT s.* FROM staff_sessions s JOIN staff_accounts a ON a.login = s.login
         WHERE s.token_hash = $1 AND s.expires_at > $2::timestamptz AND a.disabled_at IS NULL`,
        [tokenHash, now()],
      );
      return row ? toSession(row) : null;
    },

    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
    },

    async deleteSessionsOf(login) {
      return (await pool.query('DELETE FROM staff_sessions WHERE login = $1', [login])).rowCount ?? 0;
    },

    async recordLoginFailure(key, windowMs) {
      requireText(key, 'key', 200);
      const cutoff = isoBefore(clock, requireDuration(windowMs, 'windowMs'));
      const row = await one<ThrottleRow>(
        `INSERT INTO login_throttle AS t (key, failures, first_failure_at, last_failure_at)
         VALUES ($1, 1, $2::timestamptz, $2::timestamptz)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.first_failure_at <= $3::timestamptz THEN 1 ELSE t.failures + 1 END,
           first_failure_at = CASE WHEN t.first_failure_at <= $3::timestamptz THEN $2::timestamptz ELSE t.first_failure_at END,
           last_failure_at = $2::timestamptz
         RETURNING *`,
        [key, now(), cutoff],
      );
      return toThrottle(row as ThrottleRow);
    },

    async getLoginThrottle(key) {
      const row = await one<ThrottleRow>('SELECT * FROM login_throttle WHERE key = $1', [key]);
      return row ? toThrottle(row) : null;
    },

    async clearLoginFailures(key) {
      await pool.query('DELETE FROM login_throttle WHERE key = $1', [key]);
    },

    async hitRateLimit(key, windowMs) {
      requireText(key, 'key', 200);
      const start = windowStartOf(clock, requireDuration(windowMs, 'windowMs'));
      const row = (await one<{ window_start: Date; hits: number }>(
        `INSERT INTO rate_limits AS r (key, window_start, hits) VALUES ($1, $2::timestamptz, 1)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.window_start < $2::timestamptz THEN 1 ELSE r.hits + 1 END,
           window_start = CASE WHEN r.window_start < $2::timestamptz THEN $2::timestamptz ELSE r.window_start END
         RETURNING window_start, hits`,
        [key, start],
      ))!;
      const windowStart = iso(row.window_start);
      return { count: row.hits, windowStart, resetAt: isoAfter(windowStart, windowMs) };
    },

    async releaseRateLimit(key, windowMs) {
      requireText(key, 'key', 200);
      const start = windowStartOf(clock, requireDuration(windowMs, 'windowMs'));
      await pool.query('UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND window_start = $2::timestamptz AND hits > 0', [
        key,
        start,
      ]);
    },

    async pruneCounters(olderThanMs) {
      const cutoff = isoBefore(clock, requireDuration(olderThanMs, 'olderThanMs'));
      return transaction(async (client) => {
        const rates = await client.query('DELETE FROM rate_limits WHERE window_start <= $1::timestamptz', [cutoff]);
        const logins = await client.query('DELETE FROM login_throttle WHERE last_failure_at <= $1::timestamptz', [cutoff]);
        const sessions = await client.query('DELETE FROM staff_sessions WHERE expires_at <= $1::timestamptz', [now()]);
        return (rates.rowCount ?? 0) + (logins.rowCount ?? 0) + (sessions.rowCount ?? 0);
      });
    },

    async appendAudit(entry) {
      const row = await one<AuditRow>(INSERT_AUDIT, [
        now(),
        requireText(entry.actor, 'actor', 200),
        requireText(entry.action, 'action', 200),
        entry.target ?? null,
        entry.reason ?? null,
      ]);
      return toAudit(row as AuditRow);
    },

    async listAudit(query = {}) {
      const limit = clampLimit(query.limit, 100, 1000);
      const params: unknown[] = [];
      const where: string[] = [];
      if (query.target !== undefined) {
        params.push(query.target);
        where.push(`target = $${params.length}`);
      }
      if (query.beforeId !== undefined) {
        params.push(query.beforeId);
        where.push(`id < $${params.length}`);
      }
      params.push(limit);
      const { rows } = await pool.query<AuditRow>(
        `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(toAudit);
    },

    async checkWritable() {
      // Reading the table proves the schema in place; a standby or a read-only session refuses writes.
      const { rows } = await pool.query<{ standby: boolean; read_only: string }>(
        `SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') AS read_only
         FROM (SELECT count(*) FROM (SELECT 1 FROM contributions LIMIT 1) AS one_row) AS schema_check`,
      );
      if (rows[0]?.standby || rows[0]?.read_only === 'on')
        throw new Error('la base n’accepte pas d’écriture (serveur secondaire ou lecture seule)');
    },

    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return store;
}
