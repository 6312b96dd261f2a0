/**
 * Checks on the text a resident types (a pseudonym, a free-text answer) that Unicode makes
 * necessary: characters that are invisible or that reverse the reading order, look-alike
 * letters that let a pseudonym pass for the authority's name, and words that mix alphabets.
 *
 * Pure functions, no dependency. They live under `src/schemas/` because the contribution schema
 * uses them and schemas may only import other schemas and `src/lib/format.ts`; the moderation
 * screens import the script detection from here too.
 */

/** Why a character may not be typed. */
export type ForbiddenKind = 'bidi' | 'invisible' | 'control';

export interface ForbiddenCharacter {
  /** The character itself. */
  char: string;
  /** Its code point as Unicode writes it, e.g. `U+202E`. */
  codePoint: string;
  kind: ForbiddenKind;
}

/**
 * Bidirectional controls: they change the reading order of what follows, so that
 * « U+202E trevès ed eiriaM » shows as « Mairie de sèvert ». LRM, RLM and ALM only mark a
 * direction; the embeddings, overrides and isolates (U+202A–202E, U+2066–2069) reorder text.
 */
const BIDI_MARKS = /[\u200E\u200F\u061C]/u;
const BIDI_REORDERING = /[\u202A-\u202E\u2066-\u2069]/u;

/**
 * Characters that show nothing, or nothing distinct: zero-width spaces and joiners, word
 * joiner and invisible operators, byte order mark, soft hyphen, Mongolian vowel separator,
 * variation selectors, tags, combining grapheme joiner, Hangul fillers, Khmer inherent vowels
 * and the blank Braille pattern (the last ones are letters or symbols for Unicode, yet draw
 * an empty space: they are the usual way to make a "blank" name).
 */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x115f, 0x1160], // Hangul choseong and jungseong fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200d], // zero-width space, non-joiner, joiner
  [0x2060, 0x2064], // word joiner, invisible operators
  [0x2800, 0x2800], // Braille pattern blank
  [0x3164, 0x3164], // Hangul filler
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // zero-width no-break space (byte order mark)
  [0xffa0, 0xffa0], // half-width Hangul filler
  [0xe0000, 0xe007f], // tags
  [0xe0100, 0xe01ef], // variation selectors supplement
];

const isInvisible = (char: string) => {
  const code = char.codePointAt(0)!;
  return INVISIBLE.some(([first, last]) => code >= first && code <= last);
};

/**
 * Everything else Unicode calls a control or a format character (Cc, Cf), plus line and
 * paragraph separators, lone surrogates, private-use and unassigned code points: none is a
 * character a resident means to publish.
 */
const OTHER_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u;

