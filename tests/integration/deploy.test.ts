/**
 * `npm run deploy` on this machine, against a local target served by the supervisor, with
 * residents sending contributions and reading pages the whole time: a deploy, a rollback, a
 * release that fails its check and one that the supervisor cannot start, without one failed
 * request nor one lost contribution.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareContributions } from '../../bench/lib/intake.ts';
import { residents } from '../../bench/lib/residents.ts';
import { runNode } from '../../bench/lib/run-node.ts';
import { receiptHash } from '../../src/server/abuse/receipt.ts';
import { openStore } from '../../src/server/store/index.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { PROJECT } from '../helpers/project.ts';
import { freePort } from '../helpers/server.ts';

const site = fixtureSite('essai');
const SECRET = 'un secret partagé par les versions, assez long pour les essais';
const PROOF_MAX_NUMBER = 100;
const CONSULTATION = 'avis-priorisation-aides-logement';

const run = (script: string, args: string[], env: NodeJS.ProcessEnv) => runNode([script, ...args], env);

async function servedVersion(origin: string): Promise<string> {
  const response = await fetch(`${origin}/sante`);
  return ((await response.json()) as { version: string }).version;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('déploiement sous charge', () => {
  let target: string;
  let origin: string;
  let env: NodeJS.ProcessEnv;
  let supervisor: ReturnType<typeof spawn> | undefined;
  let supervisorOutput = '';

  beforeAll(async () => {
    target = mkdtempSync(path.join(tmpdir(), 'registre-cible-'));
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      SERVER_SECRET: SECRET,
      CONTRIBUTIONS_PER_HOUR: '1000000',
      CONTRIBUTIONS_WITHOUT_PROOF_PER_DAY: '1000000',
      ATTEMPTS_PER_HOUR: '1000000',
      PROOF_OF_WORK_MAX_NUMBER: String(PROOF_MAX_NUMBER),
    };
    delete env.DATA_DIR;
  });

  afterAll(async () => {
    if (supervisor && supervisor.exitCode === null) {
      supervisor.kill('SIGKILL');
      await new Promise((resolve) => supervisor!.once('exit', resolve));
    }
    rmSync(target, { recursive: true, force: true });
  });

  const deploy = (...args: string[]) =>
    run(path.join(PROJECT, 'scripts', 'deploy.ts'), [...args, '--adresse', origin, '--attente', '60'], env);
  const live = () => path.basename(readlinkSync(path.join(target, 'current')));

  it(
    'publie, revient en arrière, recharge, refuse une version cassée et remplace un processus tombé, sans perdre une requête',
    { timeout: 300_000 },
    async () => {
      const first = await deploy(target, '--build', site.dist, '--contenu', site.contentDir);
      expect(first.output).toContain('aucun serveur ne répond');
      expect(first.code, first.output).toBe(0);
      const releaseA = live();

      supervisor = spawn(process.execPath, [path.join(target, 'current', 'scripts', 'supervise.ts'), target], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      supervisor.stdout!.on('data', (chunk) => (supervisorOutput += chunk));
      supervisor.stderr!.on('data', (chunk) => (supervisorOutput += chunk));
      for (let tries = 0; ; tries++) {
        const version = await servedVersion(origin).catch(() => undefined);
        if (version === releaseA) break;
        if (tries > 300) throw new Error(`le superviseur ne sert pas ${releaseA} :\n${supervisorOutput}`);
        await sleep(100);
      }

      const consultation = site.content.consultations.find((c) => c.slug === CONSULTATION)!;
      const contributions = await prepareContributions(20_000, {
        consultation,
        communes: site.content.site.communes,
        secret: Buffer.from(SECRET, 'utf8'),
        minFillSeconds: site.content.site.consultations.min_fill_seconds,
        proofMaxNumber: PROOF_MAX_NUMBER,
      });
      const load = residents(origin, CONSULTATION, contributions, 16);
      await sleep(1_000);

      const second = await deploy(target, '--build', site.dist, '--contenu', site.contentDir);
      expect(second.code, second.output).toBe(0);
      const releaseB = live();
      expect(releaseB).not.toBe(releaseA);
      expect(await servedVersion(origin)).toBe(releaseB);

      const back = await deploy('retour', target);
      expect(back.code, back.output).toBe(0);
      expect(live()).toBe(releaseA);
      expect(await servedVersion(origin)).toBe(releaseA);

      // A build whose server cannot start fails its check before anything is switched.
      const broken = mkdtempSync(path.join(tmpdir(), 'registre-casse-'));
      cpSync(site.dist, broken, { recursive: true });
      writeFileSync(path.join(broken, 'server', 'entry.mjs'), 'throw new Error("version cassée exprès");\n');
      const refused = await deploy(target, '--build', broken, '--contenu', site.contentDir);
      rmSync(broken, { recursive: true, force: true });
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('échoue à son contrôle de santé');
      expect(live()).toBe(releaseA);

      // A release switched to by hand that cannot start: the supervisor keeps the old one serving.
      const manual = path.join(target, 'releases', '29991231T235959Z-casse');
      cpSync(path.join(target, 'releases', releaseA), manual, { recursive: true, verbatimSymlinks: true });
      writeFileSync(path.join(manual, 'dist', 'server', 'entry.mjs'), 'throw new Error("version cassée exprès");\n');
      const liveLink = path.join(target, 'current');
      rmSync(liveLink);
      symlinkSync(path.join('releases', path.basename(manual)), liveLink);
      for (let tries = 0; !supervisorOutput.includes('29991231T235959Z-casse n’a pas démarré'); tries++) {
        if (tries > 300) throw new Error(`le superviseur n’a pas écarté la version cassée :\n${supervisorOutput}`);
        await sleep(100);
      }
      expect(await servedVersion(origin)).toBe(releaseA);
      rmSync(liveLink);
      symlinkSync(path.join('releases', releaseA), liveLink);
      rmSync(manual, { recursive: true, force: true });

      // `systemctl reload` (SIGHUP): the same release restarted, still under load.
      const servedBefore = supervisorOutput.split(' en service ').length;
      supervisor!.kill('SIGHUP');
      for (let tries = 0; supervisorOutput.split(' en service ').length === servedBefore; tries++) {
        if (tries > 300) throw new Error(`SIGHUP sans effet :\n${supervisorOutput}`);
        await sleep(100);
      }
      expect(await servedVersion(origin)).toBe(releaseA);

      await sleep(1_000);
      await load.stop();
      expect(load.failures.slice(0, 10), supervisorOutput.slice(-3000)).toEqual([]);
      expect(load.receipts.length).toBeGreaterThan(50);
      expect(load.pages()).toBeGreaterThan(50);
      console.log(
        `déploiement sous charge : ${load.receipts.length} contributions et ${load.pages()} pages servies, 0 échec ; ` +
          `publication : ${second.output.match(/en service en ([\d,]+ s)/)?.[1]}, retour : ${back.output.match(/\) en ([\d,]+ s)/)?.[1]}`,
      );

      // A worker that dies is replaced, from the live release.
      const workerPids = [...supervisorOutput.matchAll(/processus (\d+)\)/g)].map((match) => Number(match[1]));
      process.kill(workerPids.at(-1)!, 'SIGKILL');
      for (let tries = 0; !supervisorOutput.includes('s’est arrêté (SIGKILL)'); tries++) {
        if (tries > 100) throw new Error(`arrêt du processus non vu :\n${supervisorOutput}`);
        await sleep(100);
      }
      for (let tries = 0; (await servedVersion(origin).catch(() => undefined)) !== releaseA; tries++) {
        if (tries > 300) throw new Error(`processus non remplacé :\n${supervisorOutput}`);
        await sleep(100);
      }

      supervisor!.kill('SIGTERM');
      const code = await new Promise((resolve) => supervisor!.once('exit', resolve));
      expect(code, supervisorOutput).toBe(0);

      // Every contribution answered 201 is in the shared data folder, whichever release took it.
      const store = await openStore({ dataDir: path.join(target, 'shared', 'data') });
      try {
        const missing: string[] = [];
        for (const receipt of load.receipts) {
          const hash = receiptHash(receipt);
          if (!hash || !(await store.getByReceiptHash(hash))) missing.push(receipt);
        }
        expect(missing).toEqual([]);
      } finally {
        await store.close();
      }
      expect(existsSync(path.join(target, 'releases', releaseB))).toBe(true);
    },
  );

  it('publie un aperçu statique d’une demande de fusion, puis le retire, sans jamais retirer une cible de production', async () => {
    const previews = mkdtempSync(path.join(tmpdir(), 'registre-apercus-'));
    const preview = path.join(previews, 'ma-branche');
    const deployScript = path.join(PROJECT, 'scripts', 'deploy.ts');
    try {
      const published = await run(deployScript, ['apercu', preview, '--build', site.dist], process.env);
      expect(published.code, published.output).toBe(0);
      expect(existsSync(path.join(preview, 'current', 'index.html'))).toBe(true);
      expect(existsSync(path.join(preview, 'current', 'registre', 'index.html'))).toBe(true);
      const removed = await run(deployScript, ['retirer-apercu', preview], process.env);
      expect(removed.code, removed.output).toBe(0);
      expect(existsSync(preview)).toBe(false);

      const production = path.join(previews, 'production');
      mkdirSync(path.join(production, 'shared', 'data'), { recursive: true });
      const refused = await run(deployScript, ['retirer-apercu', production], process.env);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('n’est pas un aperçu');
      expect(existsSync(path.join(production, 'shared', 'data'))).toBe(true);
    } finally {
      rmSync(previews, { recursive: true, force: true });
    }
  });
});
