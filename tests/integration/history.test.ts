/**
 * The built history pages against git as it is when the test runs: a fresh clone in CI may hold
 * one commit or a shallow history, so every expectation is computed from `git log`, never assumed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../../src/lib/content/load.ts';
import { historyOf, latestChanges, readHistory } from '../../src/lib/history/history.ts';
import { builtFile } from '../helpers/dist.ts';
import { fixtureSite } from '../helpers/fixture-site.ts';
import { PROJECT } from '../helpers/project.ts';

interface LoggedCommit {
  hash: string;
  date: string;
  subject: string;
}

/** The commits that changed an entry file, newest first, or undefined when git cannot tell. */
function gitLog(file: string): LoggedCommit[] | undefined {
  const run = spawnSync('git', ['log', '--no-merges', '--follow', '--format=%H%x1f%cI%x1f%s', '--', file], {
    cwd: PROJECT,
    encoding: 'utf8',
  });
  if (run.error || run.status !== 0) return undefined;
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [hash = '', date = '', subject = ''] = line.split('\x1f');
      return { hash, date, subject };
    });
}

/** The revision note of an entry file at a commit, or undefined when the file is not there. */
function noteAt(revision: string, file: string): string | undefined {
  const run = spawnSync('git', ['show', `${revision}:${file}`], { cwd: PROJECT, encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  const data = yaml.load(run.stdout, { schema: yaml.CORE_SCHEMA }) as { revision?: { note?: string } };
  return data.revision?.note?.replace(/\s+/g, ' ').trim();
}

const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function main(html: string): string {
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'));
}

let content: Content;
beforeAll(() => {
  content = loadContent(path.join(PROJECT, 'content'));
});

describe('page d’historique d’une fiche', () => {
  it('liste, le plus récent d’abord, chaque commit que git connaît pour la fiche, avec sa date et son résumé', () => {
    const entry = content.register[0]!;
    const html = main(builtFile(`registre/${entry.slug}/historique/index.html`));
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(decode(html.match(/<h1[^>]*>(.*?)<\/h1>/)![1]!)).toBe(`Historique de la fiche « ${entry.title} »`);
    expect(html).toContain(`href="/registre/${entry.slug}/"`);

    const commits = gitLog(`content/registre/${entry.slug}.yaml`);
    if (commits === undefined) {
      expect(html).toContain('Cette installation ne dispose pas de l’historique git');
      return;
    }
    if (commits.length === 0) {
      expect(html).toContain('Aucune modification de cette fiche n’est encore enregistrée');
      return;
    }
    // Only changes to the content are listed: not the software's own commits, not a reformatting.
    const listed = historyOf(readHistory(path.join(PROJECT, 'content', 'registre')), entry.slug).map((r) => r.commit);
    const byHash = new Map(commits.map((c) => [c.hash, c]));
    expect(listed.every((hash) => byHash.has(hash))).toBe(true);
    if (listed.length === 0) expect(html).toContain('Aucune modification de cette fiche n’est encore enregistrée');
    const sections = [...html.matchAll(/<section aria-labelledby="m-([0-9a-f]{12})">(.*?)<\/section>/gs)];
    expect(sections.map((s) => s[1])).toEqual(listed.map((hash) => hash.slice(0, 12)));
    sections.forEach(([, , body], i) => {
      const commit = byHash.get(listed[i]!)!;
      expect(body).toMatch(new RegExp(`^<h2 id="m-${commit.hash.slice(0, 12)}"><time datetime="${commit.date.replace(/\+/g, '\\+')}">`));
      // The summary is the record's own « Ce qui a changé » when that changed, never the commit message.
      const summary = decode(body!.match(/<strong>Résumé :<\/strong>(.*?)<\/p>/s)![1]!).trim();
      const note = (hash: string) => noteAt(hash, `content/registre/${entry.slug}.yaml`);
      const after = note(commit.hash);
      const before = note(`${commit.hash}^`);
      if (after !== undefined && before !== undefined && after !== before) expect(summary).toBe(after);
      else expect(summary).toMatch(/^(Informations modifiées|Création de la fiche|Plus ancienne version|Mise en forme seulement)/);
      // Each change is a table (caption, column and row headers) or a sentence saying what happened.
      const table = body!.match(/<table[^>]*>(.*?)<\/table>/s)?.[1];
      if (table) {
        expect(table).toMatch(/<caption[^>]*>Ce qui a changé/);
        expect([...table.matchAll(/<th scope="col"[^>]*>(.*?)<\/th>/g)].map((m) => m[1])).toEqual(['Champ', 'Avant', 'Après']);
        expect(table).toMatch(/<th scope="row"/);
      } else {
        expect(body).toMatch(/<p>(Création de la fiche|Plus ancienne version|Mise en forme seulement|Fichier modifié)/);
      }
    });
    expect(html).not.toMatch(/<script/);
  });

  it('existe pour chaque fiche du registre', () => {
    for (const entry of content.register) {
      expect(builtFile(`registre/${entry.slug}/historique/index.html`)).toContain('<h1>Historique de la fiche');
    }
  });
});

describe('dernières modifications', () => {
  const history = () => readHistory(path.join(PROJECT, 'content', 'registre'));

  it('/modifications/ liste les dernières modifications, avec le lien vers chaque fiche et son historique', () => {
    const html = main(builtFile('modifications/index.html'));
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    const expected = latestChanges(history(), 50);
    const rows = [...html.matchAll(/<tr[^>]*><td[^>]*>(.*?)<\/td><th scope="row"[^>]*>(.*?)<\/th>/gs)];
    expect(rows).toHaveLength(expected.length);
    rows.forEach(([, date, title], i) => {
      const revision = expected[i]!;
      expect(date).toContain(`datetime="${revision.date}"`);
      const current = content.register.find((e) => e.slug === revision.entry);
      if (current) {
        expect(date).toContain(`href="/registre/${current.slug}/historique/#m-${revision.commit.slice(0, 12)}"`);
        expect(title).toBe(`<a href="/registre/${current.slug}/">${title!.match(/">(.*)<\/a>/)![1]}</a>`);
        expect(decode(title!)).toBe(current.title);
      }
    });
    if (expected.length === 0) expect(html).toMatch(/ne dispose pas de l’historique git|Aucune modification/);
  });

  it('/modifications/flux.atom contient les mêmes modifications', () => {
    const feed = builtFile('modifications/flux.atom');
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    const expected = latestChanges(history(), 50);
    expect(feed.match(/<entry>/g) ?? []).toHaveLength(expected.length);
    expect([...feed.matchAll(/<entry>\s*<id>[^<]*\/([0-9a-f]{40})<\/id>/g)].map((m) => m[1])).toEqual(expected.map((r) => r.commit));
  });
});

describe('deux listes, deux noms ; deux flux, deux titres', () => {
  const site = fixtureSite('essai');
  const file = (relative: string) => builtFile(relative, site);
  const feedText = (feed: string, tag: string) => decode(feed.match(new RegExp(`<${tag}>(.*?)</${tag}>`, 's'))![1]!);

  it('l’accueil montre les fiches révisées récemment, le pied de page mène au journal des modifications', () => {
    const home = file('index.html');
    expect(home).toContain('<h2 id="modifications">Fiches révisées récemment</h2>');
    const footer = home.slice(home.indexOf('<footer'));
    expect(footer).toContain('<a href="/modifications/">Journal des modifications</a>');
    expect(footer).not.toContain('Dernières modifications');
    expect(main(file('modifications/index.html'))).toContain('<h1>Journal des modifications</h1>');
  });

  it('les deux flux Atom ont des titres distincts qui disent ce qu’ils listent, et renvoient l’un à l’autre', () => {
    const entries = file('donnees/registre.atom');
    const changes = file('modifications/flux.atom');
    const name = site.content.site.name;
    expect(feedText(entries, 'title')).toBe(`Registre de l’IA — ${name} : les fiches, par date de révision`);
    expect(feedText(changes, 'title')).toBe(`Registre de l’IA — ${name} : journal des modifications des fiches`);
    expect(feedText(entries, 'subtitle')).toContain('/modifications/flux.atom');
    expect(feedText(changes, 'subtitle')).toContain('/donnees/registre.atom');
    const alternates = [...file('index.html').matchAll(/<link rel="alternate" type="application\/atom\+xml" title="([^"]*)"/g)].map((m) =>
      decode(m[1]!),
    );
    expect(alternates).toEqual([
      'Registre de l’IA : les fiches, par date de révision',
      'Registre de l’IA : journal des modifications, information par information',
    ]);
  });
});
