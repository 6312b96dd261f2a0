/** The catalogue's history from git: the register's reader, with the tool schema's labels and the tool's name. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, expect, it } from 'vitest';
import { historyOf, readHistory } from '../../src/lib/history/history.ts';
import { toolObject } from '../../src/schemas/tools.ts';
import { FIXTURE_SITES } from '../helpers/fixture-site.ts';
import { isolatedGitEnv, runGit } from '../helpers/git.ts';

const work = mkdtempSync(path.join(tmpdir(), 'registre-ia-outils-historique-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const outils = path.join(work, 'content', 'outils');
const env = isolatedGitEnv(work);
const git = (...args: string[]) => runGit(env, work, ...args);

it('lit les modifications d’un outil avec les libellés du schéma des outils et le nom de l’outil', () => {
  mkdirSync(outils, { recursive: true });
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Agente');
  git('config', 'user.email', 'agente@collectivite.example');
  // The fixture's tool without its relative dates (!jours), which only the fixture loader reads.
  const source = readFileSync(path.join(FIXTURE_SITES, 'essai', 'content', 'outils', 'agent-conversationnel-grand-public.yaml'), 'utf8');
  const tool = yaml.load(source.replace(/!jours -?\d+/g, '2026-01-05'), { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
  const file = path.join(outils, 'agent-grand-public.yaml');
  writeFileSync(file, yaml.dump(tool, { schema: yaml.CORE_SCHEMA }));
  git('add', '--all');
  git('commit', '--quiet', '-m', 'Outil refusé');
  tool.decision.reasons = 'Les saisies entraînent les modèles de l’éditeur et aucun contrat ne protège les données.';
  writeFileSync(file, yaml.dump(tool, { schema: yaml.CORE_SCHEMA }));
  git('commit', '--quiet', '-am', 'Motifs précisés');

  const history = readHistory(outils, { schema: toolObject, titleField: 'name' });
  const revisions = historyOf(history, 'agent-grand-public');
  expect(revisions.map((r) => [r.kind, r.summary, r.title])).toEqual([
    ['modified', 'Motifs précisés', 'Agent conversationnel grand public'],
    ['created', 'Outil refusé', 'Agent conversationnel grand public'],
  ]);
  expect(revisions[0]!.changes.map((c) => [c.path, c.field])).toEqual([['decision.reasons', 'Décision › Motifs']]);
});