function codePointOf(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function classify(char: string): ForbiddenKind | undefined {
  if (BIDI_MARKS.test(char) || BIDI_REORDERING.test(char)) return 'bidi';
  if (isInvisible(char)) return 'invisible';
  if (OTHER_CONTROL.test(char)) return 'control';
  return undefined;
}

/** The first character a pseudonym may not contain, or undefined: every bidi, invisible or control character. */
export function forbiddenInPseudonym(text: string): ForbiddenCharacter | undefined {
  for (const char of text) {
    const kind = classify(char);
    if (kind) return { char, codePoint: codePointOf(char), kind };
  }
  return undefined;
}

/** What an answer may not contain: the reordering controls, and control characters but the tab and the line break. */
const FORBIDDEN_IN_ANSWER = new RegExp(`${BIDI_REORDERING.source}|(?![\\n\\t])[\\p{Cc}\\p{Cs}]`, 'u');

/**
 * The first character a free-text answer may not contain, or undefined. An answer is longer
 * and may be written in Arabic, Hebrew or Persian, or hold an emoji: the direction marks
 * (LRM, RLM, ALM), the joiners (ZWJ, ZWNJ) and variation selectors have a use there and are
 * kept. Refused: the controls that reorder text (U+202A–202E, U+2066–2069), and the control
 * characters other than the tab and the line break.
 */
export function forbiddenInAnswer(text: string): ForbiddenCharacter | undefined {
  // One pass of one expression over the whole text: the first character refused, of either kind.
  const char = FORBIDDEN_IN_ANSWER.exec(text)?.[0];
  if (char === undefined) return undefined;
  return { char, codePoint: codePointOf(char), kind: BIDI_REORDERING.test(char) ? 'bidi' : 'control' };
}

/** What a resident reads when a character is refused, after the field's name. */
export function forbiddenMessage(found: ForbiddenCharacter): string {
  switch (found.kind) {
    case 'bidi':
      return `contient un caractère qui inverse le sens de lecture (${found.codePoint}) : retirez-le, il ferait lire le texte autrement qu’il est écrit`;
    case 'invisible':
      return `contient un caractère invisible (${found.codePoint}) : retirez-le`;
    case 'control':
      return `contient un caractère de contrôle (${found.codePoint}) : retirez-le`;
  }
}

/*
 * Look-alikes. A skeleton maps every string to a representative of what it looks like, so
 * that two strings that look the same have the same skeleton (the idea of the "confusables"
 * of Unicode TS #39, much simplified: only what imitates the Latin letters of French words).
 * Both the pseudonym and the words it must not imitate are reduced, so a class may merge
 * several Latin letters that look alike (i, l and 1; n and h; u and v) without harm: the
 * skeleton is only ever compared with another skeleton, never shown.
 */

/** One look-alike class per line: the representative, then what reads as it. */
const CONFUSABLE_CLASSES: Readonly<Record<string, string>> = {
  // Latin a; digit 4, at sign; Cyrillic а; Greek α.
  a: '4@\u0430\u03B1',
  // Digit 8, Cyrillic в (uppercase В), ь, Greek β.
  b: '8\u0432\u044C\u03B2',
  // Cyrillic с, Greek lunate sigma ϲ.
  c: '\u0441\u03F2',
  // Cyrillic ԁ.
  d: '\u0501',
  // Digit 3, Cyrillic е, є, Greek ε.
  e: '3\u0435\u0454\u03B5',
  // Digit 9, Latin script g.
  g: '9\u0261',
  // Cyrillic ј.
  j: '\u0458',
  // Cyrillic к, Greek κ.
  k: '\u043A\u03BA',
  // Latin i and dotless ı, digit 1, bar, exclamation mark, Cyrillic і and palochka ӏ, Greek ι, Latin ɩ.
  l: 'i\u01311|!\u0456\u04CF\u03B9\u0269',
  // Cyrillic м (uppercase М), Greek μ (uppercase Μ).
  m: '\u043C\u03BC',
  // Latin h; Cyrillic н (uppercase Н), п, һ; Greek η (uppercase Η).
  n: 'h\u043D\u043F\u04BB\u03B7',
  // Digit 0, Cyrillic о, Greek ο and σ.
  o: '0\u043E\u03BF\u03C3',
  // Cyrillic р, Greek ρ.
  p: '\u0440\u03C1',
  // Cyrillic ԛ.
  q: '\u051B',
  // Cyrillic г.
  r: '\u0433',
  // Digit 5, dollar sign, Cyrillic ѕ.
  s: '5$\u0455',
  // Digit 7, Cyrillic т (uppercase Т), Greek τ.
  t: '7\u0442\u03C4',
  // Latin u; Greek υ, ν.
  v: 'u\u03C5\u03BD',
  // Cyrillic ѡ, ԝ, Greek ω.
  w: '\u0461\u051D\u03C9',
  // Cyrillic х, Greek χ.
  x: '\u0445\u03C7',
  // Cyrillic у, Greek γ.
  y: '\u0443\u03B3',
  // Greek ζ (uppercase Ζ).
  z: '\u03B6',
};

const CONFUSABLES = new Map<string, string>(
  Object.entries(CONFUSABLE_CLASSES).flatMap(([target, sources]) => [...sources].map((source) => [source, target] as const)),
);

/** Pairs of Latin letters that read as one: « rn » as « m », « vv » (and so « uu ») as « w ». */
const DIGRAPHS: readonly (readonly [RegExp, string])[] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
];

/**
 * The skeleton of a text, as a list of words: NFKC (full-width and mathematical letters,
 * ligatures), lower case, no diacritics, look-alikes replaced by their representative, then
 * split on what is neither a letter nor a mapped character (spaces, punctuation, symbols).
 */
