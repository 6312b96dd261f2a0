/**
 * What changed between two versions of the charter, article by article (matched by their stable
 * ids), with a word-level diff of titles and texts for the articles that were reworded.
 */
import { diffArrays } from 'diff';
import type { Charter } from '../content/load.ts';

export type Piece = { kind: 'same' | 'added' | 'removed'; text: string };

type Article = Charter['articles'][number];

export type ArticleChange =
  | { kind: 'added'; article: Article }
  | { kind: 'removed'; article: Article }
  | {
      kind: 'changed';
      before: Article;
      after: Article;
      number: Piece[];
      title: Piece[];
      body: Piece[];
      /** Less than half of the text kept: both wordings read better one after the other. */
      rewritten: boolean;
    }
  | { kind: 'same'; article: Article };

/** Words and the spaces between them, so that joining the pieces gives the text back. */
function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** Word-level diff (jsdiff's Myers algorithm) of the two texts cut into words and spaces. */
export function diffWords(before: string, after: string): Piece[] {
  const pieces: Piece[] = [];
  for (const change of diffArrays(tokens(before), tokens(after))) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const text = change.value.join('');
    const last = pieces.at(-1);
    if (last?.kind === kind) last.text += text;
    else if (text) pieces.push({ kind, text });
  }
  return pieces;
}

/** Share of the longer text that both versions have in common. */
function keptShare(before: string, after: string): number {
  const kept = diffWords(before, after)
    .filter((p) => p.kind === 'same')
    .reduce((n, p) => n + p.text.trim().length, 0);
  return kept / Math.max(1, before.length, after.length);
}

export function diffCharters(before: Charter, after: Charter): ArticleChange[] {
  const old = new Map(before.articles.map((a) => [a.id, a]));
  const kept = new Set<string>();
  const changes: ArticleChange[] = [];
  for (const article of after.articles) {
    const previous = old.get(article.id);
    if (!previous) {
      changes.push({ kind: 'added', article });
      continue;
    }
    kept.add(article.id);
    if (previous.title === article.title && previous.body === article.body && previous.number === article.number) {
      changes.push({ kind: 'same', article });
    } else {
      changes.push({
        kind: 'changed',
        before: previous,
        after: article,
        number: diffWords(previous.number, article.number),
        title: diffWords(previous.title, article.title),
        body: diffWords(previous.body, article.body),
        rewritten: keptShare(previous.body, article.body) < 0.5,
      });
    }
  }
  for (const article of before.articles) if (!kept.has(article.id)) changes.push({ kind: 'removed', article });
  return changes;
}

/** The version just before this one (charters are listed newest first). */
export function previousVersion(charters: readonly Charter[], charter: Charter): Charter | undefined {
  const index = charters.indexOf(charter);
  return index === -1 ? undefined : charters[index + 1];
}
