/**
 * What a resident types, made into what the index should look for. French small words (« au »,
 * « de la ») match nearly every page and were highlighted everywhere: they are dropped, unless
 * nothing else is left. An elided word is looked for without its article first (« à l’accueil »
 * finds « accueil »), then as typed (the index keeps « d’énergie » as one word).
 */

/** Articles, prepositions, pronouns and conjunctions that say nothing of a page's subject. */
const STOP_WORDS = new Set(
  (
    'a à au aux avec ce ces cet cette dans de des du en et est il ils je la le les leur leurs ' +
    'ma mes mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sont sur ta tes ' +
    'ton un une vos votre vous y'
  ).split(' '),
);

/** « l’ », « d’ », « qu’ »… at the start of a word, with either apostrophe. */
const ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]/i;

function withoutStopWords(words: string[]): string {
  const meaningful = words.filter((word) => !STOP_WORDS.has(word.toLocaleLowerCase('fr')));
  return (meaningful.length > 0 ? meaningful : words).join(' ');
}

/** The queries to try, in order: the first that finds something is the answer. */
export function searchQueries(typed: string): string[] {
  const words = typed.trim().split(/\s+/).filter(Boolean);
  const cut = withoutStopWords(words.map((word) => word.replace(ELISION, '')).filter(Boolean));
  const whole = withoutStopWords(words);
  return cut === whole ? [cut] : [cut, whole];
}

/**
 * Pagefind stems each word, then widens it to every indexed word that starts with the stem: the
 * French stem of « logement » is « log », so « logiciel » matched too. A quoted one-word search
 * matches the stem alone. These are the words worth checking that way; an elided word is left out,
 * the index keeping it whole.
 */
export function wordsToMatchExactly(terms: string): string[] {
  return [...new Set(terms.split(/\s+/).filter((word) => /^[\p{L}\p{N}-]{2,}$/u.test(word)))];
}

/**
 * The pages of a ranked result that hold each checked word itself, in the ranking's order. A word
 * found exactly nowhere is still being typed (« trans… »): it keeps its widened matches. When no
 * page holds every word, the widened result stands.
 */
export function keepExactMatches<T extends { id: string }>(ranked: T[], exactIdsPerWord: Set<string>[]): T[] {
  const checked = exactIdsPerWord.filter((ids) => ids.size > 0);
  if (checked.length === 0) return ranked;
  const kept = ranked.filter((result) => checked.every((ids) => ids.has(result.id)));
  return kept.length > 0 ? kept : ranked;
}

function comparable(word: string): string {
  return word
    .replace(ELISION, '')
    .toLocaleLowerCase('fr')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function sharedPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length += 1;
  return length;
}

/**
 * Unmarks the words of an excerpt that only share a short stem with the query (« logiciel » for
 * « logement »). A marked word stays when it and a query word agree on their first five letters,
 * or on the whole of the shorter one (« eau », « eaux »).
 */
export function keepRelevantHighlights(excerpt: string, typed: string): string {
  const queryWords = typed.split(/\s+/).map(comparable).filter(Boolean);
  if (queryWords.length === 0) return excerpt;
  return excerpt.replace(/<mark>(.*?)<\/mark>/gs, (marked: string, text: string) => {
    const word = comparable(text);
    const relevant = queryWords.some((query) => sharedPrefixLength(word, query) >= Math.min(5, word.length, query.length));
    return relevant ? marked : text;
  });
}
