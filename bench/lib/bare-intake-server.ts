/**
 * The yardstick of the consultation benches: a bare `node:http` server doing only what no intake
 * can do without — read the body, JSON.parse it, one INSERT into the same `contributions` table
 * (created by our migrations: same columns, checks and indexes) — and answer 201. No token, proof
 * of work, rate limit, validation nor framework. Run in its own process by the benches:
 * `node bench/lib/bare-intake-server.ts` with HOST, PORT and DATA_DIR (better-sqlite3, WAL,
 * synchronous=FULL), or DATABASE_URL (one `pg` INSERT, a pool of 10 connections as our store).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MIGRATIONS } from '../../src/server/store/migrations.ts';
import { SQLITE_FILE } from '../../src/server/store/sqlite.ts';

const COLUMNS = '(id, consultation, entry, answers, pseudonym, profile, created_at, updated_at, status, receipt_hash, idempotency_key)';

/** One INSERT of a contribution's ten values, into SQLite or PostgreSQL. */
type Insert = (values: unknown[]) => unknown;

function sqliteInsert(): Insert {
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data-nu');
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, SQLITE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const migration of MIGRATIONS) db.exec(migration.sqlite);
  const insert = db.prepare(`INSERT INTO contributions ${COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`);
  return (values) => insert.run(...values);
}

async function postgresInsert(databaseUrl: string): Promise<Insert> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  for (const migration of MIGRATIONS) await pool.query(migration.postgres);
  const sql = `INSERT INTO contributions ${COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10)`;
  return (values) => pool.query(sql, values);
}

const insert = process.env.DATABASE_URL ? await postgresInsert(process.env.DATABASE_URL) : sqliteInsert();

const text = (value: unknown) => (typeof value === 'string' ? value : null);
const json = (value: unknown) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : null);

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    let status = 201;
    let answer: unknown;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const now = new Date().toISOString();
      const receipt = randomBytes(16).toString('base64url');
      await insert([
        randomUUID(),
        req.url?.split('/')[2] ?? '',
        text(body.entry),
        json(body.answers ?? {}),
        text(body.pseudonym),
        json(body.profile),
        now,
        now,
        receipt,
        String(body.cle),
      ]);
      answer = { recu: receipt };
    } catch (error) {
      status = 400;
      answer = { erreur: String(error) };
    }
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(answer));
  });
});
server.listen(Number(process.env.PORT ?? 4322), process.env.HOST ?? '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
