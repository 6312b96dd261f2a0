/**
 * A throwaway PostgreSQL cluster for the store tests: `initdb` into a temporary folder, `pg_ctl
 * start` on a free loopback port (socket in that folder too), stopped and deleted afterwards.
 * PostgreSQL refuses to run as root: when the tests run as root, the binaries run as the
 * `postgres` user (runuser) on folders it owns. Without the binaries the PostgreSQL half of the
 * suite says it was skipped; under CI a missing PostgreSQL is a failure, never a silent skip.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './server.ts';

const run = promisify(execFile);

/** `PG_BIN`, or the newest `/usr/lib/postgresql/<version>/bin` (15 on Debian 12, 17 on Debian 13). */
function defaultBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => /^\d+$/.test(v) && existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return path.join(base, versions[0] ?? '15', 'bin');
}

export const PG_BIN = process.env.PG_BIN ?? defaultBin();
export const postgresAvailable = ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(path.join(PG_BIN, name)));

if (!postgresAvailable) {
  const message = `PostgreSQL introuvable (${PG_BIN}/initdb, pg_ctl) : les tests du magasin sur PostgreSQL ne peuvent pas tourner.`;
  if (process.env.CI) throw new Error(`${message} En CI, c’est une erreur : installez le paquet Debian « postgresql ».`);
  console.warn(`\n⚠ ${message} Moitié PostgreSQL IGNORÉE (skipped). Installez le paquet Debian « postgresql » pour la lancer.\n`);
}

export interface PostgresCluster {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root. */
function pgBin(name: string, args: string[]) {
  const binary = path.join(PG_BIN, name);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args);
}

/**
 * `durable`: PostgreSQL's own defaults (fsync, synchronous commit), for the benches that compare
 * commits; otherwise a throwaway cluster that does not wait for the disk.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const root = mkdtempSync(path.join(tmpdir(), 'registre-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'sock');
  const logFile = path.join(root, 'postgres.log');
  mkdirSync(socketDir);
  try {
    if (asRoot) {
      const { uid, gid } = await postgresIds();
      chownSync(root, uid, gid);
      chownSync(socketDir, uid, gid);
    }
    // Throwaway: no fsync. UTF-8 with the C locale, present on every machine; the schema sets
    // binary collation itself where ordering matters, so a French-locale production cluster orders alike.
    await pgBin('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const fast = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
      const settings = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1${fast}`;
      try {
        await pgBin('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', settings, 'start']);
        break;
      } catch (error) {
        // The port may have been taken between the probe and the start: try another one.
        if (attempt >= 2) throw error;
      }
    }
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    let stopped = false;
    return {
      url,
      port,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`nom de base invalide : ${name}`);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgresql://postgres@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await pgBin('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    await pgBin('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`PostgreSQL de test : démarrage impossible.\n${detail}\n${log}`, { cause: error });
  }
}
