/**
 * What the PostgreSQL benches share: our servers on one database, alone or several behind the
 * bench's round-robin proxy, the client addresses the traffic comes from, and the rows stored.
 */
import path from 'node:path';
import pg from 'pg';
import { PROJECT } from '../../scripts/lib/project-copy.ts';
import { startOurs } from './consultation-bench.ts';
import { newDataDir, startServer, type ServerProcess } from './intake.ts';
import type { ProcessGroup } from './cpu-share.ts';

const PROXY = path.join(PROJECT, 'bench', 'lib', 'round-robin-proxy.ts');

/** Residents sending contributions: so many distinct addresses (198.18.0.0/15, kept for benchmarks). */
export const ADDRESSES = 1000;
export const addressHeaders = (index: number) => {
  const n = index % ADDRESSES;
  return { 'x-forwarded-for': `198.18.${n >> 8}.${n & 255}` };
};

export interface ServerGroup {
  origin: string;
  servers: ServerProcess[];
  stop: () => Promise<void>;
  /** The servers, the proxy if any, and PostgreSQL's processes, for the processor shares. */
  processGroups: ProcessGroup[];
}

/** PostgreSQL's processes (its backends, one per connection, and its writers). */
export const POSTGRES_PROCESSES: ProcessGroup = { label: 'PostgreSQL', name: 'postgres' };

/** Our server on `databaseUrl`, trusting X-Forwarded-For from the loopback (the bench, or its proxy). */
export const startOursOn = (databaseUrl: string) => startOurs(newDataDir('pg'), { DATABASE_URL: databaseUrl, TRUST_PROXY: 'loopback' });

/**
 * One server (`count` 1, reached directly) or `count` servers behind the round-robin proxy,
 * balancing requests (`http`) or connections (`tcp`, see round-robin-proxy.ts).
 */
export async function startGroup(databaseUrl: string, count: number, level: 'http' | 'tcp' = 'http'): Promise<ServerGroup> {
  const servers: ServerProcess[] = [];
  for (let i = 0; i < count; i++) servers.push(await startOursOn(databaseUrl));
  const serverGroup = { label: count === 1 ? 'serveur' : 'serveurs', pids: servers.map((s) => s.pid) };
  if (count === 1) return { origin: servers[0]!.origin, servers, stop: servers[0]!.stop, processGroups: [serverGroup, POSTGRES_PROCESSES] };
  const proxy = await startServer(PROXY, { BACKENDS: servers.map((s) => s.origin).join(','), LEVEL: level });
  return {
    origin: proxy.origin,
    servers,
    processGroups: [serverGroup, { label: 'proxy', pids: [proxy.pid] }, POSTGRES_PROCESSES],
    stop: async () => {
      await proxy.stop();
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** The contributions of a database: receipt hash → idempotency key. */
export async function storedReceipts(databaseUrl: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ receipt_hash: string; idempotency_key: string }>(
      'SELECT receipt_hash, idempotency_key FROM contributions',
    );
    return new Map(rows.map((row) => [row.receipt_hash, row.idempotency_key]));
  } finally {
    await client.end();
  }
}

/** The idempotency keys stored in a database. */
export const storedKeysIn = async (databaseUrl: string) => new Set((await storedReceipts(databaseUrl)).values());
