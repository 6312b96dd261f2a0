/**
 * `npm run tirage` on a copy of the test site's content: the published draw checks out against its
 * pool, bit for bit, and a pool with one changed row is refused with a French message.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { syntheticPoolCsv } from '../../src/lib/sortition/synthetic.ts';
import { FIXTURE_SITES, materializeContent } from '../helpers/fixture-site.ts';
import { PROJECT } from '../helpers/project.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tirage-'));
const content = path.join(dir, 'content');
materializeContent('essai', content);
cpSync(path.join(FIXTURE_SITES, 'essai', 'public'), path.join(dir, 'public'), { recursive: true });
// The invented pool the test site's draw was committed with (see its file's commitment).
const pool = syntheticPoolCsv({
  size: 60,
  seed: 'site de test',
  communes: ['Essai-sur-Loue', 'Essai-le-Haut', 'Essai-le-Bas', 'Mont-d’Essai'],
  householdShare: 0.1,
});
const poolFile = path.join(dir, 'volontaires.csv');
writeFileSync(poolFile, pool);
const changedFile = path.join(dir, 'modifiee.csv');
writeFileSync(
  changedFile,
  pool.replace(/^(V000004,[^\n]*,)(femme|homme)(,)/m, (_, a, g, b) => `${a}${g === 'femme' ? 'homme' : 'femme'}${b}`),
);

function tirage(...args: string[]) {
  const run = spawnSync(process.execPath, [path.join(PROJECT, 'scripts/tirage.ts'), ...args, '--prive', path.join(dir, 'prive')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, REGISTRE_CONTENT_DIR: content },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

it('verifier refait le tirage publié, bit pour bit, avec la liste des volontaires', () => {
  const run = tirage('verifier', 'tirage-essai', '--pool', poolFile);
  expect(run.err).toBe('');
  expect(run.out).toContain('✓ le calcul refait donne la même loterie, bit pour bit');
  expect(run.out).toContain('✓ les nombres publics donnent le panel publié');
  expect(run.code).toBe(0);
});

it('une ligne modifiée change l’empreinte : remplacer refuse, verifier échoue', () => {
  const replace = tirage('remplacer', 'tirage-essai', '--pool', changedFile, '--code', 'AAAA-AAAA', '--motif', 'demission');
  expect(replace.code).toBe(1);
  expect(replace.err).toMatch(/^Refusé : la liste des volontaires ne correspond pas à l’engagement : son empreinte est [0-9a-f]{64}/);
  const verify = tirage('verifier', 'tirage-essai', '--pool', changedFile);
  expect(verify.out).toContain('✗ la liste des volontaires est celle de l’engagement');
  expect(verify.code).toBe(1);
});

it('un tirage ne se refait pas', () => {
  const run = tirage('tirer', 'tirage-essai', '--pool', poolFile, '--alea', '1,2,3');
  expect(run.code).toBe(1);
  expect(run.err).toMatch(/ce tirage a déjà eu lieu le 2025-03-10/);
});
