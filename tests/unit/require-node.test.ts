import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const GUARD = 'scripts/require-node.cjs';
const { nodeProblem } = createRequire(import.meta.url)(`../../${GUARD}`) as {
  nodeProblem: (version: string, stripsTypes: boolean) => string | null;
};
/** The Node.js of Debian and Ubuntu LTS, when this machine has it. */
const SYSTEM_NODE = '/usr/bin/node';
const systemNodeMajor = existsSync(SYSTEM_NODE)
  ? Number(spawnSync(SYSTEM_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.split('.')[0])
  : undefined;

function runGuard(node: string) {
  return spawnSync(node, [GUARD], { encoding: 'utf8' });
}

describe('vérification de la version de Node.js', () => {
  it.runIf(systemNodeMajor !== undefined && systemNodeMajor < 22)(
    'sous un Node.js trop ancien, dit en français la version à installer et comment, sans pile d’appels, et sort avec le code 1',
    () => {
      const run = runGuard(SYSTEM_NODE);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Registre IA demande Node.js 22.12 ou plus récent (Node.js 24 LTS conseillé)');
      expect(run.stderr).toContain('nvm install 24');
      expect(run.stderr).toContain('https://nodejs.org/fr/download');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stderr).not.toContain('Error');
    },
  );

  it('laisse passer le Node.js qui fait tourner les tests, sans rien écrire', () => {
    const run = runGuard(process.execPath);
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('demande Node.js 22.18 à un Node.js 22 qui n’exécute pas encore les fichiers TypeScript', () => {
    expect(nodeProblem('v20.20.2', false)).toMatch(
      /^Registre IA demande Node\.js 22\.12 ou plus récent .* vous utilisez Node\.js v20\.20\.2\./,
    );
    expect(nodeProblem('22.12.0', false)).toMatch(
      /^Registre IA demande un Node\.js qui exécute les fichiers TypeScript : Node\.js 22\.18 ou plus récent/,
    );
    expect(nodeProblem('22.18.0', true)).toBeNull();
    expect(nodeProblem('24.11.1', true)).toBeNull();
    expect(nodeProblem('26.0.0', true)).toBeNull();
  });

  it('passe avant tout le reste dans npm start, npm test et npm run build', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node ${GUARD} && node scripts/start.ts`);
    expect(scripts.test).toBe(`node ${GUARD} && astro build && vitest run`);
    expect(scripts.build).toBe(`node ${GUARD} && astro build`);
  });
});
