/** Atom feed (RFC 4287) of the latest changes of the register, from its git history. */
import type { Content } from '../content/load.ts';
import { atomFeed } from '../feeds/atom.ts';
import { formatDateTime } from '../format.ts';
import type { Revision } from './history.ts';
import { revisionOutline, revisionPath, revisionSummary } from './present.ts';
import { CHANGES_FEED_PATH, CHANGES_PATH, REGISTER_FEED_PATH, absoluteUrl } from '../urls.ts';

function details(revision: Revision): string {
  const lines = [revisionOutline(revision)];
  for (const change of revision.changes) {
    if (change.kind === 'added') lines.push(`— ${change.label} : ajouté, « ${change.after} »`);
    else if (change.kind === 'removed') lines.push(`— ${change.label} : supprimé (était « ${change.before} »)`);
    else lines.push(`— ${change.label} : avant « ${change.before} », après « ${change.after} »`);
  }
  return lines.join('\n');
}

export function historyAtom(content: Content, revisions: Revision[], feedPath = CHANGES_FEED_PATH): string {
  const { site } = content;
  const current = new Set(content.register.map((e) => e.slug));
  const titles = new Map(content.register.map((e) => [e.slug, e.title]));
  const host = new URL(site.url).hostname;
  const newestRevision = content.register.reduce((d, e) => (e.revision.date > d ? e.revision.date : d), '1970-01-01');
  return atomFeed({
    site,
    self: absoluteUrl(feedPath, site.url),
    alternate: absoluteUrl(CHANGES_PATH, site.url),
    title: `Registre de l’IA — ${site.name} : journal des modifications des fiches`,
    subtitle:
      'Une entrée par modification d’une fiche, avec chaque information changée (avant, après), lue dans l’historique du registre. ' +
      `Pour une entrée par fiche, datée de sa dernière révision : ${absoluteUrl(REGISTER_FEED_PATH, site.url)}`,
    updated: revisions[0]?.date ?? `${newestRevision}T00:00:00Z`,
    items: revisions.map((revision) => ({
      id: `tag:${host},${revision.date.slice(0, 10)}:registre/${revision.entry}/${revision.commit}`,
      title: `${titles.get(revision.entry) ?? revision.title} : ${revisionSummary(revision)}`,
      url: absoluteUrl(revisionPath(revision, current), site.url),
      updated: revision.date,
      summary: `${formatDateTime(revision.date)}. ${revisionOutline(revision)}`,
      content: details(revision),
    })),
  });
}
