/**
 * A draft's changes stay out of the published history (the home page's and the footer's latest
 * changes, /modifications/ and its feed): the entry is not public yet.
 */
import { describe, expect, it } from 'vitest';
import { withoutDrafts, type History, type Revision } from '../../src/lib/history/history.ts';

const revision = (entry: string, commit: string): Revision => ({
  entry,
  slug: entry,
  kind: 'created',
  commit,
  date: '2025-03-01T10:00:00+01:00',
  summary: `Création de registre « ${entry} »`,
  title: entry,
  changes: [],
});

describe('l’historique sans les brouillons', () => {
  it('retire les changements des fiches qui sont des brouillons, et eux seuls', () => {
    const revisions = [revision('assistant-urbanisme', 'b'), revision('tri-courrier', 'a')];
    const history: History = {
      available: true,
      shallow: false,
      revisions,
      byEntry: new Map(revisions.map((r) => [r.entry, [r]])),
    };
    const shown = withoutDrafts(history, ['assistant-urbanisme']);
    expect(shown.available && shown.revisions.map((r) => r.entry)).toEqual(['tri-courrier']);
    expect(shown.available && [...shown.byEntry.keys()]).toEqual(['tri-courrier']);
    // Without drafts, the history is the same object.
    expect(withoutDrafts(history, [])).toBe(history);
  });
});
