/**
 * What changed between two versions of the charter, article by article (matched by their stable
 * ids), with a word-level diff of titles and texts for the articles that were reworded.
 */
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

/** Longest common subsequence of two token lists, as pieces; small texts, so O(n·m) is fine. */
export function diffWords(before: string, after: string): Piece[] {
  const a = tokens(before);
  const b = tokens(after);
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const pieces: Piece[] = [];
  const push = (kind: Piece['kind'], text: string) => {
    const last = pieces.at(-1);
    if (last?.kind === kind) last.text += text;
    else pieces.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) push('removed', a[i++]!);
    else push('added', b[j++]!);
  }
  while (i < a.length) push('removed', a[i++]!);
  while (j < b.length) push('added', b[j++]!);
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
