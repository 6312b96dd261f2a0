/**
 * `npm run cms`: local editing on a laptop. Starts decap-server (Decap's local back-end, which
 * writes straight into content/ and public/, bound to the loopback) and the Astro dev server,
 * which serves /admin/ and passes /api/v1 on to decap-server, so the browser talks to one origin.
 * Open http://localhost:4321/admin/ ; Ctrl+C stops both.
 *
 * Environment: PORT (site, 4321), DECAP_SERVER_PORT (8081), PROJECT_DIR (the folder holding
 * content/, default the current one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(process.env.PROJECT_DIR ?? process.cwd());
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
const decapPort = Number(process.env.DECAP_SERVER_PORT ?? 8081);
const require = createRequire(path.join(root, 'package.json'));

function start(name: string, file: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} s’est arrêté (${signal ?? `code ${code}`}) : arrêt de l’édition locale.`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];

function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
  if (alive.length === 0) process.exit(code);
  let left = alive.length;
  for (const child of alive) {
    child.once('exit', () => {
      if (--left === 0) process.exit(code);
    });
    child.kill('SIGTERM');
  }
  // A child that ignores SIGTERM is not left behind.
  setTimeout(() => {
    for (const child of alive) if (child.exitCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 5000).unref();
}

children.push(
  start('decap-server', require.resolve('decap-server/dist/index.js'), [], {
    PORT: String(decapPort),
    BIND_HOST: '127.0.0.1',
    MODE: 'fs',
    GIT_REPO_DIRECTORY: root,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  }),
  start(
    'astro dev',
    path.join(path.dirname(require.resolve('astro/package.json')), 'bin', 'astro.mjs'),
    ['dev', '--port', String(port), '--host', host],
    {
      DECAP_SERVER_PORT: String(decapPort),
    },
  ),
);

console.log(
  `\nÉdition locale : http://${host}:${port}/admin/ (les fichiers de content/ sont modifiés directement). Ctrl+C pour arrêter.\n`,
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stop(0));
