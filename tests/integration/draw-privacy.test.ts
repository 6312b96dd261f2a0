/**
 * No volunteer's name, identifier or pool row reaches content/ or the built site: the pools of the
 * demo and of the tests are invented by src/lib/sortition/synthetic.ts, whose names and
 * identifiers have a shape this scan recognises wherever they come from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { FIRST_NAMES, LAST_NAMES, syntheticPoolCsv } from '../../src/lib/sortition/synthetic.ts';
import { clientDir, DEMO, requireBuild } from '../helpers/dist.ts';
import { PROJECT } from '../helpers/project.ts';

const NAME = new RegExp(`(?:${FIRST_NAMES.join('|')}) (?:${LAST_NAMES.join('|')})-\\d+`);
const IDENTIFIER = /\bV\d{6}\b/;

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return textFiles(file);
    return /\.(html|json|csv|xml|atom|txt|ya?ml|md|js|svg)$/.test(name) ? [file] : [];
  });
}

it('le motif reconnaît bien les noms et identifiants des listes inventées', () => {
  const row = syntheticPoolCsv({ size: 3, seed: 'motif', communes: ['Aulnay'] }).split('\n')[2]!;
  expect(row).toMatch(NAME);
  expect(row).toMatch(IDENTIFIER);
});

it('aucun nom ni identifiant de volontaire dans content/ ni dans le site construit', () => {
  requireBuild();
  const leaks = [...textFiles(DEMO.contentDir), ...textFiles(clientDir())].filter((file) => {
    const text = readFileSync(file, 'utf8');
    return NAME.test(text) || IDENTIFIER.test(text);
  });
  expect(leaks).toEqual([]);
});

it('aucune liste de volontaires ni fichier du personnel suivi par git', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: PROJECT, encoding: 'utf8' }).split('\n');
  expect(tracked.filter((f) => /^data\//.test(f) || /volontaires|codes\.csv|panel\.csv|secret\.txt/.test(f))).toEqual([]);
});
