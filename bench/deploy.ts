/**
 * `npm run bench:deploy`: deploys on this machine the way production does. The demo's build is
 * published into a throwaway target, served by the supervisor, and residents keep sending
 * contributions and reading pages while it is deployed again BENCH_DEPLOYS times (3) and rolled
 * back once. Prints the time of each deploy and rollback, the requests served, the failures
 * (there must be none: the command fails otherwise) and whether every contribution answered 201
 * is in the database. Then, unless BENCH_DEPLOY_PIPELINE=0, the steps a content-only change goes
 * through in the pipeline (content check, build, fast tests, deploy), timed one after the other:
 * the time from merge to live page on this machine, the forge's queue aside.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { receiptHash } from '../src/server/abuse/receipt.ts';
import { openStore } from '../src/server/store/index.ts';
import { PROJECT } from '../scripts/lib/project-copy.ts';
import { freePort } from '../scripts/lib/free-port.ts';
import { bodyOptions, consultation, fmt, printMachine, sleep, PROOF_MAX_NUMBER } from './lib/consultation-bench.ts';
import { DIST, ensureBuild, prepareContributions } from './lib/intake.ts';
import { residents } from './lib/residents.ts';
import { runNode } from './lib/run-node.ts';

const DEPLOYS = Number(process.env.BENCH_DEPLOYS ?? 3);
const LOOPS = Number(process.env.BENCH_DEPLOY_CLIENTS ?? 32);
const WORKERS = process.env.BENCH_WORKERS ?? '1';

printMachine('déploiement');
ensureBuild();

const target = mkdtempSync(path.join(tmpdir(), 'registre-banc-cible-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOST: '127.0.0.1',
  PORT: String(port),
  WORKERS,
  SERVER_SECRET: bodyOptions.secret.toString('utf8'),
  CONTRIBUTIONS_PER_HOUR: '1000000',
  CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY: '1000000',
  ATTEMPTS_PER_HOUR: '1000000',
  MAX_CONNECTIONS: '100000',
  PROOF_OF_WORK_MAX_NUMBER: String(PROOF_MAX_NUMBER),
};
delete env.DATA_DIR;

const step = (args: string[], stepEnv = env) => runNode(args, stepEnv);

const DEPLOY = path.join(PROJECT, 'scripts', 'deploy.ts');
const deploy = (...args: string[]) => step([DEPLOY, ...args, '--adresse', origin]);
const summary = (output: string) => output.match(/^(Version|Retour) .*$/m)?.[0] ?? output.slice(-500);
let failed: boolean;

try {
  const first = await deploy(target, '--build', DIST);
  if (first.code !== 0) throw new Error(first.output);
  console.log(`Première publication (copie des modules comprise) : ${fmt(first.ms / 1000, 1)} s`);

  const supervisor = spawn(process.execPath, [path.join(target, 'current', 'scripts', 'supervise.ts'), target], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let supervisorOutput = '';
  supervisor.stdout.on('data', (chunk) => (supervisorOutput += chunk));
  supervisor.stderr.on('data', (chunk) => (supervisorOutput += chunk));
  while (!supervisorOutput.includes('en service')) {
    if (supervisor.exitCode !== null) throw new Error(supervisorOutput);
    await sleep(50);
  }

  const contributions = await prepareContributions(60_000, bodyOptions);
  const load = residents(origin, consultation.slug, contributions, LOOPS);
  console.log(
    `${LOOPS} habitants envoient chacun une contribution puis lisent le registre, sans arrêt ; superviseur à ${WORKERS} processus`,
  );
  await sleep(2_000);

  const deployMs: number[] = [];
  for (let round = 1; round <= DEPLOYS; round++) {
    const result = await deploy(target, '--build', DIST);
    if (result.code !== 0) throw new Error(result.output);
    deployMs.push(result.ms);
    console.log(`  publication ${round} : ${summary(result.output)}`);
    await sleep(1_000);
  }
  const back = await deploy('retour', target);
  if (back.code !== 0) throw new Error(back.output);
  console.log(`  ${summary(back.output)}`);
  await sleep(2_000);
  await load.stop();

  const store = await openStore({ dataDir: path.join(target, 'shared', 'data') });
  let missing = 0;
  for (const receipt of load.receipts) {
    const hash = receiptHash(receipt);
    if (!hash || !(await store.getByReceiptHash(hash))) missing++;
  }
  await store.close();

  const sorted = [...deployMs].sort((a, b) => a - b);
  console.log(
    `Pendant ${DEPLOYS} publications et un retour : ${fmt(load.receipts.length)} contributions acceptées, ${fmt(load.pages())} pages servies, ` +
      `${load.failures.length} échec(s) ; ${missing} contribution(s) acceptée(s) introuvable(s) en base`,
  );
  console.log(
    `Publication (version prête, copie, contrôle de santé, bascule sans coupure) : médiane ${fmt(sorted[Math.floor(sorted.length / 2)]! / 1000, 1)} s, ` +
      `de ${fmt(sorted[0]! / 1000, 1)} à ${fmt(sorted.at(-1)! / 1000, 1)} s ; retour : ${fmt(back.ms / 1000, 1)} s ; version en service : ${path.basename(readlinkSync(path.join(target, 'current')))}`,
  );
  for (const failure of load.failures.slice(0, 5)) console.log(`  échec : ${failure}`);
  const pipelineOk = process.env.BENCH_DEPLOY_PIPELINE === '0' || (await pipeline());
  failed = load.failures.length > 0 || missing > 0 || !pipelineOk;
  supervisor.kill('SIGTERM');
  await new Promise((resolve) => supervisor.once('exit', resolve));
} finally {
  rmSync(target, { recursive: true, force: true });
}

/** A content-only change's jobs, in order, on this checkout; published to the served target. */
async function pipeline(): Promise<boolean> {
  console.log('\nModification de contenu seule, étapes du pipeline l’une après l’autre (file d’attente de la forge non comprise) :');
  // The checks and the build run in the pipeline's environment; only the deploy has the service's.
  const steps: [string, string[], NodeJS.ProcessEnv][] = [
    ['vérification du contenu', [path.join(PROJECT, 'scripts', 'check-content.ts')], process.env],
    ['construction', [path.join(PROJECT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], process.env],
    ['tests rapides (unitaires)', [path.join(PROJECT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'tests/unit'], process.env],
    ['publication', [DEPLOY, target, '--build', DIST, '--adresse', origin], env],
  ];
  let total = 0;
  for (const [name, args, stepEnv] of steps) {
    const result = await step(args, stepEnv);
    total += result.ms;
    console.log(`  ${name} : ${fmt(result.ms / 1000, 1)} s${result.code === 0 ? '' : ' (ÉCHEC)'}`);
    if (result.code !== 0) {
      console.log(result.output.slice(-2000));
      return false;
    }
  }
  console.log(`  du merge à la page en ligne : ${fmt(total / 1000, 1)} s`);
  return true;
}

if (failed) {
  console.error('Échec : une requête a échoué ou une contribution acceptée manque.');
  process.exit(1);
}