export function skeletonWords(text: string): string[] {
  const folded = text.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  let mapped = '';
  for (const char of folded) mapped += CONFUSABLES.get(char) ?? char;
  for (const [pair, single] of DIGRAPHS) mapped = mapped.replace(pair, single);
  return mapped.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The skeleton of a text as one string, without spaces or punctuation. */
export function skeleton(text: string): string {
  return skeletonWords(text).join('');
}

/**
 * How a word that names the authority or its staff is found in a pseudonym:
 * - `anywhere`: inside it, even glued to other words (« LaMairie », « m.a.i.r.i.e ») — for
 *   words long and specific enough that no name contains them;
 * - `word-start`: at the start of a word (« Admin2 », « Services ») — « admin » is in
 *   « badminton », « ville de » in « Neuville de… »;
 * - `word`: as a whole word (« maire », not « Mairesse », a surname).
 */
type Match = 'anywhere' | 'word-start' | 'word';

/** Words that speak in the name of a local authority or of its staff, in French. */
const AUTHORITY_WORDS: readonly (readonly [string, Match])[] = [
  ['mairie', 'anywhere'],
  ['hôtel de ville', 'anywhere'],
  ['maire', 'word'],
  ['modérat', 'anywhere'], // modérateur, modératrice, modération
  ['modo', 'word'],
  ['administrat', 'anywhere'], // administrateur, administratrice, administration
  ['admin', 'word-start'],
  ['service', 'word-start'],
  ['métropole', 'anywhere'],
  ['ville de', 'word-start'],
  ['commune de', 'word-start'],
  ['collectivité', 'anywhere'],
  ['communauté urbaine', 'anywhere'],
  ['communauté d’agglomération', 'anywhere'],
  ['communauté de communes', 'anywhere'],
  ['conseil municipal', 'anywhere'],
  ['conseil départemental', 'anywhere'],
  ['conseil régional', 'anywhere'],
  ['officiel', 'anywhere'],
];

function matches(words: readonly string[], target: string, how: Match): boolean {
  if (!target) return false;
  switch (how) {
    case 'anywhere':
      return words.join('').includes(target);
    case 'word':
      return words.includes(target) || words.join('') === target;
    case 'word-start':
      return words.some((_, i) => words.slice(i).join('').startsWith(target));
  }
}

/**
 * Whether a pseudonym looks like the authority's name or speaks for it or its staff
 * (« Mairie de Sèvres » with a Cyrillic « а », « M4irie », « Modérateur », « ADMIN »…),
 * once both are reduced to their skeleton.
 */
export function imitatesAuthority(pseudonym: string, authorityName: string): boolean {
  const words = skeletonWords(pseudonym);
  if (authoritySkeleton?.name !== authorityName) authoritySkeleton = { name: authorityName, skeleton: skeleton(authorityName) };
  if (matches(words, authoritySkeleton.skeleton, 'anywhere')) return true;
  return AUTHORITY_SKELETONS.some(([word, how]) => matches(words, word, how));
}

/** Skeletons of the words above and of the authority's name, made once: a form's pseudonym is checked against all of them. */
const AUTHORITY_SKELETONS = AUTHORITY_WORDS.map(([word, how]) => [skeleton(word), how] as const);
let authoritySkeleton: { name: string; skeleton: string } | undefined;

/** Said to a resident whose pseudonym {@link imitatesAuthority}. */
export const IMITATION_MESSAGE = 'ce pseudonyme ressemble au nom de la collectivité ou de son personnel : choisissez-en un autre';

/*
 * Scripts. A word that mixes alphabets (a Cyrillic « а » among Latin letters) is the usual way
 * to imitate a name while escaping a filter; moderators are told of it.
 */

/** The scripts told apart, with their French name. Letters of any other script are « autre ». */
const SCRIPTS: readonly (readonly [RegExp, string])[] = [
  [/\p{Script=Latin}/u, 'latin'],
  [/\p{Script=Cyrillic}/u, 'cyrillique'],
  [/\p{Script=Greek}/u, 'grec'],
  [/\p{Script=Arabic}/u, 'arabe'],
  [/\p{Script=Hebrew}/u, 'hébreu'],
  [/\p{Script=Armenian}/u, 'arménien'],
  [/\p{Script=Georgian}/u, 'géorgien'],
  [/\p{Script=Devanagari}/u, 'devanagari'],
  [/\p{Script=Thai}/u, 'thaï'],
  [/\p{Script=Han}/u, 'chinois'],
  [/\p{Script=Hiragana}/u, 'hiragana'],
  [/\p{Script=Katakana}/u, 'katakana'],
  [/\p{Script=Hangul}/u, 'coréen'],
];

/** Scripts that are written together in one word by the languages that use them. */
const WRITTEN_TOGETHER: readonly (readonly string[])[] = [
  ['chinois', 'hiragana', 'katakana'], // Japanese
  ['chinois', 'coréen'], // Korean with hanja
];

function scriptOf(char: string): string | undefined {
  if (!/\p{L}/u.test(char)) return undefined; // digits, punctuation, marks: shared by all scripts
  return SCRIPTS.find(([pattern]) => pattern.test(char))?.[1] ?? 'autre';
}

/** The scripts of the letters of a text, in order of first appearance. */
export function scriptsOf(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    const script = scriptOf(char);
    if (script) found.add(script);
  }
  return [...found];
}

/**
 * The scripts mixed inside one word of the text, in order of first appearance, or [] when
 * every word keeps to one (« Anna Иванова » is two words, each in one script: not mixed).
 */
export function mixedScripts(text: string): string[] {
  const mixed = new Set<string>();
  for (const word of text.normalize('NFC').split(/[^\p{L}\p{M}\p{N}]+/u)) {
    const scripts = scriptsOf(word);
    if (scripts.length < 2) continue;
    if (WRITTEN_TOGETHER.some((group) => scripts.every((script) => group.includes(script)))) continue;
    for (const script of scripts) mixed.add(script);
  }
  return [...mixed];
}
