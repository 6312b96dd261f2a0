/**
 * The history read from git, on a repository this test creates in a temporary folder: dates,
 * summaries, field changes with their labels, list items added and removed, renames, removals,
 * shallow clones, and no history at all without git.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../src/lib/format.ts';
import { historyAtom } from '../../src/lib/history/atom.ts';
import { diffEntries } from '../../src/lib/history/diff.ts';
import { formatDateTime } from '../../src/lib/format.ts';
import { changedFields, historyOf, latestChanges, readHistory, type History, type Revision } from '../../src/lib/history/history.ts';
import { revisionOutline } from '../../src/lib/history/present.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import { RISK_CLASSES, RISK_KINDS } from '../../src/schemas/options.ts';
import { FIXTURE, fixtureEntry } from '../helpers/content.ts';
import { isolatedGitEnv, runGit } from '../helpers/git.ts';

const AUTHOR = 'Agente Confidentielle';
const EMAIL = 'agente.confidentielle@collectivite.example';

const work = mkdtempSync(path.join(tmpdir(), 'registre-ia-history-'));
const repo = path.join(work, 'depot');
const registre = path.join(repo, 'content', 'registre');

const gitEnv = isolatedGitEnv(work);
const git = (cwd: string, ...args: string[]) => runGit(gitEnv, cwd, ...args);

const dump = (data: unknown) => yaml.dump(data, { schema: yaml.CORE_SCHEMA, lineWidth: -1 });
const write = (file: string, data: unknown) => writeFileSync(path.join(registre, file), dump(data));

/** Commits everything with a fixed date, and returns the commit's hash. */
function commit(date: string, message: string): string {
  git(repo, 'add', '--all');
  execFileSync('git', ['commit', '--quiet', '-m', message, '-m', 'Détail que la page ne publie pas.'], {
    cwd: repo,
    env: { ...gitEnv, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(repo, 'rev-parse', 'HEAD').trim();
}

const DATES = {
  publication: '2025-01-10T09:00:00+01:00',
  update: '2025-02-03T14:30:00+01:00',
  rename: '2025-03-04T11:15:00+01:00',
  typography: '2025-04-01T08:05:00+02:00',
  migration: '2025-04-10T17:00:00+02:00',
  service: '2025-04-20T09:30:00+02:00',
  removal: '2025-05-02T16:45:00+02:00',
  reuse: '2025-06-03T10:00:00+02:00',
};
const commits: Record<keyof typeof DATES, string> = {} as never;
let history: History;
let entry: Record<string, any>;

beforeAll(() => {
  mkdirSync(registre, { recursive: true });
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'config', 'user.name', AUTHOR);
  git(repo, 'config', 'user.email', EMAIL);
  git(repo, 'config', 'commit.gpgsign', 'false');

  entry = fixtureEntry();
  write('detection-fuites.yaml', entry);
  write('tri-courrier.yaml', { ...fixtureEntry(), title: 'Tri du courrier entrant' });
  writeFileSync(path.join(repo, 'content', 'site.yaml'), 'name: Essai\n');
  mkdirSync(path.join(registre, 'brouillons'));
  write('brouillons/projet.yaml', { ...fixtureEntry(), title: 'Brouillon' });
  commits.publication = commit(DATES.publication, 'Publication des deux premières fiches');

  entry.system.model = 'Autoencodeur';
  entry.system.model_version = '2.1';
  entry.status = 'suspendu';
  entry.lifecycle.push({ date: '2025-02-01', status: 'suspendu', note: 'Suspendu le temps d’un audit.' });
  entry.keywords.push('réseau');
  entry.risks = [];
  entry.data.personal_data = true;
  entry.ai_act.risk_class = 'limite';
  entry.evaluation.interoperabilite.score = 4;
  write('detection-fuites.yaml', entry);
  writeFileSync(path.join(repo, 'content', 'site.yaml'), 'name: Essai modifié\n');
  write('brouillons/projet.yaml', { ...fixtureEntry(), title: 'Brouillon modifié' });
  commits.update = commit(DATES.update, 'Nouveau modèle et suspension pour audit');

  renameSync(path.join(registre, 'detection-fuites.yaml'), path.join(registre, 'fuites-reseau.yaml'));
  entry.title = 'Détection des fuites du réseau';
  write('fuites-reseau.yaml', entry);
  commits.rename = commit(DATES.rename, 'Nouveau nom de fiche');

  // Typography and layout only: a non-breaking space, a comment, a text folded on two lines.
  const text = readFileSync(path.join(registre, 'fuites-reseau.yaml'), 'utf8');
  const retyped = text
    .replace('Un technicien vérifie', 'Un technicien\u00a0vérifie')
    .replace('retention: Trois ans.', 'retention: >-\n    Trois\n    ans.');
  expect(retyped).not.toBe(text.replace('retention: Trois ans.', 'retention: >-\n    Trois\n    ans.'));
  expect(retyped).toContain('retention: >-');
  writeFileSync(path.join(registre, 'fuites-reseau.yaml'), `# Fiche relue\n${retyped}`);
  commits.typography = commit(DATES.typography, 'Typographie');

  // The software's own work: a schema changed and the entries migrated, in one commit.
  mkdirSync(path.join(repo, 'src'));
  writeFileSync(path.join(repo, 'src', 'schema.ts'), 'export const VERSION = 2;\n');
  write('fuites-reseau.yaml', { ...entry, summary: `${entry.summary} Texte repris par la migration.` });
  commits.migration = commit(DATES.migration, 'Migrate entries to schema 2');

  // A real change of the content, after the migration: another service is responsible.
  entry.summary = `${entry.summary} Texte repris par la migration.`;
  entry.service = 'service-voirie';
  write('fuites-reseau.yaml', entry);
  commits.service = commit(DATES.service, 'Changement de service');

  unlinkSync(path.join(registre, 'tri-courrier.yaml'));
  commits.removal = commit(DATES.removal, 'Retrait de la fiche du tri du courrier');

  write('detection-fuites.yaml', { ...fixtureEntry(), title: 'Détection des fuites (nouvelle fiche)' });
  commits.reuse = commit(DATES.reuse, 'Une nouvelle fiche reprend l’ancien nom');

  history = readHistory(registre);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const change = (revision: Revision | undefined, path: string) => revision?.changes.find((c) => c.path === path);

describe('historique d’une fiche lu dans git', () => {
  it('liste chaque modification de la fiche, la plus récente d’abord, en suivant son renommage', () => {
    expect(history.available).toBe(true);
    const revisions = historyOf(history, 'fuites-reseau');
    expect(revisions.map((r) => [r.kind, r.date, r.summary, r.commit])).toEqual([
      ['modified', DATES.service, 'Changement de service', commits.service],
      ['renamed', DATES.rename, 'Nouveau nom de fiche', commits.rename],
      ['modified', DATES.update, 'Nouveau modèle et suspension pour audit', commits.update],
      ['created', DATES.publication, 'Publication des deux premières fiches', commits.publication],
    ]);
    expect(revisions.map((r) => r.slug)).toEqual(['fuites-reseau', 'fuites-reseau', 'detection-fuites', 'detection-fuites']);
    expect(revisions.find((r) => r.commit === commits.service)!.changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ['service', 'service-eau', 'service-voirie'],
    ]);
    expect(revisions.every((r) => r.entry === 'fuites-reseau')).toBe(true);
  });

  it('compare des champs, pas des lignes, avec leurs libellés en français et des valeurs lisibles', () => {
    const update = historyOf(history, 'fuites-reseau')[2];
    expect(change(update, 'system.model')).toEqual({
      path: 'system.model',
      label: 'Le système › Modèle',
      field: 'Le système › Modèle',
      kind: 'changed',
      before: 'Forêt d’isolement',
      after: 'Autoencodeur',
    });
    expect(change(update, 'system.model_version')).toMatchObject({ kind: 'added', label: 'Le système › Version du modèle', after: '2.1' });
    expect(change(update, 'system.model_version')).not.toHaveProperty('before');
    expect(change(update, 'status')).toMatchObject({ label: 'Statut', before: 'En service', after: 'Suspendu' });
    expect(change(update, 'data.personal_data')).toMatchObject({
      label: 'Les données › Données personnelles',
      before: 'Non',
      after: 'Oui',
    });
    expect(change(update, 'ai_act.risk_class')).toMatchObject({ before: RISK_CLASSES.minimal, after: RISK_CLASSES.limite });
    expect(change(update, 'evaluation.interoperabilite.score')).toMatchObject({ kind: 'changed', before: '3', after: '4' });
    // Fields untouched are not listed; the order is the schema's.
    const paths = update!.changes.map((c) => c.path);
    expect(paths).not.toContain('title');
    expect(paths.indexOf('status')).toBeLessThan(paths.indexOf('system.model'));
  });

  it('lit un élément ajouté à une liste, ou retiré, comme cet élément seul', () => {
    const update = historyOf(history, 'fuites-reseau')[2]!;
    const lifecycle = update.changes.filter((c) => c.path.startsWith('lifecycle.'));
    expect(lifecycle).toEqual([
      {
        path: 'lifecycle.2',
        label: `Étapes › n° 3 (${formatDate('2025-02-01')})`,
        field: 'Étapes',
        kind: 'added',
        after: `Date : ${formatDate('2025-02-01')} ; Nouveau statut : Suspendu ; Ce qui a été décidé : Suspendu le temps d’un audit.`,
      },
    ]);
    expect(update.changes.filter((c) => c.path.startsWith('keywords.'))).toEqual([
      { path: 'keywords.2', label: 'Mots-clés › n° 3', field: 'Mots-clés', kind: 'added', after: 'réseau' },
    ]);
    expect(update.changes.filter((c) => c.path.startsWith('risks'))).toEqual([
      {
        path: 'risks.0',
        label: `Risques et mesures › n° 1 (${RISK_KINDS.erreur})`,
        field: 'Risques et mesures',
        kind: 'removed',
        before: expect.stringContaining('Risque : Fausse alerte. ; Mesure prise : Vérification par un technicien.'),
      },
    ]);
    expect(changedFields(update)).toEqual(
      expect.arrayContaining(['Statut', 'Étapes', 'Mots-clés', 'Risques et mesures', 'Le système › Modèle']),
    );
  });

  it('montre un renommage comme le changement de l’identifiant, avec les champs changés en même temps', () => {
    const rename = historyOf(history, 'fuites-reseau')[1]!;
    expect(rename.previousSlug).toBe('detection-fuites');
    expect(rename.changes).toEqual([
      {
        path: 'slug',
        label: 'Identifiant de la fiche (adresse de la page)',
        field: 'Identifiant de la fiche',
        kind: 'changed',
        before: 'detection-fuites',
        after: 'fuites-reseau',
      },
      {
        path: 'title',
        label: 'Nom de l’usage',
        field: 'Nom de l’usage',
        kind: 'changed',
        before: 'Détection des fuites',
        after: 'Détection des fuites du réseau',
      },
    ]);
    expect(rename.title).toBe('Détection des fuites du réseau');
  });

  it('ne compte pas un changement de typographie ou de commentaires, où aucune information ne change', () => {
    const listed = history.available ? history.revisions.map((r) => r.commit) : [];
    expect(listed).toContain(commits.service);
    expect(listed).not.toContain(commits.typography);
  });

  it('ne compte pas un commit du logiciel qui migre les fiches en même temps que son code', () => {
    const listed = history.available ? history.revisions.map((r) => r.commit) : [];
    expect(listed).not.toContain(commits.migration);
    // The entry's text did change in that commit: only the following real change is listed.
    expect(historyOf(history, 'fuites-reseau')[0]!.commit).toBe(commits.service);
  });

  it('nomme les services, décisions et articles désignés par un identifiant', () => {
    const names = (target: string, id: string) =>
      target === 'services'
        ? ({ 'service-eau': 'Service de l’eau', 'service-voirie': 'Direction de la voirie' } as Record<string, string>)[id]
        : undefined;
    const named = readHistory(registre, { names });
    const service = historyOf(named, 'fuites-reseau')[0]!;
    expect(service.changes).toEqual([
      {
        path: 'service',
        label: 'Service responsable',
        field: 'Service responsable',
        kind: 'changed',
        before: 'Service de l’eau',
        after: 'Direction de la voirie',
      },
    ]);
    expect(revisionOutline(service)).toBe('Informations modifiées : Service responsable.');
  });

  it('n’attribue un nom de fichier réemployé après un renommage qu’à la nouvelle fiche', () => {
    expect(historyOf(history, 'detection-fuites').map((r) => [r.kind, r.commit, r.title])).toEqual([
      ['created', commits.reuse, 'Détection des fuites (nouvelle fiche)'],
    ]);
  });

  it('garde la suppression d’une fiche, avec son dernier titre', () => {
    expect(historyOf(history, 'tri-courrier').map((r) => [r.kind, r.commit, r.title])).toEqual([
      ['deleted', commits.removal, 'Tri du courrier entrant'],
      ['created', commits.publication, 'Tri du courrier entrant'],
    ]);
  });

  it('ne lit que les fichiers des fiches du dossier du registre', () => {
    const slugs = new Set(history.available ? history.revisions.map((r) => r.slug) : []);
    expect([...slugs].sort()).toEqual(['detection-fuites', 'fuites-reseau', 'tri-courrier']);
  });

  it('ne publie jamais qui a fait une modification', () => {
    const text = JSON.stringify(history.available ? history.revisions : []);
    expect(text).not.toContain('Confidentielle');
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain('Détail que la page ne publie pas');
  });
});

describe('dernières modifications de tout le registre', () => {
  it('liste les modifications, la plus récente d’abord, sans celles de pure typographie', () => {
    const latest = latestChanges(history, 50);
    expect(latest.map((r) => [r.entry, r.kind, r.date])).toEqual([
      ['detection-fuites', 'created', DATES.reuse],
      ['tri-courrier', 'deleted', DATES.removal],
      ['fuites-reseau', 'modified', DATES.service],
      ['fuites-reseau', 'renamed', DATES.rename],
      ['fuites-reseau', 'modified', DATES.update],
      ['fuites-reseau', 'created', DATES.publication],
      ['tri-courrier', 'created', DATES.publication],
    ]);
    expect(latestChanges(history, 2)).toHaveLength(2);
  });

  it('écrit un flux Atom avec une entrée par modification, liée à l’historique de la fiche', () => {
    const content = loadContent(FIXTURE);
    const feed = historyAtom(content, latestChanges(history, 50));
    expect(feed.match(/<entry>/g)).toHaveLength(7);
    expect(feed).toContain(`<updated>${DATES.reuse}</updated>`);
    // detection-fuites exists in the fixture content: linked to its history page.
    expect(feed).toContain(`/registre/detection-fuites/historique/#m-${commits.reuse.slice(0, 12)}`);
    expect(feed).toContain('Le système › Modèle : avant « Forêt d’isolement », après « Autoencodeur »');
    expect(feed).not.toContain('Confidentielle');
  });
});

describe('historique dans d’autres situations', () => {
  it('marque la plus ancienne version que contient un clone superficiel, et dit que l’historique est partiel', () => {
    const clone = path.join(work, 'clone');
    git(work, 'clone', '--quiet', '--depth=2', `file://${repo}`, clone);
    const shallow = readHistory(path.join(clone, 'content', 'registre'));
    expect(shallow).toMatchObject({ available: true, shallow: true });
    expect(historyOf(shallow, 'fuites-reseau').map((r) => [r.kind, r.commit])).toEqual([['oldest', commits.removal]]);
    expect(historyOf(shallow, 'detection-fuites').map((r) => r.kind)).toEqual(['created']);
    expect(latestChanges(shallow).map((r) => r.kind)).toEqual(['created']);
  });

  it('n’a pas d’historique, sans échouer, dans un dossier hors de tout dépôt', () => {
    const plain = path.join(work, 'archive', 'content', 'registre');
    mkdirSync(plain, { recursive: true });
    writeFileSync(path.join(plain, 'detection-fuites.yaml'), dump(fixtureEntry()));
    const previous = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = work;
    try {
      const none = readHistory(plain);
      expect(none.available).toBe(false);
      expect(historyOf(none, 'detection-fuites')).toEqual([]);
      expect(latestChanges(none)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = previous;
    }
  });

  it('n’a pas d’historique, sans échouer, quand git n’est pas installé ou que le dossier manque', () => {
    expect(readHistory(registre, { git: path.join(work, 'pas-de-git') })).toMatchObject({ available: false });
    expect(readHistory(path.join(work, 'absent'))).toMatchObject({ available: false });
  });
});

describe('comparaison champ par champ', () => {
  const base = () => fixtureEntry();

  it('nomme ce que désigne un identifiant, dans une liste de références comme dans une étape', () => {
    const known: Record<string, string> = {
      'charter-articles:humain-decide': 'Article 1 de la charte : Une personne décide',
      'charter-articles:transparence': 'Article 2 de la charte : Informer',
      'decisions:cdia-2025-09': 'Généralisation de la détection (Comité de l’IA, 4 septembre 2025)',
    };
    const names = (target: string, id: string) => known[`${target}:${id}`];
    const before = { ...base(), charter_articles: ['humain-decide', 'transparence'] };
    const after: Record<string, any> = { ...base(), charter_articles: ['transparence', 'article-inconnu'] };
    after.lifecycle[1].decision = 'cdia-2025-09';
    expect(diffEntries(before, after, undefined, names).map((c) => [c.label, c.before, c.after])).toEqual([
      [`Étapes › n° 2 (${formatDate('2025-01-15')}) › Décision de comité`, undefined, known['decisions:cdia-2025-09']],
      ['Articles de la charte appliqués › n° 1', known['charter-articles:humain-decide'], undefined],
      ['Articles de la charte appliqués › n° 2', undefined, 'article-inconnu'],
    ]);
  });

  it('lit une étape insérée au milieu comme une étape ajoutée', () => {
    const after = base();
    after.lifecycle.splice(1, 0, { date: '2024-06-01', status: 'bilan', note: 'Bilan à mi-parcours.' });
    expect(diffEntries(base(), after).map((c) => [c.path, c.kind])).toEqual([['lifecycle.1', 'added']]);
  });

  it('lit une étape modifiée sur place comme un champ de cette étape modifié', () => {
    const after = base();
    after.lifecycle[0].note = 'Essai sur deux secteurs.';
    expect(diffEntries(base(), after)).toEqual([
      {
        path: 'lifecycle.0.note',
        label: `Étapes › n° 1 (${formatDate('2024-03-01')}) › Ce qui a été décidé`,
        field: 'Étapes',
        kind: 'changed',
        before: 'Essai sur un secteur.',
        after: 'Essai sur deux secteurs.',
      },
    ]);
  });

  it('lit un objet ajouté comme chacun de ses champs ajouté, et un champ retiré comme retiré', () => {
    const after = base();
    after.data.dpia = { done: true, date: '2025-01-05' };
    delete after.environment;
    const changes = diffEntries(base(), after);
    expect(changes.filter((c) => c.path.startsWith('data.dpia'))).toEqual([
      expect.objectContaining({
        path: 'data.dpia.done',
        kind: 'added',
        after: 'Oui',
        label: 'Les données › Analyse d’impact relative à la protection des données (AIPD) › Analyse réalisée',
      }),
      expect.objectContaining({ path: 'data.dpia.date', kind: 'added', after: formatDate('2025-01-05') }),
    ]);
    expect(changes.find((c) => c.path === 'environment.estimate')).toMatchObject({ kind: 'removed', before: '12' });
  });

  it('garde un champ inconnu (d’un standard plus ancien) sous son propre nom', () => {
    const before = { ...base(), ancien_champ: 'valeur' };
    expect(diffEntries(before, base())).toEqual([
      { path: 'ancien_champ', label: 'ancien_champ', field: 'ancien_champ', kind: 'removed', before: 'valeur' },
    ]);
  });
});

describe('dates des modifications', () => {
  it('s’écrivent à la française, dans le fuseau horaire de la collectivité', () => {
    expect(formatDateTime('2025-02-03T14:30:00+01:00')).toBe('3 février 2025 à 14\u00a0h\u00a030');
    expect(formatDateTime('2025-07-01T06:05:00Z')).toBe('1 juillet 2025 à 8\u00a0h\u00a005');
  });
});

describe('résumé d’une modification', () => {
  const base = {
    entry: 'fuites',
    slug: 'fuites',
    commit: 'a'.repeat(40),
    date: '2026-01-01T10:00:00+01:00',
    summary: 'fix typo in yaml',
    title: 'Fuites',
  };

  it('est la note de la fiche quand elle a changé, jamais le message du commit', async () => {
    const { revisionSummary } = await import('../../src/lib/history/present.ts');
    const revision = {
      ...base,
      kind: 'modified',
      changes: [
        { path: 'status', label: 'Statut', field: 'Statut', kind: 'changed', before: 'Expérimentation', after: 'En service' },
        {
          path: 'revision.note',
          label: 'Dernière révision › Ce qui a changé',
          field: 'Dernière révision › Ce qui a changé',
          kind: 'changed',
          before: 'Essai.',
          after: 'Généralisation après le bilan.',
        },
      ],
    } as unknown as Parameters<typeof revisionSummary>[0];
    expect(revisionSummary(revision)).toBe('Généralisation après le bilan.');
  });

  it('se rabat sur la liste des champs modifiés', async () => {
    const { revisionSummary } = await import('../../src/lib/history/present.ts');
    const revision = {
      ...base,
      kind: 'modified',
      changes: [{ path: 'status', label: 'Statut', field: 'Statut', kind: 'changed', before: 'Expérimentation', after: 'En service' }],
    } as unknown as Parameters<typeof revisionSummary>[0];
    expect(revisionSummary(revision)).toBe('Informations modifiées : Statut.');
    expect(revisionSummary(revision)).not.toContain('fix typo');
  });
});
