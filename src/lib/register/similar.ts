/**
 * "Usages proches": a plain weighted overlap of shared traits, computed at build time.
 * Transparent on purpose: a resident can see why two uses are shown together.
 */
import type { RegisterEntry } from '../content/load.ts';

type Traits = Map<string, number>;

const traitCache = new WeakMap<RegisterEntry, Traits>();

function traits(entry: RegisterEntry): Traits {
  let weighted = traitCache.get(entry);
  if (weighted) return weighted;
  weighted = new Map<string, number>([
    [`domaine:${entry.policy_area}`, 3],
    [`type:${entry.system.kind}`, 2],
    [`service:${entry.service}`, 2],
    [`risque:${entry.ai_act.risk_class}`, 1],
    [`public:${entry.affected}`, 1],
  ]);
  for (const keyword of entry.keywords) weighted.set(`mot:${keyword.toLocaleLowerCase('fr')}`, 2);
  for (const category of entry.data.categories) weighted.set(`donnees:${category.toLocaleLowerCase('fr')}`, 1);
  traitCache.set(entry, weighted);
  return weighted;
}

/** Weighted Jaccard similarity of two trait sets, between 0 and 1. */
export function similarity(a: RegisterEntry, b: RegisterEntry): number {
  const ta = traits(a);
  const tb = traits(b);
  let shared = 0;
  let total = 0;
  for (const [trait, weight] of ta) {
    total += weight;
    if (tb.has(trait)) shared += weight;
  }
  for (const [trait, weight] of tb) if (!ta.has(trait)) total += weight;
  return total === 0 ? 0 : shared / total;
}

/**
 * Close uses share at least a strong trait (policy area, service or keyword): two uses linked only
 * by the kind of AI or the risk class are not "close" for a resident. Indexing those traits also
 * keeps a 5,000-entry register from comparing every pair.
 */
const indexCache = new WeakMap<readonly RegisterEntry[], Map<string, RegisterEntry[]>>();
const STRONG = /^(domaine|service|mot):/;

function strongIndex(all: readonly RegisterEntry[]): Map<string, RegisterEntry[]> {
  let index = indexCache.get(all);
  if (index) return index;
  index = new Map();
  for (const entry of all) {
    for (const trait of traits(entry).keys()) {
      if (!STRONG.test(trait)) continue;
      const list = index.get(trait);
      if (list) list.push(entry);
      else index.set(trait, [entry]);
    }
  }
  indexCache.set(all, index);
  return index;
}

export function similarEntries(entry: RegisterEntry, all: readonly RegisterEntry[], limit = 3): RegisterEntry[] {
  const index = strongIndex(all);
  const candidates = new Set<RegisterEntry>();
  for (const trait of traits(entry).keys()) for (const other of index.get(trait) ?? []) candidates.add(other);
  candidates.delete(entry);
  return [...candidates]
    .filter((other) => other.slug !== entry.slug)
    .map((other) => ({ other, score: similarity(entry, other) }))
    .filter(({ score }) => score > 0.15)
    .sort((x, y) => y.score - x.score || x.other.title.localeCompare(y.other.title, 'fr'))
    .slice(0, limit)
    .map(({ other }) => other);
}
