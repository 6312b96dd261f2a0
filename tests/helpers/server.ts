/** Starts the built site (`node scripts/serve.ts`, as `npm start` does) on a free loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/free-port.ts';
import { requireBuild, type BuiltSite } from './dist.ts';
import { PROJECT } from './project.ts';

export { freePort };

export interface RunningSite {
  origin: string;
  /** The server's data folder (SQLite file, secret): a fresh temporary one unless DATA_DIR was given. */
  dataDir: string;
  /** Everything the server printed so far (standard output and errors). */
  output: () => string;
  stop: () => Promise<void>;
}

/** Serves a built site (its prerendered files, and its on-demand pages reading its content). */
export async function startSite(site: BuiltSite, env: Record<string, string> = {}): Promise<RunningSite> {
  requireBuild(site);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'registre-donnees-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(PROJECT, 'scripts', 'serve.ts')], {
    cwd: PROJECT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DIST_DIR: site.dist,
      REGISTRE_CONTENT_DIR: site.contentDir,
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`le serveur s’est arrêté :\n${output}`);
    try {
      const response = await fetch(`${origin}/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`le serveur ne répond pas sur ${origin} :\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    dataDir,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A site for tests that send many forms from one address: the secret is known (tokens can be
 * minted), the rate limits are out of the way, and the data lives on tmpfs when there is one
 * (the disk is not what those tests measure).
 */
export function startOpenSite(site: BuiltSite, secret: string, env: Record<string, string> = {}): Promise<RunningSite> {
  const dataDir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'registre-ouvert-'));
  return startSite(site, {
    DATA_DIR: dataDir,
    SERVER_SECRET: secret,
    CONTRIBUTIONS_PER_HOUR: '1000000',
    CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY: '1000000',
    ATTEMPTS_PER_HOUR: '1000000',
    ...env,
  });
}
