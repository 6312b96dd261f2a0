/**
 * Writes an Atom feed (RFC 4287). The register's feed and the changes feed both use it; checked
 * against the RFC by tests/unit/atom.test.ts.
 *
 * Ours rather than the `feed` package: `feed` writes every title, summary and content as
 * `type="html"`, so a title holding « < » or « & » would be read as markup and the changes feed's
 * one-change-per-line content would lose its line breaks; it has no `xml:lang` either. Our texts
 * are plain text (`type="text"`, the default), escaped as XML.
 */
import type { SiteData } from '../../schemas/site.ts';
import { escapeXml } from '../text.ts';

export interface AtomItem {
  id: string;
  title: string;
  url: string;
  /** RFC 3339 instants. */
  updated: string;
  published?: string;
  summary: string;
  content: string;
}

export interface AtomFeed {
  site: SiteData;
  /** Absolute address of the feed itself, also its id. */
  self: string;
  /** Absolute address of the HTML page the feed mirrors. */
  alternate: string;
  title: string;
  subtitle: string;
  updated: string;
  items: AtomItem[];
}

export function atomFeed(feed: AtomFeed): string {
  const items = feed.items.map((item) =>
    [
      '  <entry>',
      `    <id>${escapeXml(item.id)}</id>`,
      `    <title>${escapeXml(item.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(item.url)}"/>`,
      ...(item.published ? [`    <published>${escapeXml(item.published)}</published>`] : []),
      `    <updated>${escapeXml(item.updated)}</updated>`,
      `    <summary>${escapeXml(item.summary)}</summary>`,
      `    <content type="text">${escapeXml(item.content)}</content>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
    `  <id>${escapeXml(feed.self)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <subtitle>${escapeXml(feed.subtitle)}</subtitle>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternate)}"/>`,
    `  <updated>${escapeXml(feed.updated)}</updated>`,
    `  <author><name>${escapeXml(feed.site.name)}</name><email>${escapeXml(feed.site.contact.email)}</email></author>`,
    `  <rights>${escapeXml(feed.site.licence)}</rights>`,
    ...items,
    '</feed>',
    '',
  ].join('\n');
}
