/** Atom feed (RFC 4287) of register entries, newest revision first. */
import type { Content } from '../content/load.ts';
import { entryUrl } from './json.ts';

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

const instant = (date: string) => `${date}T00:00:00Z`;

export function toAtom(content: Content, feedPath = '/donnees/registre.atom'): string {
  const { site } = content;
  const entries = [...content.register].sort(
    (a, b) => b.revision.date.localeCompare(a.revision.date) || a.title.localeCompare(b.title, 'fr'),
  );
  const updated = entries[0]?.revision.date ?? '1970-01-01';
  const feedUrl = new URL(feedPath, site.url).href;
  const items = entries.map((entry) => {
    const url = entryUrl(site.url, entry.slug);
    return [
      '  <entry>',
      `    <id>${escapeXml(url)}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
      `    <published>${instant(entry.published)}</published>`,
      `    <updated>${instant(entry.revision.date)}</updated>`,
      `    <summary>${escapeXml(entry.summary)}</summary>`,
      `    <content type="text">${escapeXml(`Dernière révision : ${entry.revision.note}`)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
    `  <id>${escapeXml(feedUrl)}</id>`,
    `  <title>${escapeXml(`Registre de l’IA — ${site.name}`)}</title>`,
    `  <subtitle>Usages de l’intelligence artificielle, par date de dernière modification</subtitle>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(new URL('/registre/', site.url).href)}"/>`,
    `  <updated>${instant(updated)}</updated>`,
    `  <author><name>${escapeXml(site.name)}</name><email>${escapeXml(site.contact.email)}</email></author>`,
    `  <rights>${escapeXml(site.licence)}</rights>`,
    ...items,
    '</feed>',
    '',
  ].join('\n');
}
