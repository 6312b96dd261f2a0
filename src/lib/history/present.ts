/** How a change is named and linked on pages and in the feed. */
import { changedFields, type Revision } from './history.ts';
import { CHANGES_PATH, entryHistoryPath } from '../urls.ts';

/** Address of the page that details a change: its entry's history, or the list for a removed entry. */
export function revisionPath(revision: Revision, current: ReadonlySet<string>): string {
  return current.has(revision.entry) ? `${entryHistoryPath(revision.entry)}#${revisionAnchor(revision)}` : CHANGES_PATH;
}

/** Identifier of a change in the history page of its entry. */
export function revisionAnchor(revision: Revision): string {
  return `m-${revision.commit.slice(0, 12)}`;
}

/**
 * What a change was about, in the officer's own words when the record's « Ce qui a changé »
 * (revision.note) changed with it, else the outline. Commit messages are not published: they are
 * written for developers, in any language, and may name agents.
 */
export function revisionSummary(revision: Revision): string {
  const note = revision.changes.find((change) => change.path === 'revision.note' && change.after !== undefined);
  return note?.after ? String(note.after) : revisionOutline(revision);
}

/** One sentence saying what a change did, for lists and feeds. */
export function revisionOutline(revision: Revision): string {
  switch (revision.kind) {
    case 'created':
      return 'Création de la fiche.';
    case 'oldest':
      return 'Plus ancienne version conservée par cette installation.';
    case 'deleted':
      return 'Fiche retirée du registre.';
    default: {
      if (revision.unreadable)
        return 'Fichier modifié ; une des deux versions n’est pas lisible, la comparaison champ par champ est impossible.';
      const fields = changedFields(revision);
      if (fields.length === 0) return 'Mise en forme seulement : aucune information publiée n’a changé.';
      return `Informations modifiées : ${fields.join(' ; ')}.`;
    }
  }
}
