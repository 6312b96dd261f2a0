/**
 * Versioned schema migrations for both dialects. The list is ordered and append-only: never edit
 * a migration that has shipped, add a new one. At startup each adapter creates
 * `schema_migrations` if needed and applies, in order and each in its own transaction, the
 * migrations it does not list yet; running it again changes nothing. A database migrated by a
 * newer version of the code is refused rather than used half-understood.
 *
 * Dialects differ on purpose: SQLite stores timestamps as ISO text and JSON as checked text
 * (STRICT tables); PostgreSQL uses timestamptz and json (kept as sent, key order included), and
 * binary collation ("C") on the columns we sort or page on, so that both order rows alike.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const STATUS_CHECKS = `
  CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  CHECK (status <> 'rejected' OR moderation_reason IS NOT NULL),
  CHECK (status NOT IN ('approved', 'rejected') OR (moderator IS NOT NULL AND moderated_at IS NOT NULL)),
  CHECK ((answers IS NULL) = (erased_at IS NOT NULL)),
  CHECK (status <> 'withdrawn' OR erased_at IS NOT NULL),
  UNIQUE (consultation, idempotency_key)`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'contributions',
    sqlite: `
      CREATE TABLE contributions (
        id TEXT PRIMARY KEY NOT NULL,
        consultation TEXT NOT NULL,
        answers TEXT CHECK (answers IS NULL OR json_valid(answers)),
        pseudonym TEXT,
        profile TEXT CHECK (profile IS NULL OR json_valid(profile)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL,
        moderation_reason TEXT,
        moderator TEXT,
        moderated_at TEXT,
        erased_at TEXT,
        receipt_hash TEXT NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL,
        ${STATUS_CHECKS}
      ) STRICT;
      CREATE INDEX contributions_listing ON contributions (consultation, status, created_at, id);
      CREATE INDEX contributions_retention ON contributions (status, created_at);`,
    postgres: `
      CREATE TABLE contributions (
        id text COLLATE "C" PRIMARY KEY,
        consultation text COLLATE "C" NOT NULL,
        answers json,
        pseudonym text,
        profile json,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        status text COLLATE "C" NOT NULL,
        moderation_reason text COLLATE "C",
        moderator text,
        moderated_at timestamptz,
        erased_at timestamptz,
        receipt_hash text COLLATE "C" NOT NULL UNIQUE,
        idempotency_key text COLLATE "C" NOT NULL,
        ${STATUS_CHECKS}
      );
      CREATE INDEX contributions_listing ON contributions (consultation, status, created_at, id);
      CREATE INDEX contributions_retention ON contributions (status, created_at);`,
  },
  {
    version: 2,
    name: 'staff, login throttling, rate limits',
    sqlite: `
      CREATE TABLE staff_accounts (
        login TEXT PRIMARY KEY NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      ) STRICT;
      CREATE TABLE login_throttle (
        key TEXT PRIMARY KEY NOT NULL,
        failures INTEGER NOT NULL CHECK (failures > 0),
        first_failure_at TEXT NOT NULL,
        last_failure_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY NOT NULL,
        window_start TEXT NOT NULL,
        hits INTEGER NOT NULL CHECK (hits > 0)
      ) STRICT;`,
    postgres: `
      CREATE TABLE staff_accounts (
        login text COLLATE "C" PRIMARY KEY,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        disabled_at timestamptz
      );
      CREATE TABLE login_throttle (
        key text COLLATE "C" PRIMARY KEY,
        failures integer NOT NULL CHECK (failures > 0),
        first_failure_at timestamptz NOT NULL,
        last_failure_at timestamptz NOT NULL
      );
      CREATE TABLE rate_limits (
        key text COLLATE "C" PRIMARY KEY,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits > 0)
      );`,
  },
  {
    version: 3,
    name: 'append-only audit log',
    sqlite: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        reason TEXT
      ) STRICT;
      CREATE INDEX audit_log_by_target ON audit_log (target, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`,
    postgres: `
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text COLLATE "C",
        reason text
      );
      CREATE INDEX audit_log_by_target ON audit_log (target, id);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
        END
      $fn$;
      -- Statement-level, so that even an UPDATE or DELETE matching no row is refused.
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;`,
  },
  {
    version: 4,
    name: 'register entry of a contribution, staff sessions',
    sqlite: `
      ALTER TABLE contributions ADD COLUMN entry TEXT;
      CREATE TABLE staff_sessions (
        token_hash TEXT PRIMARY KEY NOT NULL,
        login TEXT NOT NULL REFERENCES staff_accounts (login) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX staff_sessions_by_login ON staff_sessions (login);`,
    postgres: `
      ALTER TABLE contributions ADD COLUMN entry text COLLATE "C";
      CREATE TABLE staff_sessions (
        token_hash text COLLATE "C" PRIMARY KEY,
        login text COLLATE "C" NOT NULL REFERENCES staff_accounts (login) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX staff_sessions_by_login ON staff_sessions (login);`,
  },
  {
    // Listing a consultation without a status (the CSV export, page by page) had no index in
    // its order: every page sorted the whole consultation (0.2 s a page at 30,000 contributions).
    version: 5,
    name: 'contributions of a consultation in creation order',
    sqlite: `CREATE INDEX contributions_by_creation ON contributions (consultation, created_at, id);`,
    postgres: `CREATE INDEX contributions_by_creation ON contributions (consultation, created_at, id);`,
  },
  {
    // PostgreSQL plans the prepared intake statement at its sixth run on each connection, and
    // again after each ANALYZE or VACUUM of the table, often while the table is nearly empty:
    // with the consultation leading, the unique key tied with the indexes by consultation, and
    // the lookup of an earlier contribution could walk the whole consultation. With the random
    // key leading, no other index can serve it. On a table analysed or vacuumed at a few dozen
    // rows, PostgreSQL reads it whole instead until the next ANALYZE or VACUUM, which is cheap at
    // that size. The first automatic ANALYZE waits for 1,000 rows: a launch's rush (up to a
    // minute between two autovacuum rounds) is then planned on the table sized as it is, through
    // the key. SQLite picks the unique index already: all its columns are compared by equality.
    version: 6,
    name: 'idempotency key first in its unique index',
    sqlite: `-- nothing to change on SQLite`,
    // A unique index rather than a constraint: building it blocks writes but not reads, and only
    // the removal of the old key, which is instant, blocks both. The version still running during
    // a deployment works on either key (ON CONFLICT names the columns, not the index).
    postgres: `CREATE UNIQUE INDEX contributions_idempotency_key ON contributions (idempotency_key, consultation);
      ALTER TABLE contributions DROP CONSTRAINT contributions_consultation_idempotency_key_key;
      ALTER TABLE contributions SET (autovacuum_analyze_threshold = 1000);`,
  },
];

for (const [index, migration] of MIGRATIONS.entries()) {
  if (migration.version !== index + 1) throw new Error(`migrations : version ${migration.version} à la position ${index + 1}`);
}

export const LATEST_VERSION = MIGRATIONS.length;

function refuseNewer(current: number): void {
  if (current > LATEST_VERSION) {
    throw new Error(
      `La base est au schéma ${current}, ce code ne connaît que ${LATEST_VERSION} : mettez le code à jour plutôt que de l’utiliser.`,
    );
  }
}

/** Applies the missing migrations; returns the versions applied by this call. */
export function migrateSqlite(db: BetterSqlite3.Database, now: () => Date = () => new Date()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const current = db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number };
  refuseNewer(current.v);
  const applied: number[] = [];
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    // IMMEDIATE: another process opening the same file waits instead of applying it twice.
    const apply = db.transaction(() => {
      if (isApplied.get(migration.version)) return false;
      db.exec(migration.sqlite);
      record.run(migration.version, migration.name, now().toISOString());
      return true;
    });
    if (apply.immediate()) applied.push(migration.version);
  }
  return applied;
}

/** Arbitrary constant naming the advisory lock that serialises migrations across app instances. */
const MIGRATION_LOCK = 0x5245_4749; // "REGI"

/**
 * Applies the missing migrations, up to `upTo` (all of them but in the upgrade tests); returns
 * the versions applied by this call.
 */
export async function migratePostgres(pool: pg.Pool, upTo = LATEST_VERSION): Promise<number[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const current = await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations');
      refuseNewer(current.rows[0]?.v ?? 0);
      const applied: number[] = [];
      for (const migration of MIGRATIONS.filter((m) => m.version <= upTo)) {
        await client.query('BEGIN');
        try {
          const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
          if (done.rowCount) {
            await client.query('ROLLBACK');
            continue;
          }
          await client.query(migration.postgres);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
          applied.push(migration.version);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((error: Error) => {
        broken = error;
      });
    }
  } finally {
    // A connection whose unlock failed is destroyed rather than returned to the pool still locked.
    client.release(broken);
  }
}
