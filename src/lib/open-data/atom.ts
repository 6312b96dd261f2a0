/** Atom feed of register entries, newest revision first. */
import type { Content } from '../content/load.ts';
import { atomFeed } from '../feeds/atom.ts';
import { entryUrl } from './json.ts';

const instant = (date: string) => `${date}T00:00:00Z`;

export function toAtom(content: Content, feedPath = '/donnees/registre.atom'): string {
  const { site } = content;
  const entries = [...content.register].sort(
    (a, b) => b.revision.date.localeCompare(a.revision.date) || a.title.localeCompare(b.title, 'fr'),
  );
  return atomFeed({
    site,
    self: new URL(feedPath, site.url).href,
    alternate: new URL('/registre/', site.url).href,
    title: `Registre de l’IA — ${site.name}`,
    subtitle: 'Usages de l’intelligence artificielle, par date de dernière modification',
    updated: instant(entries[0]?.revision.date ?? '1970-01-01'),
    items: entries.map((entry) => ({
      id: entryUrl(site.url, entry.slug),
      title: entry.title,
      url: entryUrl(site.url, entry.slug),
      published: instant(entry.published),
      updated: instant(entry.revision.date),
      summary: entry.summary,
      content: `Dernière révision : ${entry.revision.note}`,
    })),
  });
}
