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
