/**
 * `npm run supervise [-- <target>]`: serves the live release of a deploy target (`<target>/current`,
 * the working folder by default) and switches to a new one without dropping a request when
 * `npm run deploy` moves the link, or on SIGHUP (`systemctl reload`). WORKERS processes per
 * release (1 by default; 2 keep serving while one is replaced after a crash). HOST, PORT and the
 * server's settings come from the environment, DATA_DIR defaults to `<target>/shared/data`.
 */
import path from 'node:path';
import { DRAIN_LIMIT_MS } from '../src/server/http/drain.ts';
import { runSupervisor } from '../src/server/supervision.ts';

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} : entier positif attendu, « ${raw} » reçu`);
    process.exit(2);
  }
  return value;
}

runSupervisor({
  root: path.resolve(process.argv[2] ?? '.'),
  workers: positive('WORKERS', 1),
  pollMs: 500,
  readyTimeoutMs: positive('READY_TIMEOUT_MS', 60_000),
  stopTimeoutMs: DRAIN_LIMIT_MS + 5_000,
});
