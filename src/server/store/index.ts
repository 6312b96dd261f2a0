/**
 * Entry point of the contribution store: PostgreSQL when a database URL is given (DATABASE_URL),
 * the embedded SQLite file under the data folder otherwise. The caller reads the environment;
 * this module does not.
 */
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { ContributionStore, StoreOptions } from './types.ts';

export type * from './types.ts';
export { AUDIT_ACTIONS, CONTRIBUTION_STATUSES, CONTRIBUTOR_ACTOR } from './types.ts';
export { LATEST_VERSION, MIGRATIONS } from './migrations.ts';

export interface OpenStoreOptions extends StoreOptions {
  /** Folder of the SQLite file (created if missing, mode 700); required without `databaseUrl`. */
  dataDir?: string;
  /** `postgres://…`; when set (non-empty), PostgreSQL is used and `dataDir` ignored. */
  databaseUrl?: string;
  /** PostgreSQL pool size; 10 by default. */
  poolSize?: number;
}

export async function openStore(options: OpenStoreOptions): Promise<ContributionStore> {
  const { dataDir, databaseUrl, ...rest } = options;
  if (databaseUrl) return openPostgresStore(databaseUrl, rest);
  if (!dataDir) throw new Error('openStore : indiquez dataDir (SQLite) ou databaseUrl (PostgreSQL).');
  const { poolSize: _unused, ...sqliteOptions } = rest;
  return openSqliteStore(dataDir, sqliteOptions);
}
