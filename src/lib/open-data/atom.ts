/** Atom feed of register entries, newest revision first. */
import type { Content } from '../content/load.ts';
import { atomFeed } from '../feeds/atom.ts';
import { CHANGES_FEED_PATH, REGISTER_FEED_PATH, REGISTER_PATH, absoluteUrl, entryPath } from '../urls.ts';

const instant = (date: string) => `${date}T00:00:00Z`;

export function toAtom(content: Content, feedPath = REGISTER_FEED_PATH): string {
  const { site } = content;
  const entries = [...content.register].sort(
    (a, b) => b.revision.date.localeCompare(a.revision.date) || a.title.localeCompare(b.title, 'fr'),
  );
  return atomFeed({
    site,
    self: absoluteUrl(feedPath, site.url),
    alternate: absoluteUrl(REGISTER_PATH, site.url),
    title: `Registre de l’IA — ${site.name} : les fiches, par date de révision`,
    subtitle:
      'Une entrée par usage de l’intelligence artificielle, datée de la dernière révision de sa fiche, avec ce qui a changé selon le service. ' +
      `Pour chaque modification, information par information : ${absoluteUrl(CHANGES_FEED_PATH, site.url)}`,
    updated: instant(entries[0]?.revision.date ?? '1970-01-01'),
    items: entries.map((entry) => ({
      id: absoluteUrl(entryPath(entry.slug), site.url),
      title: entry.title,
      url: absoluteUrl(entryPath(entry.slug), site.url),
      published: instant(entry.published),
      updated: instant(entry.revision.date),
      summary: entry.summary,
      content: `Dernière révision : ${entry.revision.note}`,
    })),
  });
}
