/**
 * The two Atom feeds, parsed by an XML parser of its own (xmldom) and checked against what
 * RFC 4287 requires of a feed and of its entries, hostile text included.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/lib/content/load.ts';
import { historyAtom } from '../../src/lib/history/atom.ts';
import type { Revision } from '../../src/lib/history/history.ts';
import { toAtom } from '../../src/lib/open-data/atom.ts';
import { FIXTURE } from '../helpers/content.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const HOSTILE = 'Tri < 5 & « rapide » ]]> "<script>alert(1)</script>" l’été';

function parseXml(xml: string): Element {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`XML illisible : ${message}`);
    },
  }).parseFromString(xml, 'application/xml');
  return document.documentElement!;
}

/** The Atom children of an element named `name`. */
function children(parent: Element, name: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (node): node is Element => node.nodeType === 1 && (node as Element).namespaceURI === ATOM && (node as Element).localName === name,
  );
}

const text = (parent: Element, name: string) => children(parent, name)[0]?.textContent ?? '';

/** What RFC 4287 (§ 4.1.1, 4.1.2, 4.2) requires, as a list of problems: empty when the feed is valid. */
function atomProblems(xml: string): string[] {
  const problems: string[] = [];
  // xmldom reads a bare ampersand as text; XML 1.0 does not allow it.
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(xml)) problems.push('esperluette non échappée');
  const feed = parseXml(xml);
  if (feed.namespaceURI !== ATOM || feed.localName !== 'feed') return [`racine ${feed.tagName} hors de l’espace Atom`];
  const once = (parent: Element, name: string, where: string) => {
    const count = children(parent, name).length;
    if (count !== 1) problems.push(`${where} : ${count} élément(s) ${name}, un seul attendu`);
  };
  const absolute = (value: string, where: string) => {
    if (!URL.canParse(value)) problems.push(`${where} : identifiant ${value} non absolu`);
  };
  const date = (parent: Element, name: string, where: string) => {
    for (const element of children(parent, name))
      if (!RFC3339.test(element.textContent ?? '')) problems.push(`${where} : ${name} « ${element.textContent} » hors RFC 3339`);
  };
  const links = (parent: Element, where: string) => {
    const alternates = children(parent, 'link').filter((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate');
    if (alternates.length !== 1) problems.push(`${where} : ${alternates.length} lien(s) alternate`);
    for (const link of children(parent, 'link')) absolute(link.getAttribute('href') ?? '', `${where} (lien)`);
  };
  for (const name of ['id', 'title', 'updated']) once(feed, name, 'flux');
  absolute(text(feed, 'id'), 'flux');
  date(feed, 'updated', 'flux');
  links(feed, 'flux');
  if (!children(feed, 'link').some((link) => link.getAttribute('rel') === 'self')) problems.push('flux : pas de lien self');
  const feedAuthor = children(feed, 'author')[0];
  const entries = children(feed, 'entry');
  const ids = new Set<string>();
  entries.forEach((entry, index) => {
    const where = `entrée ${index + 1}`;
    for (const name of ['id', 'title', 'updated']) once(entry, name, where);
    for (const name of ['published', 'summary', 'content'])
      if (children(entry, name).length > 1) problems.push(`${where} : ${name} répété`);
    absolute(text(entry, 'id'), where);
    if (ids.has(text(entry, 'id'))) problems.push(`${where} : identifiant répété`);
    ids.add(text(entry, 'id'));
    date(entry, 'updated', where);
    date(entry, 'published', where);
    links(entry, where);
    if (!feedAuthor && children(entry, 'author').length === 0) problems.push(`${where} : pas d’auteur, ni pour le flux`);
  });
  if (feedAuthor && !text(feedAuthor, 'name')) problems.push('flux : auteur sans nom');
  return problems;
}

const content = loadContent(FIXTURE);
const [first, ...others] = content.register;
const hostileContent = { ...content, register: [{ ...first!, title: HOSTILE, summary: HOSTILE }, ...others] };

const revision = (overrides: Partial<Revision>): Revision => ({
  entry: first!.slug,
  slug: first!.slug,
  kind: 'modified',
  commit: '0123456789abcdef0123456789abcdef01234567',
  date: '2026-03-02T10:15:00+01:00',
  summary: 'Mise à jour',
  title: first!.title,
  changes: [
    { path: 'system.model', label: 'Le système › Modèle', field: 'Le système › Modèle', kind: 'changed', before: 'A', after: HOSTILE },
  ],
  ...overrides,
});

describe('flux Atom (RFC 4287)', () => {
  it('le flux des fiches : flux et entrées complets, texte hostile relu à l’identique', () => {
    const xml = toAtom(hostileContent);
    expect(atomProblems(xml)).toEqual([]);
    const entries = children(parseXml(xml), 'entry');
    expect(entries).toHaveLength(content.register.length);
    const hostile = entries.find((entry) => text(entry, 'title') === HOSTILE);
    expect(text(hostile!, 'summary')).toBe(HOSTILE);
    expect(parseXml(xml).getAttribute('xml:lang')).toBe('fr');
  });

  it('le journal des modifications : une entrée par modification, ses lignes en texte brut', () => {
    const xml = historyAtom(hostileContent, [
      revision({}),
      revision({ commit: 'fedcba9876543210fedcba9876543210fedcba98', kind: 'created', changes: [] }),
    ]);
    expect(atomProblems(xml)).toEqual([]);
    const [entry] = children(parseXml(xml), 'entry');
    expect(children(entry!, 'content')[0]!.getAttribute('type')).toBe('text');
    expect(text(entry!, 'content').split('\n')).toContain(`— Le système › Modèle : avant « A », après « ${HOSTILE} »`);
  });

  it('un flux sans entrée reste valide, et le contrôle relève un flux incomplet', () => {
    expect(atomProblems(historyAtom(content, []))).toEqual([]);
    const broken = toAtom(content)
      .replace(/<updated>[^<]*<\/updated>/, '')
      .replace(/<id>[^<]*<\/id>\s*<title>/, '<id>pas-une-adresse</id><title>');
    expect(atomProblems(broken)).toEqual(expect.arrayContaining(['flux : 0 élément(s) updated, un seul attendu']));
    expect(atomProblems(broken).some((problem) => problem.includes('pas-une-adresse'))).toBe(true);
    expect(() => parseXml('<feed xmlns="http://www.w3.org/2005/Atom"><title>a < b</title></feed>')).toThrow(/XML illisible/);
    expect(atomProblems(toAtom(content).replace('<title>', '<title>R & D '))).toContain('esperluette non échappée');
  });
});
