/**
 * The contribution store, one suite run against both adapters: SQLite (a temporary data folder)
 * and PostgreSQL (a throwaway cluster, see tests/helpers/postgres.ts). Same inputs, same results.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/store/index.ts';
import { LATEST_VERSION, migratePostgres } from '../../src/server/store/migrations.ts';
import { ADMIT } from '../../src/server/store/postgres.ts';
import { openSqliteDatabase, SQLITE_FILE } from '../../src/server/store/sqlite.ts';
import type {
  Contribution,
  ContributionStatus,
  ContributionStore,
  JsonObject,
  ModerationResult,
  NewContribution,
  StoreOptions,
  UndoResult,
  WithdrawResult,
} from '../../src/server/store/types.ts';
import { AUDIT_ACTIONS } from '../../src/server/store/types.ts';
import { postgresAvailable, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';

// ---------------------------------------------------------------------------------------------
// Backends

interface Raw {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

interface Location {
  open(options?: StoreOptions & { poolSize?: number }): Promise<ContributionStore>;
  raw(): Promise<Raw>;
  dataDir?: string;
  databaseUrl?: string;
}

interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  available: boolean;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** An empty database, not yet migrated. */
  fresh(): Promise<Location>;
}

function sqliteBackend(): Backend {
  let root = '';
  let n = 0;
  return {
    name: 'SQLite',
    available: true,
    async setup() {
      root = mkdtempSync(path.join(tmpdir(), 'registre-store-'));
    },
    async teardown() {
      if (root) rmSync(root, { recursive: true, force: true });
    },
    async fresh() {
      const dataDir = path.join(root, `data-${n++}`);
      return {
        dataDir,
        open: (options = {}) => openStore({ ...options, dataDir }),
        async raw() {
          const db = new Database(path.join(dataDir, SQLITE_FILE));
          return {
            async exec(sql) {
              db.exec(sql);
            },
            async rows<T>(sql: string) {
              return db.prepare(sql).all() as T[];
            },
            async close() {
              db.close();
            },
          };
        },
      };
    },
  };
}

function postgresBackend(): Backend {
  let cluster: PostgresCluster | undefined;
  let n = 0;
  return {
    name: 'PostgreSQL',
    available: postgresAvailable,
    async setup() {
      cluster = await startPostgres();
    },
    async teardown() {
      await cluster?.stop();
    },
    async fresh() {
      if (!cluster) throw new Error('cluster PostgreSQL non démarré');
      const databaseUrl = await cluster.createDatabase(`store_${n++}`);
      return {
        databaseUrl,
        open: (options = {}) => openStore({ ...options, databaseUrl }),
        async raw() {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          return {
            async exec(sql) {
              await client.query(sql);
            },
            async rows<T>(sql: string) {
              return (await client.query(sql)).rows as T[];
            },
            async close() {
              await client.end();
            },
          };
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function manualClock(start = '2030-03-01T08:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

let seq = 0;
function submission(
  consultation: string,
  extra: Partial<{ key: string; answers: JsonObject; pseudonym: string; profile: JsonObject }> = {},
) {
  seq++;
  return {
    consultation,
    answers: extra.answers ?? { q1: `réponse ${seq}`, q2: ['a', 'b'], q3: { note: 4 } },
    pseudonym: extra.pseudonym ?? `Habitant ${seq}`,
    profile: extra.profile ?? { quartier: 'centre', age: '30-44' },
    receiptHash: `receipt-${seq}-${Math.random().toString(36).slice(2)}`,
    idempotencyKey: extra.key ?? `key-${seq}`,
  };
}

function byCreation(a: Contribution, b: Contribution): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

async function listAll(store: ContributionStore, consultation: string, status: ContributionStatus | undefined, limit: number) {
  const items: Contribution[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const result = await store.list({ consultation, status, limit, cursor });
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('pagination sans fin');
}

// ---------------------------------------------------------------------------------------------
// In-memory model for the property test: the simplest possible statement of the behaviour.

interface ModelState {
  rows: Map<string, Contribution>;
}

function modelCreate(state: ModelState, input: NewContribution, now: string, id: string) {
  for (const row of state.rows.values()) {
    if (row.consultation === input.consultation && row.idempotencyKey === input.idempotencyKey)
      return { created: false, contribution: row };
  }
  const row: Contribution = {
    id,
    consultation: input.consultation,
    entry: input.entry ?? null,
    answers: input.answers,
    pseudonym: input.pseudonym ?? null,
    profile: input.profile ?? null,
    createdAt: now,
    updatedAt: now,
    status: 'pending',
    moderationReason: null,
    moderator: null,
    moderatedAt: null,
    erasedAt: null,
    receiptHash: input.receiptHash,
    idempotencyKey: input.idempotencyKey,
  };
  state.rows.set(id, row);
  return { created: true, contribution: row };
}

function modelModerate(state: ModelState, id: string, approve: boolean, moderator: string, reason: string, now: string): ModerationResult {
  const row = state.rows.get(id);
  if (!row) return { ok: false, error: 'not_found' };
  if (row.status !== 'pending') return { ok: false, error: 'not_pending', status: row.status };
  const next: Contribution = {
    ...row,
    status: approve ? 'approved' : 'rejected',
    moderationReason: approve ? null : reason,
    moderator,
    moderatedAt: now,
    updatedAt: now,
  };
  state.rows.set(id, next);
  return { ok: true, contribution: next };
}

function modelUndo(state: ModelState, id: string, from: 'approved' | 'rejected', now: string): UndoResult {
  const row = state.rows.get(id);
  if (!row) return { ok: false, error: 'not_found' };
  if (row.status !== from) return { ok: false, error: 'status_changed', status: row.status };
  if (row.erasedAt !== null) return { ok: false, error: 'erased' };
  const next: Contribution = { ...row, status: 'pending', moderationReason: null, moderator: null, moderatedAt: null, updatedAt: now };
  state.rows.set(id, next);
  return { ok: true, contribution: next };
}

function modelWithdraw(state: ModelState, receiptHash: string, now: string): WithdrawResult {
  const row = [...state.rows.values()].find((r) => r.receiptHash === receiptHash);
  if (!row) return { ok: false, error: 'not_found' };
  if (row.status === 'withdrawn') return { ok: false, error: 'already_withdrawn', contribution: row };
  const next: Contribution = { ...row, status: 'withdrawn', answers: null, pseudonym: null, profile: null, erasedAt: now, updatedAt: now };
  state.rows.set(row.id, next);
  return { ok: true, contribution: next };
}

function modelPurge(state: ModelState, cutoff: string, now: string): number {
  let count = 0;
  for (const row of [...state.rows.values()]) {
    if (row.status === 'pending' && row.createdAt < cutoff) {
      state.rows.delete(row.id);
      count++;
    } else if (row.status === 'rejected' && row.erasedAt === null && row.moderatedAt !== null && row.moderatedAt < cutoff) {
      state.rows.set(row.id, { ...row, answers: null, pseudonym: null, profile: null, erasedAt: now, updatedAt: now });
      count++;
    }
  }
  return count;
}

// ---------------------------------------------------------------------------------------------

const BACKENDS = [sqliteBackend(), postgresBackend()];

describe.each(BACKENDS)('ContributionStore sur $name', (backend) => {
  const test = backend.available ? it : it.skip;
  const opened: ContributionStore[] = [];
  const raws: Raw[] = [];

  beforeAll(async () => {
    if (backend.available) await backend.setup();
  });
  afterAll(async () => {
    if (backend.available) await backend.teardown();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await Promise.all(raws.splice(0).map((raw) => raw.close()));
  });

  async function fresh(options: StoreOptions & { poolSize?: number } = {}) {
    const location = await backend.fresh();
    const store = await location.open(options);
    opened.push(store);
    return { location, store };
  }
  async function rawOf(location: Location) {
    const raw = await location.raw();
    raws.push(raw);
    return raw;
  }
  async function reopen(location: Location, options: StoreOptions & { poolSize?: number } = {}) {
    const store = await location.open(options);
    opened.push(store);
    return store;
  }

  test('contrôle d’écriture (page /sante) : accepté sur un magasin ouvert, refusé sans table ou après fermeture', async () => {
    const { location, store } = await fresh();
    await expect(store.checkWritable()).resolves.toBeUndefined();
    const raw = await rawOf(location);
    await raw.exec('ALTER TABLE contributions RENAME TO contributions_moved');
    await expect(store.checkWritable()).rejects.toThrow();
    await raw.exec('ALTER TABLE contributions_moved RENAME TO contributions');
    await expect(store.checkWritable()).resolves.toBeUndefined();
    const other = await reopen(location);
    await other.close();
    await expect(other.checkWritable()).rejects.toThrow();
  });

  test('migrations : appliquées une fois, rejouées sans effet, même en parallèle ; schéma plus récent refusé', async () => {
    const location = await backend.fresh();
    // Three app instances starting at once on an empty database.
    const stores = await Promise.all([location.open(), location.open(), location.open()]);
    opened.push(...stores);
    const [first] = stores;
    const created = await first!.create(submission('parc'));
    await Promise.all(stores.map((store) => store.close()));

    const again = await reopen(location);
    expect(await again.get(created.contribution.id)).toEqual(created.contribution);
    const raw = await rawOf(location);
    const versions = await raw.rows<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => Number(v.version))).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));

    await raw.exec(
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${LATEST_VERSION + 1}, 'futur', '2031-01-01T00:00:00Z')`,
    );
    await expect(location.open()).rejects.toThrow(/schéma/);
  });

  if (backend.name === 'SQLite')
    test('SQLite : WAL, synchronous=FULL, clés étrangères, délai d’attente, secure_delete, fichier lisible du seul service', async () => {
      const { location } = await fresh();
      const db = openSqliteDatabase(location.dataDir!);
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
        expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
        expect(db.pragma('secure_delete', { simple: true })).toBe(1);
      } finally {
        db.close();
      }
      // WAL is a property of the file: any later connection sees it.
      const raw = await rawOf(location);
      expect(await raw.rows('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(statSync(path.join(location.dataDir!, SQLITE_FILE)).mode & 0o777).toBe(0o600);
      expect(statSync(location.dataDir!).mode & 0o077).toBe(0);
    });

  test('création, lecture par id et par empreinte du reçu ; JSON rendu tel quel', async () => {
    const { store } = await fresh();
    const input = submission('parc', { answers: { z: 1, a: [true, null, 'é'], m: { y: 2, b: 'x' } } });
    const { contribution, created } = await store.create(input);
    expect(created).toBe(true);
    expect(contribution.id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(contribution).toMatchObject({
      consultation: 'parc',
      status: 'pending',
      pseudonym: input.pseudonym,
      profile: input.profile,
      receiptHash: input.receiptHash,
      idempotencyKey: input.idempotencyKey,
      moderationReason: null,
      moderator: null,
      moderatedAt: null,
      erasedAt: null,
    });
    expect(JSON.stringify(contribution.answers)).toBe(JSON.stringify(input.answers));
    expect(contribution.createdAt).toBe(contribution.updatedAt);
    expect(new Date(contribution.createdAt).toISOString()).toBe(contribution.createdAt);
    expect(await store.get(contribution.id)).toEqual(contribution);
    expect(await store.getByReceiptHash(input.receiptHash)).toEqual(contribution);
    expect(await store.get('inconnu')).toBeNull();
    expect(await store.getByReceiptHash('inconnu')).toBeNull();
    const anonymous = await store.create({ ...submission('parc'), pseudonym: undefined, profile: undefined });
    expect(anonymous.contribution).toMatchObject({ pseudonym: null, profile: null });
    // Same receipt hash under another key: refused, never silently merged.
    await expect(store.create({ ...submission('parc'), receiptHash: input.receiptHash })).rejects.toThrow();
    await expect(store.create({ ...submission('parc'), answers: [] as unknown as JsonObject })).rejects.toThrow(TypeError);
    // Text PostgreSQL could not store as given is refused by both; inside JSON it is escaped and kept.
    await expect(store.create({ ...submission('parc'), pseudonym: 'a\u0000b' })).rejects.toThrow(TypeError);
    await expect(store.create({ ...submission('parc'), pseudonym: 'a\ud800' })).rejects.toThrow(TypeError);
    const odd = await store.create(submission('parc', { answers: { 'clé\u0000': 'x\u0000y\n«»😀' } }));
    expect((await store.get(odd.contribution.id))?.answers).toEqual({ 'clé\u0000': 'x\u0000y\n«»😀' });
  });

  test('idempotence : 40 envois simultanés de la même clé depuis deux instances donnent un seul enregistrement', async () => {
    const { location, store } = await fresh({ poolSize: 10 });
    const other = await reopen(location, { poolSize: 10 });
    const input = submission('parc', { key: 'double-clic' });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).create({ ...input, receiptHash: `${input.receiptHash}-${i}` })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.contribution.id)).size).toBe(1);
    const first = results.find((r) => r.created)!.contribution;
    for (const r of results) expect(r.contribution).toEqual(first);
    expect((await store.counts('parc')).byStatus.pending).toBe(1);
    // The key is unique per consultation, not globally.
    const elsewhere = await store.create({ ...input, consultation: 'piscine', receiptHash: 'autre' });
    expect(elsewhere.created).toBe(true);
    expect(elsewhere.contribution.id).not.toBe(first.id);
    // A retry after moderation still returns the first record.
    await store.moderate(first.id, { decision: 'approve', moderator: 'agent' });
    const retry = await store.create({ ...input, receiptHash: 'encore' });
    expect(retry).toMatchObject({ created: false, contribution: { id: first.id, status: 'approved' } });
  });

  test('admission : tentative comptée, doublon sans quota, quota refusé sans compter, puis fenêtre suivante', async () => {
    const clock = manualClock('2030-03-01T08:17:00.000Z');
    const { store } = await fresh({ clock: clock.now });
    const limits = (attemptsMax: number, quotaMax: number) => ({
      attempts: { key: 'tentatives:x', windowMs: HOUR, max: attemptsMax },
      quota: { key: 'contribution:x', windowMs: HOUR, max: quotaMax },
    });
    const first = submission('parc', { key: 'premier' });
    const created = await store.admit({ ...limits(10, 2), contribution: first });
    expect(created).toMatchObject({ kind: 'created', contribution: { consultation: 'parc', status: 'pending' } });
    // The same key again: the first contribution, the quota untouched, the attempt counted.
    const again = await store.admit({ ...limits(10, 2), contribution: { ...first, receiptHash: 'autre' } });
    expect(again).toEqual({ kind: 'duplicate', contribution: (created as { contribution: Contribution }).contribution });
    expect(await store.admit({ ...limits(10, 2), contribution: submission('parc') })).toMatchObject({ kind: 'created' });
    // Over the quota: refused with the count it would have made, and nothing counted or stored.
    const over = await store.admit({ ...limits(10, 2), contribution: submission('parc') });
    expect(over).toEqual({
      kind: 'over-quota',
      hit: { count: 3, windowStart: '2030-03-01T08:00:00.000Z', resetAt: '2030-03-01T09:00:00.000Z' },
    });
    expect((await store.counts('parc')).byStatus.pending).toBe(2);
    expect((await store.hitRateLimit('contribution:x', HOUR)).count).toBe(3);
    expect((await store.hitRateLimit('tentatives:x', HOUR)).count).toBe(5);
    // Over the attempts: refused before anything else, even a known key.
    expect(await store.admit({ ...limits(5, 100), contribution: first })).toMatchObject({ kind: 'too-many-attempts', hit: { count: 6 } });
    expect((await store.counts('parc')).byStatus.pending).toBe(2);
    // The next window starts both counters again.
    clock.advance(HOUR);
    expect(await store.admit({ ...limits(1, 1), contribution: submission('parc') })).toMatchObject({ kind: 'created' });
    expect((await store.hitRateLimit('contribution:x', HOUR)).count).toBe(2);
  });

  test('admission : 30 envois simultanés de la même clé depuis deux instances, un seul enregistré, un seul compté', async () => {
    const { location, store } = await fresh({ poolSize: 10 });
    const other = await reopen(location, { poolSize: 10 });
    const input = submission('parc', { key: 'double-clic' });
    const limits = {
      attempts: { key: 'tentatives:y', windowMs: HOUR, max: 1000 },
      quota: { key: 'contribution:y', windowMs: HOUR, max: 1000 },
    };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? store : other).admit({ ...limits, contribution: { ...input, receiptHash: `r-${i}` } })),
    );
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'duplicate')).toHaveLength(29);
    expect(new Set(results.map((r) => (r as { contribution: Contribution }).contribution.id)).size).toBe(1);
    expect((await store.hitRateLimit('contribution:y', HOUR)).count).toBe(2);
    expect((await store.hitRateLimit('tentatives:y', HOUR)).count).toBe(31);
  });

  test('machine à états : seulement depuis « pending », une seule fois, qui/quand/pourquoi consignés', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    const a = (await store.create(submission('parc'))).contribution;
    const b = (await store.create(submission('parc'))).contribution;
    const c = (await store.create(submission('parc'))).contribution;
    clock.advance(60_000);

    const approved = await store.moderate(a.id, { decision: 'approve', moderator: 'agent.a' });
    expect(approved).toEqual({
      ok: true,
      contribution: {
        ...a,
        status: 'approved',
        moderator: 'agent.a',
        moderatedAt: '2030-03-01T08:01:00.000Z',
        updatedAt: '2030-03-01T08:01:00.000Z',
      },
    });
    expect(await store.moderate(a.id, { decision: 'approve', moderator: 'agent.b' })).toEqual({
      ok: false,
      error: 'not_pending',
      status: 'approved',
    });
    expect(await store.moderate(a.id, { decision: 'reject', moderator: 'agent.b', reasonId: 'hors-sujet' })).toEqual({
      ok: false,
      error: 'not_pending',
      status: 'approved',
    });

    const rejected = await store.moderate(b.id, { decision: 'reject', moderator: 'agent.b', reasonId: 'propos-injurieux' });
    expect(rejected.ok && rejected.contribution).toMatchObject({
      status: 'rejected',
      moderationReason: 'propos-injurieux',
      moderator: 'agent.b',
    });
    expect(await store.moderate(b.id, { decision: 'approve', moderator: 'agent.a' })).toEqual({
      ok: false,
      error: 'not_pending',
      status: 'rejected',
    });

    expect((await store.withdraw(c.receiptHash)).ok).toBe(true);
    expect(await store.moderate(c.id, { decision: 'approve', moderator: 'agent.a' })).toEqual({
      ok: false,
      error: 'not_pending',
      status: 'withdrawn',
    });
    expect(await store.moderate('inconnu', { decision: 'approve', moderator: 'agent.a' })).toEqual({ ok: false, error: 'not_found' });
    await expect(store.moderate(a.id, { decision: 'reject', moderator: 'agent.a', reasonId: '' })).rejects.toThrow(TypeError);

    // Two moderators at once on the same contribution: exactly one wins.
    const d = (await store.create(submission('parc'))).contribution;
    const race = await Promise.all([
      store.moderate(d.id, { decision: 'approve', moderator: 'agent.a' }),
      store.moderate(d.id, { decision: 'reject', moderator: 'agent.b', reasonId: 'doublon' }),
      store.moderate(d.id, { decision: 'approve', moderator: 'agent.c' }),
    ]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);

    const audit = await store.listAudit();
    expect(audit.map((e) => [e.actor, e.action, e.target, e.reason])).toEqual([
      [expect.any(String), expect.stringMatching(/^contribution\.(approve|reject)$/), d.id, expect.toBeOneOf([null, 'doublon'])],
      ['contributor', 'contribution.withdraw', c.id, null],
      ['agent.b', 'contribution.reject', b.id, 'propos-injurieux'],
      ['agent.a', 'contribution.approve', a.id, null],
    ]);
  });

  test('annuler une décision : approuvée ou rejetée revient en attente, auditée ; refusé si retirée, effacée ou changée', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(async () => (await store.create(submission('parc'))).contribution));
    await store.moderate(a!.id, { decision: 'approve', moderator: 'agent.a' });
    await store.moderate(b!.id, { decision: 'reject', moderator: 'agent.a', reasonId: 'hors-sujet' });
    clock.advance(60_000);

    const undone = await store.undoDecision(a!.id, { moderator: 'agent.b', from: 'approved' });
    expect(undone).toEqual({
      ok: true,
      contribution: {
        ...a,
        status: 'pending',
        moderationReason: null,
        moderator: null,
        moderatedAt: null,
        updatedAt: '2030-03-01T08:01:00.000Z',
      },
    });
    const back = await store.undoDecision(b!.id, { moderator: 'agent.b', from: 'rejected' });
    expect(back.ok && back.contribution).toMatchObject({ status: 'pending', moderationReason: null, answers: b!.answers });
    expect((await store.counts('parc')).byStatus).toMatchObject({ pending: 4, approved: 0, rejected: 0 });
    // Moderated again, like any pending contribution.
    expect((await store.moderate(b!.id, { decision: 'approve', moderator: 'agent.b' })).ok).toBe(true);

    // The decision the moderator saw has changed in between: nothing happens.
    expect(await store.undoDecision(a!.id, { moderator: 'agent.b', from: 'approved' })).toEqual({
      ok: false,
      error: 'status_changed',
      status: 'pending',
    });
    expect(await store.undoDecision(b!.id, { moderator: 'agent.b', from: 'rejected' })).toEqual({
      ok: false,
      error: 'status_changed',
      status: 'approved',
    });
    // Withdrawn by its author: never brought back.
    await store.moderate(c!.id, { decision: 'approve', moderator: 'agent.a' });
    await store.withdraw(c!.receiptHash);
    expect(await store.undoDecision(c!.id, { moderator: 'agent.b', from: 'approved' })).toEqual({
      ok: false,
      error: 'status_changed',
      status: 'withdrawn',
    });
    // Rejected and erased by retention: nothing left to moderate again.
    await store.moderate(d!.id, { decision: 'reject', moderator: 'agent.a', reasonId: 'doublon' });
    clock.advance(DAY);
    expect(await store.purge({ olderThanMs: 1 })).toBeGreaterThan(0);
    expect(await store.undoDecision(d!.id, { moderator: 'agent.b', from: 'rejected' })).toEqual({ ok: false, error: 'erased' });
    expect((await store.get(d!.id))?.status).toBe('rejected');
    expect(await store.undoDecision('inconnue', { moderator: 'agent.b', from: 'approved' })).toEqual({ ok: false, error: 'not_found' });
    await expect(store.undoDecision(a!.id, { moderator: '', from: 'approved' })).rejects.toThrow(TypeError);

    const undos = (await store.listAudit()).filter((e) => e.action === AUDIT_ACTIONS.undo);
    expect(undos.map((e) => [e.actor, e.target, e.reason])).toEqual([
      ['agent.b', b!.id, 'rejected'],
      ['agent.b', a!.id, 'approved'],
    ]);
  });

  test('retrait par le contributeur : réponses, pseudonyme et profil effacés, enregistrement gardé « withdrawn »', async () => {
    const clock = manualClock();
    const { location, store } = await fresh({ clock: clock.now });
    const mine = (await store.create(submission('parc'))).contribution;
    await store.moderate(mine.id, { decision: 'approve', moderator: 'agent' });
    clock.advance(DAY);

    const result = await store.withdraw(mine.receiptHash);
    expect(result).toEqual({
      ok: true,
      contribution: {
        ...mine,
        status: 'withdrawn',
        answers: null,
        pseudonym: null,
        profile: null,
        moderator: 'agent',
        moderatedAt: mine.createdAt,
        erasedAt: '2030-03-02T08:00:00.000Z',
        updatedAt: '2030-03-02T08:00:00.000Z',
      },
    });
    expect(await store.withdraw(mine.receiptHash)).toEqual({
      ok: false,
      error: 'already_withdrawn',
      contribution: (result as { contribution: Contribution }).contribution,
    });
    expect(await store.withdraw('inconnu')).toEqual({ ok: false, error: 'not_found' });
    expect((await store.counts('parc')).byStatus).toEqual({ pending: 0, approved: 0, rejected: 0, withdrawn: 1 });
    expect(await store.exportApproved('parc')).toEqual([]);
    // Erased in the database itself, not only hidden.
    const raw = await rawOf(location);
    expect(await raw.rows(`SELECT answers, pseudonym, profile FROM contributions WHERE id = '${mine.id}'`)).toEqual([
      { answers: null, pseudonym: null, profile: null },
    ]);
    // The idempotency key stays taken: a late retry does not resurrect the contribution.
    expect((await store.create({ ...submission('parc', { key: mine.idempotencyKey }) })).created).toBe(false);
  });

  test('purge par ancienneté : en attente supprimées, rejetées effacées (chiffres conservés), le reste intact', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    const oldPending = (await store.create(submission('parc'))).contribution;
    const oldRejected = (await store.create(submission('parc'))).contribution;
    const oldApproved = (await store.create(submission('parc'))).contribution;
    await store.moderate(oldApproved.id, { decision: 'approve', moderator: 'agent' });
    clock.advance(10 * DAY);
    await store.moderate(oldRejected.id, { decision: 'reject', moderator: 'agent', reasonId: 'hors-sujet' });
    clock.advance(15 * DAY);
    const recentPending = (await store.create(submission('parc'))).contribution;
    const recentRejected = (await store.create(submission('parc'))).contribution;
    await store.moderate(recentRejected.id, { decision: 'reject', moderator: 'agent', reasonId: 'hors-sujet' });
    clock.advance(6 * DAY); // now: day 31

    const before = await store.counts('parc');
    expect(await store.purge({ olderThanMs: 30 * DAY, actor: 'cron' })).toBe(1); // only the 31-day-old pending
    expect(await store.get(oldPending.id)).toBeNull();
    expect(await store.purge({ olderThanMs: 20 * DAY, actor: 'cron' })).toBe(1); // rejected 21 days ago
    const erased = await store.get(oldRejected.id);
    expect(erased).toMatchObject({
      status: 'rejected',
      moderationReason: 'hors-sujet',
      answers: null,
      pseudonym: null,
      profile: null,
      erasedAt: clock.now().toISOString(),
    });
    expect(await store.purge({ olderThanMs: 20 * DAY })).toBe(0);
    expect(await store.get(recentPending.id)).toMatchObject({ status: 'pending', answers: recentPending.answers });
    expect(await store.get(recentRejected.id)).toMatchObject({ status: 'rejected', answers: recentRejected.answers });
    expect(await store.get(oldApproved.id)).toMatchObject({ status: 'approved', answers: oldApproved.answers });
    const after = await store.counts('parc');
    expect(after.rejectedByReason).toEqual(before.rejectedByReason);
    expect(after.byStatus).toEqual({ ...before.byStatus, pending: before.byStatus.pending - 1 });
    const audit = await store.listAudit({ limit: 2 });
    expect(audit.map((e) => [e.actor, e.action, e.target, e.reason])).toEqual([
      ['cron', 'contribution.erase', oldRejected.id, 'retention'],
      ['cron', 'contribution.purge', oldPending.id, 'retention'],
    ]);
  });

  if (backend.name === 'SQLite') {
    /** The files of the data folder (database, WAL, shared memory) whose bytes contain `marker`. */
    const filesWith = (dataDir: string, marker: string) =>
      readdirSync(dataDir)
        .sort()
        .filter((name) => readFileSync(path.join(dataDir, name)).includes(marker));
    const marked = (marker: string) =>
      submission('parc', {
        answers: { avis: `${marker} avis`, detail: `${marker} ${'détail '.repeat(200)}` },
        pseudonym: `${marker} pseudo`,
        profile: { commune: `${marker} commune` },
      });

    test('SQLite : un retrait ne laisse le texte effacé dans aucun fichier de la base (ni WAL, ni pages libérées)', async () => {
      const { location, store } = await fresh();
      const marker = `MARQUEUR-${randomUUID()}`;
      for (let i = 0; i < 20; i++) await store.create(submission('parc'));
      const mine = (await store.create(marked(marker))).contribution;
      for (let i = 0; i < 20; i++) await store.create(submission('parc'));
      await store.moderate(mine.id, { decision: 'approve', moderator: 'agent' });
      // The witness: the text is on disk before the withdrawal, in the WAL and, once copied there
      // by a checkpoint, in the database file itself.
      expect(filesWith(location.dataDir!, marker)).toEqual([`${SQLITE_FILE}-wal`]);
      await (await rawOf(location)).exec('PRAGMA wal_checkpoint(PASSIVE)');
      expect(filesWith(location.dataDir!, marker)).toEqual([SQLITE_FILE, `${SQLITE_FILE}-wal`]);

      expect((await store.withdraw(mine.receiptHash)).ok).toBe(true);
      expect(filesWith(location.dataDir!, marker)).toEqual([]);
      // Still absent once the store is closed (final checkpoint) and after further writes.
      await store.create(submission('parc'));
      expect(filesWith(location.dataDir!, marker)).toEqual([]);
      await store.close();
      expect(filesWith(location.dataDir!, marker)).toEqual([]);
    });

    test('SQLite : la purge ne laisse ni les rejetées effacées ni les en attente supprimées dans les fichiers', async () => {
      const clock = manualClock();
      const { location, store } = await fresh({ clock: clock.now });
      const pendingMarker = `MARQUEUR-${randomUUID()}`;
      const rejectedMarker = `MARQUEUR-${randomUUID()}`;
      const keptMarker = `MARQUEUR-${randomUUID()}`;
      const pending = (await store.create(marked(pendingMarker))).contribution;
      const rejected = (await store.create(marked(rejectedMarker))).contribution;
      const approved = (await store.create(marked(keptMarker))).contribution;
      for (let i = 0; i < 20; i++) await store.create(submission('parc'));
      await store.moderate(rejected.id, { decision: 'reject', moderator: 'agent', reasonId: 'hors-sujet' });
      await store.moderate(approved.id, { decision: 'approve', moderator: 'agent' });
      clock.advance(31 * DAY);
      await (await rawOf(location)).exec('PRAGMA wal_checkpoint(PASSIVE)');
      expect(filesWith(location.dataDir!, pendingMarker)).toEqual([SQLITE_FILE, `${SQLITE_FILE}-wal`]);
      expect(filesWith(location.dataDir!, rejectedMarker)).toEqual([SQLITE_FILE, `${SQLITE_FILE}-wal`]);

      expect(await store.purge({ olderThanMs: 30 * DAY })).toBe(22);
      expect(await store.get(pending.id)).toBeNull();
      expect(await store.get(rejected.id)).toMatchObject({ status: 'rejected', answers: null });
      expect(filesWith(location.dataDir!, pendingMarker)).toEqual([]);
      expect(filesWith(location.dataDir!, rejectedMarker)).toEqual([]);
      // What the retention keeps stays readable: the approved contribution is intact.
      expect(filesWith(location.dataDir!, keptMarker)).not.toEqual([]);
    });
  }

  if (backend.name === 'PostgreSQL')
    test('PostgreSQL : une purge qui a effacé quelque chose libère aussitôt les versions mortes (VACUUM)', async () => {
      const clock = manualClock();
      const { location, store } = await fresh({ clock: clock.now });
      const raw = await rawOf(location);
      const vacuums = async () =>
        Number((await raw.rows<{ n: string }>(`SELECT vacuum_count AS n FROM pg_stat_user_tables WHERE relname = 'contributions'`))[0]?.n);
      const before = await vacuums();
      await store.create(submission('parc'));
      expect(await store.purge({ olderThanMs: DAY })).toBe(0);
      expect(await vacuums()).toBe(before);
      clock.advance(2 * DAY);
      expect(await store.purge({ olderThanMs: DAY })).toBe(1);
      expect(await vacuums()).toBe(before + 1);
    });

  if (backend.name === 'PostgreSQL')
    test('PostgreSQL : une base au schéma 5, avec des contributions, passe à la clé unique menée par la clé du formulaire', async () => {
      const location = await backend.fresh();
      const pool = new pg.Pool({ connectionString: location.databaseUrl });
      await migratePostgres(pool, 5).finally(() => pool.end());
      const raw = await rawOf(location);
      await raw.exec(`INSERT INTO contributions (id, consultation, answers, created_at, updated_at, status, receipt_hash, idempotency_key)
        VALUES ('a', 'parc', '{}', now(), now(), 'pending', 'recu-a', 'cle'), ('b', 'ecole', '{}', now(), now(), 'pending', 'recu-b', 'cle')`);
      const store = await reopen(location);
      const indexes = await raw.rows<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contributions' AND indexdef LIKE '%idempotency_key%'`,
      );
      expect(indexes).toEqual([
        { indexname: 'contributions_idempotency_key', indexdef: expect.stringMatching(/UNIQUE INDEX .*\(idempotency_key, consultation\)/) },
      ]);
      // The same form again is still the same contribution; the same key in another consultation is another one.
      const again = await store.create(submission('parc', { key: 'cle' }));
      expect(again).toMatchObject({ created: false, contribution: { id: 'a' } });
      expect(await store.getByIdempotencyKey('ecole', 'cle')).toMatchObject({ id: 'b' });
      expect((await store.create(submission('jardin', { key: 'cle' }))).created).toBe(true);
    });

  if (backend.name === 'PostgreSQL')
    test('PostgreSQL : le plan générique de l’admission cherche le doublon par la clé du formulaire, avant la première analyse et après', async () => {
      const { location, store } = await fresh();
      const raw = await rawOf(location);
      // What each connection of the pool ends up with after five runs of the prepared statement.
      await raw.exec('SET plan_cache_mode = force_generic_plan');
      const genericPlan = async () => {
        await raw.exec('DEALLOCATE ALL');
        await raw.exec(`PREPARE admit AS ${ADMIT}`);
        const rows = await raw.rows<{ 'QUERY PLAN': string }>(
          `EXPLAIN EXECUTE admit('t', now(), 5, 'q', now(), 5, 'parc', 'cle', 'id', '{}', NULL, NULL, now(), 'recu', NULL)`,
        );
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      };
      const throughTheKey = /Index Cond: \(idempotency_key = \$8\)/;
      const throughTheConsultation = /contributions_by_creation|contributions_listing|Seq Scan on contributions/;
      const plans = [await genericPlan()];
      for (let i = 0; i < 100; i++) await store.create(submission('parc'));
      // Statistics of a few dozen rows would make PostgreSQL read the table whole (cheap at that
      // size): the first automatic ANALYZE waits for 1,000 rows, and before any ANALYZE or VACUUM
      // PostgreSQL sizes the table as it is.
      const [options] = await raw.rows<{ reloptions: string[] }>(`SELECT reloptions FROM pg_class WHERE relname = 'contributions'`);
      expect(options?.reloptions).toContain('autovacuum_analyze_threshold=1000');
      plans.push(await genericPlan());
      for (let i = 0; i < 200; i++) await store.create(submission('parc'));
      await raw.exec('ANALYZE contributions');
      plans.push(await genericPlan());
      for (const plan of plans) {
        expect(plan).toMatch(throughTheKey);
        expect(plan).not.toMatch(throughTheConsultation);
      }
    });

  test('chiffres par statut et par motif de rejet, par consultation', async () => {
    const { store } = await fresh();
    const reasons = ['hors-sujet', 'hors-sujet', 'hors-sujet', 'propos-injurieux', 'donnees-personnelles'];
    for (const reasonId of reasons) {
      const { contribution } = await store.create(submission('parc'));
      await store.moderate(contribution.id, { decision: 'reject', moderator: 'agent', reasonId });
    }
    for (let i = 0; i < 4; i++) {
      const { contribution } = await store.create(submission('parc'));
      await store.moderate(contribution.id, { decision: 'approve', moderator: 'agent' });
    }
    await store.create(submission('parc'));
    const withdrawnAfterRejection = (await store.create(submission('parc'))).contribution;
    await store.moderate(withdrawnAfterRejection.id, { decision: 'reject', moderator: 'agent', reasonId: 'hors-sujet' });
    await store.withdraw(withdrawnAfterRejection.receiptHash);
    await store.create(submission('piscine'));

    expect(await store.counts('parc')).toEqual({
      byStatus: { pending: 1, approved: 4, rejected: 5, withdrawn: 1 },
      rejectedByReason: { 'hors-sujet': 3, 'propos-injurieux': 1, 'donnees-personnelles': 1 },
    });
    expect(await store.counts('piscine')).toEqual({
      byStatus: { pending: 1, approved: 0, rejected: 0, withdrawn: 0 },
      rejectedByReason: {},
    });
    expect(await store.counts('inconnue')).toEqual({
      byStatus: { pending: 0, approved: 0, rejected: 0, withdrawn: 0 },
      rejectedByReason: {},
    });
  });

  test('pagination par curseur : ordre stable, rien de sauté même en modérant entre deux pages', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    const all: Contribution[] = [];
    for (let i = 0; i < 23; i++) {
      if (i % 3 === 0) clock.advance(1); // several contributions share a millisecond
      all.push((await store.create(submission('parc'))).contribution);
    }
    await store.create(submission('piscine'));
    all.sort(byCreation);
    for (const limit of [1, 5, 23, 50])
      expect((await listAll(store, 'parc', undefined, limit)).map((c) => c.id)).toEqual(all.map((c) => c.id));

    const first = await store.list({ consultation: 'parc', status: 'pending', limit: 5 });
    expect(first.items.map((c) => c.id)).toEqual(all.slice(0, 5).map((c) => c.id));
    for (const item of first.items) await store.moderate(item.id, { decision: 'approve', moderator: 'agent' });
    const second = await store.list({ consultation: 'parc', status: 'pending', limit: 5, cursor: first.nextCursor });
    expect(second.items.map((c) => c.id)).toEqual(all.slice(5, 10).map((c) => c.id));
    expect((await store.list({ consultation: 'parc', status: 'approved' })).items.map((c) => c.id)).toEqual(
      all.slice(0, 5).map((c) => c.id),
    );
    expect(await store.list({ consultation: 'parc', status: 'rejected' })).toEqual({ items: [], nextCursor: null });
    await expect(store.list({ consultation: 'parc', cursor: 'n’importe quoi' })).rejects.toThrow(/curseur/);
    await expect(store.list({ consultation: 'parc', limit: 0 })).rejects.toThrow(TypeError);
  });

  test('export des contributions approuvées : forme publiable, sans empreinte de reçu ni clé', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    const a = (await store.create(submission('parc'))).contribution;
    const b = (await store.create(submission('parc'))).contribution;
    await store.create(submission('parc'));
    clock.advance(5_000);
    await store.moderate(b.id, { decision: 'approve', moderator: 'agent' });
    await store.moderate(a.id, { decision: 'approve', moderator: 'agent' });
    const exported = await store.exportApproved('parc');
    expect(exported).toEqual(
      [a, b].sort(byCreation).map((c) => ({
        id: c.id,
        consultation: 'parc',
        entry: c.entry,
        answers: c.answers,
        pseudonym: c.pseudonym,
        profile: c.profile,
        createdAt: c.createdAt,
        moderatedAt: '2030-03-01T08:00:05.000Z',
      })),
    );
  });

  test('comptes des agents : création unique, mot de passe, désactivation', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    const created = await store.createStaff('m.dupont', 'scrypt$1');
    expect(created).toEqual({
      ok: true,
      account: { login: 'm.dupont', passwordHash: 'scrypt$1', createdAt: '2030-03-01T08:00:00.000Z', disabledAt: null },
    });
    expect(await store.createStaff('m.dupont', 'scrypt$2')).toEqual({ ok: false, error: 'exists' });
    await store.createStaff('a.martin', 'scrypt$3');
    expect((await store.listStaff()).map((s) => s.login)).toEqual(['a.martin', 'm.dupont']);
    expect(await store.setStaffPasswordHash('m.dupont', 'scrypt$4')).toMatchObject({ passwordHash: 'scrypt$4' });
    clock.advance(1000);
    expect(await store.setStaffDisabled('m.dupont', true)).toMatchObject({ disabledAt: '2030-03-01T08:00:01.000Z' });
    clock.advance(1000);
    expect(await store.setStaffDisabled('m.dupont', true)).toMatchObject({ disabledAt: '2030-03-01T08:00:01.000Z' });
    expect(await store.setStaffDisabled('m.dupont', false)).toMatchObject({ disabledAt: null });
    expect(await store.getStaff('inconnu')).toBeNull();
    expect(await store.setStaffDisabled('inconnu', true)).toBeNull();
    expect(await store.setStaffPasswordHash('inconnu', 'x')).toBeNull();
  });

  test('envois simultanés : chacun enregistré ou refusé pour lui-même, dans le même commit ou non', async () => {
    const { store } = await fresh();
    const first = submission('parc');
    const results = await Promise.allSettled([
      store.create(first),
      store.create({ ...submission('parc'), answers: 'pas un objet' as unknown as JsonObject }),
      store.create(submission('parc')),
      // Refused by the database itself (receipt hashes are unique), after the checks of the code.
      store.create({ ...submission('parc'), receiptHash: first.receiptHash }),
      store.create(submission('parc')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = (await store.list({ consultation: 'parc' })).items;
    expect(stored).toHaveLength(3);
    for (const result of results)
      if (result.status === 'fulfilled') expect(await store.get(result.value.contribution.id)).toEqual(result.value.contribution);
  });

  test('usage du registre visé par une contribution : enregistré, publié avec elle', async () => {
    const { store } = await fresh();
    const about = await store.create({ ...submission('parc'), entry: 'tri-du-courrier' });
    const general = await store.create(submission('parc'));
    expect(about.contribution.entry).toBe('tri-du-courrier');
    expect(general.contribution.entry).toBeNull();
    await store.moderate(about.contribution.id, { decision: 'approve', moderator: 'agent' });
    expect((await store.exportApproved('parc')).map((c) => c.entry)).toEqual(['tri-du-courrier']);
  });

  test('sessions des agents : expiration, compte désactivé, déconnexion, nettoyage', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    await store.createStaff('m.dupont', 'scrypt$1');
    const session = await store.createSession({ tokenHash: 'h1', login: 'm.dupont', ttlMs: 60_000 });
    expect(session).toEqual({
      tokenHash: 'h1',
      login: 'm.dupont',
      createdAt: '2030-03-01T08:00:00.000Z',
      expiresAt: '2030-03-01T08:01:00.000Z',
    });
    expect(await store.getSession('h1')).toEqual(session);
    expect(await store.getSession('inconnu')).toBeNull();
    await store.setStaffDisabled('m.dupont', true);
    expect(await store.getSession('h1')).toBeNull();
    await store.setStaffDisabled('m.dupont', false);
    clock.advance(60_000);
    expect(await store.getSession('h1')).toBeNull();
    expect(await store.pruneCounters(3_600_000)).toBe(1);
    await store.createSession({ tokenHash: 'h2', login: 'm.dupont', ttlMs: 60_000 });
    await store.createSession({ tokenHash: 'h3', login: 'm.dupont', ttlMs: 60_000 });
    await store.deleteSession('h2');
    expect(await store.getSession('h2')).toBeNull();
    expect(await store.getSession('h3')).not.toBeNull();
    expect(await store.deleteSessionsOf('m.dupont')).toBe(1);
    await expect(store.createSession({ tokenHash: 'h4', login: 'personne', ttlMs: 60_000 })).rejects.toThrow();
  });

  test('limitation des connexions et des envois : fenêtres fixes, remise à zéro, nettoyage', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    const window = 15 * 60_000;
    expect(await store.recordLoginFailure('h:login', window)).toMatchObject({ failures: 1 });
    clock.advance(60_000);
    expect(await store.recordLoginFailure('h:login', window)).toEqual({
      key: 'h:login',
      failures: 2,
      firstFailureAt: '2030-03-01T08:00:00.000Z',
      lastFailureAt: '2030-03-01T08:01:00.000Z',
    });
    clock.advance(window);
    expect(await store.recordLoginFailure('h:login', window)).toMatchObject({ failures: 1, firstFailureAt: '2030-03-01T08:16:00.000Z' });
    await store.clearLoginFailures('h:login');
    expect(await store.getLoginThrottle('h:login')).toBeNull();

    const hits = await Promise.all(Array.from({ length: 12 }, () => store.hitRateLimit('hmac:abc', 60_000)));
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(hits[0]).toMatchObject({ windowStart: '2030-03-01T08:16:00.000Z', resetAt: '2030-03-01T08:17:00.000Z' });
    expect((await store.hitRateLimit('hmac:other', 60_000)).count).toBe(1);
    clock.advance(60_000);
    expect(await store.hitRateLimit('hmac:abc', 60_000)).toMatchObject({ count: 1, windowStart: '2030-03-01T08:17:00.000Z' });
    await store.recordLoginFailure('h:other', window);
    clock.advance(DAY);
    await store.hitRateLimit('hmac:fresh', 60_000);
    expect(await store.pruneCounters(DAY)).toBe(3); // hmac:abc, hmac:other, h:other
    expect(await store.hitRateLimit('hmac:fresh', 60_000)).toMatchObject({ count: 2 });
  });

  test('limites : fenêtres alignées sur l’heure, sans l’instant du premier envoi ; un envoi rendu ne compte plus', async () => {
    const clock = manualClock();
    const { store } = await fresh({ clock: clock.now });
    clock.advance(37 * 60_000 + 12_345); // 08:37:12.345
    const first = await store.hitRateLimit('hmac:heure', HOUR);
    expect(first).toEqual({ count: 1, windowStart: '2030-03-01T08:00:00.000Z', resetAt: '2030-03-01T09:00:00.000Z' });
    expect((await store.hitRateLimit('hmac:heure', HOUR)).count).toBe(2);
    await store.releaseRateLimit('hmac:heure', HOUR);
    expect((await store.hitRateLimit('hmac:heure', HOUR)).count).toBe(2);
    clock.advance(23 * 60_000); // 09:00:12: a new window
    await store.releaseRateLimit('hmac:heure', HOUR); // nothing to give back in this one
    expect(await store.hitRateLimit('hmac:heure', HOUR)).toMatchObject({ count: 1, windowStart: '2030-03-01T09:00:00.000Z' });
  });

  test('après l’archive, efface pseudonyme et profil des contributions publiées, et d’elles seules', async () => {
    const { store } = await fresh();
    const published = (await store.create(submission('consultation-archivee'))).contribution;
    const waiting = (await store.create(submission('consultation-archivee'))).contribution;
    const elsewhere = (await store.create(submission('autre-consultation'))).contribution;
    await store.moderate(published.id, { decision: 'approve', moderator: 'agent' });
    await store.moderate(elsewhere.id, { decision: 'approve', moderator: 'agent' });
    expect(await store.anonymiseApproved('consultation-archivee', 'commande archive')).toBe(1);
    expect(await store.get(published.id)).toMatchObject({ status: 'approved', pseudonym: null, profile: null, answers: published.answers });
    expect(await store.get(waiting.id)).toMatchObject({ pseudonym: waiting.pseudonym, profile: waiting.profile });
    expect(await store.get(elsewhere.id)).toMatchObject({ pseudonym: elsewhere.pseudonym });
    expect(await store.listAudit({ target: published.id, limit: 1 })).toMatchObject([
      { actor: 'commande archive', action: AUDIT_ACTIONS.anonymiseApproved, reason: 'archive' },
    ]);
    expect(await store.anonymiseApproved('consultation-archivee', 'commande archive')).toBe(0);
  });

  test('retrouve une contribution par la clé de son formulaire', async () => {
    const { store } = await fresh();
    const { contribution } = await store.create(submission('consultation-cle', { key: 'cle-retrouvee-0001' }));
    expect(await store.getByIdempotencyKey(contribution.consultation, 'cle-retrouvee-0001')).toEqual(contribution);
    expect(await store.getByIdempotencyKey(contribution.consultation, 'cle-inconnue-0001')).toBeNull();
    expect(await store.getByIdempotencyKey('autre-consultation', 'cle-retrouvee-0001')).toBeNull();
  });

  test('journal d’audit : ajout et lecture seulement ; la base refuse UPDATE et DELETE', async () => {
    const { location, store } = await fresh();
    const first = await store.appendAudit({ actor: 'admin', action: 'staff.create', target: 'm.dupont' });
    const second = await store.appendAudit({ actor: 'm.dupont', action: 'login', reason: 'ok' });
    expect(second.id).toBeGreaterThan(first.id);
    expect(first).toMatchObject({ actor: 'admin', action: 'staff.create', target: 'm.dupont', reason: null });
    expect(await store.listAudit()).toEqual([second, first]);
    expect(await store.listAudit({ target: 'm.dupont' })).toEqual([first]);
    expect(await store.listAudit({ beforeId: second.id })).toEqual([first]);
    expect(await store.listAudit({ limit: 1 })).toEqual([second]);
    for (const forbidden of ['update', 'delete', 'set', 'remove', 'clear', 'truncate']) {
      expect(Object.keys(store).some((method) => method.toLowerCase().includes('audit') && method.toLowerCase().includes(forbidden))).toBe(
        false,
      );
    }

    const raw = await rawOf(location);
    await expect(raw.exec(`UPDATE audit_log SET actor = 'quelqu’un d’autre' WHERE id = ${first.id}`)).rejects.toThrow(/append-only/);
    await expect(raw.exec(`DELETE FROM audit_log WHERE id = ${first.id}`)).rejects.toThrow(/append-only/);
    await expect(raw.exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    if (backend.name === 'PostgreSQL') await expect(raw.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await store.listAudit()).toEqual([second, first]);
  });

  test('propriété : toute suite d’opérations donne les mêmes résultats qu’un modèle en mémoire', async () => {
    const clock = { t: 0 };
    const { location, store } = await fresh({ clock: () => new Date(clock.t) });
    const raw = await rawOf(location);
    const consultations = ['parc', 'piscine'];
    const op = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('create' as const),
          c: fc.nat(1),
          key: fc.nat(4),
          pseudonym: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
          answer: fc.string({ maxLength: 12 }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('moderate' as const),
          target: fc.nat(9),
          approve: fc.boolean(),
          reason: fc.constantFrom('hors-sujet', 'injurieux'),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('undo' as const), target: fc.nat(9), from: fc.constantFrom('approved', 'rejected') }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), target: fc.nat(9) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), olderThanMs: fc.constantFrom(0, 1_000, 5_000) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(0, 1, 700, 2_500) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('list' as const),
          c: fc.nat(1),
          status: fc.option(fc.constantFrom<ContributionStatus>('pending', 'approved', 'rejected', 'withdrawn'), { nil: undefined }),
          limit: fc.integer({ min: 1, max: 4 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('counts' as const), c: fc.nat(1) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const), target: fc.nat(9) }) },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        run++;
        await raw.exec('DELETE FROM contributions');
        clock.t = Date.parse('2030-01-01T00:00:00.000Z');
        const state: ModelState = { rows: new Map() };
        const known: Contribution[] = []; // every contribution ever returned, for targets (some purged since)
        const pick = (target: number) => known[target % Math.max(known.length, 1)];
        for (const [i, o] of ops.entries()) {
          const now = new Date(clock.t).toISOString();
          switch (o.kind) {
            case 'create': {
              const consultation = consultations[o.c]!;
              const input = {
                consultation,
                answers: { q: o.answer, n: i },
                pseudonym: o.pseudonym,
                profile: o.pseudonym === undefined ? undefined : { p: o.pseudonym },
                receiptHash: `r${run}-${i}`,
                idempotencyKey: `k${o.key}`,
              };
              const actual = await store.create(input);
              const expected = modelCreate(state, input, now, actual.contribution.id);
              expect(actual).toEqual(expected);
              if (actual.created) known.push(actual.contribution);
              break;
            }
            case 'moderate': {
              const id = pick(o.target)?.id ?? 'absent';
              const decision = o.approve
                ? { decision: 'approve' as const, moderator: 'agent' }
                : { decision: 'reject' as const, moderator: 'agent', reasonId: o.reason };
              expect(await store.moderate(id, decision)).toEqual(modelModerate(state, id, o.approve, 'agent', o.reason, now));
              break;
            }
            case 'undo': {
              const id = pick(o.target)?.id ?? 'absent';
              const from = o.from as 'approved' | 'rejected';
              expect(await store.undoDecision(id, { moderator: 'agent', from })).toEqual(modelUndo(state, id, from, now));
              break;
            }
            case 'withdraw': {
              const receipt = pick(o.target)?.receiptHash ?? 'absent';
              expect(await store.withdraw(receipt)).toEqual(modelWithdraw(state, receipt, now));
              break;
            }
            case 'purge': {
              const cutoff = new Date(clock.t - o.olderThanMs).toISOString();
              expect(await store.purge({ olderThanMs: o.olderThanMs })).toBe(modelPurge(state, cutoff, now));
              break;
            }
            case 'advance':
              clock.t += o.ms;
              break;
            case 'list': {
              const consultation = consultations[o.c]!;
              const expected = [...state.rows.values()]
                .filter((r) => r.consultation === consultation && (o.status === undefined || r.status === o.status))
                .sort(byCreation);
              expect(await listAll(store, consultation, o.status, o.limit)).toEqual(expected);
              break;
            }
            case 'counts': {
              const consultation = consultations[o.c]!;
              const rows = [...state.rows.values()].filter((r) => r.consultation === consultation);
              const byStatus = { pending: 0, approved: 0, rejected: 0, withdrawn: 0 };
              const rejectedByReason: Record<string, number> = {};
              for (const r of rows) {
                byStatus[r.status]++;
                if (r.status === 'rejected') rejectedByReason[r.moderationReason!] = (rejectedByReason[r.moderationReason!] ?? 0) + 1;
              }
              expect(await store.counts(consultation)).toEqual({ byStatus, rejectedByReason });
              const approved = rows.filter((r) => r.status === 'approved').sort(byCreation);
              expect((await store.exportApproved(consultation)).map((r) => r.id)).toEqual(approved.map((r) => r.id));
              break;
            }
            case 'read': {
              const target = pick(o.target);
              if (!target) break;
              expect(await store.get(target.id)).toEqual(state.rows.get(target.id) ?? null);
              const byReceipt = [...state.rows.values()].find((r) => r.receiptHash === target.receiptHash) ?? null;
              expect(await store.getByReceiptHash(target.receiptHash)).toEqual(byReceipt);
              break;
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
