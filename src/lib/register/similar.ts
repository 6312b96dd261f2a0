/**
 * "Usages proches": a plain weighted overlap of shared traits (weighted Jaccard), computed at
 * build time. Transparent on purpose: a resident can see why two uses are shown together.
 * Two uses are "close" only if they share a strong trait (policy area, service or keyword):
 * sharing the kind of AI or the risk class alone says little to a resident.
 */
import type { RegisterEntry } from '../content/load.ts';

const THRESHOLD = 0.15;
const STRONG = /^(domaine|service|mot):/;

function traits(entry: RegisterEntry): Map<string, number> {
  const weighted = new Map<string, number>([
    [`domaine:${entry.policy_area}`, 3],
    [`type:${entry.system.kind}`, 2],
    [`service:${entry.service}`, 2],
    [`risque:${entry.ai_act.risk_class}`, 1],
    [`public:${entry.affected}`, 1],
  ]);
  for (const keyword of entry.keywords) weighted.set(`mot:${keyword.toLocaleLowerCase('fr')}`, 2);
  for (const category of entry.data.categories) weighted.set(`donnees:${category.toLocaleLowerCase('fr')}`, 1);
  return weighted;
}

/** Weighted Jaccard similarity of two uses' traits, between 0 and 1. */
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

interface Candidate {
  score: number;
  rank: number;
}

/** Higher score first, then alphabetical order of titles (precomputed as a rank). */
const before = (a: Candidate, b: Candidate) => a.score > b.score || (a.score === b.score && a.rank < b.rank);

/**
 * The close uses of every entry at once. Candidates come from an inverted index of the strong
 * traits (a close use must share one); the few weak traits are then compared directly. A
 * 5,000-entry register thus never compares every pair trait by trait.
 */
function closeUses(all: readonly RegisterEntry[], limit: number): Map<RegisterEntry, RegisterEntry[]> {
  const collator = new Intl.Collator('fr');
  const rank = new Int32Array(all.length);
  [...all.keys()].sort((a, b) => collator.compare(all[a]!.title, all[b]!.title)).forEach((index, position) => (rank[index] = position));

  const ids = new Map<string, number>();
  const weights: number[] = [];
  const postings: number[][] = [];
  const strongTraits: number[][] = [];
  const weakTraits: number[][] = [];
  const totalWeight: number[] = [];
  all.forEach((entry, index) => {
    const strong: number[] = [];
    const weak: number[] = [];
    let total = 0;
    for (const [trait, weight] of traits(entry)) {
      total += weight;
      let id = ids.get(trait);
      if (id === undefined) {
        id = weights.length;
        ids.set(trait, id);
        weights.push(weight);
        postings.push([]);
      }
      if (STRONG.test(trait)) {
        postings[id]!.push(index);
        strong.push(id);
      } else weak.push(id);
    }
    strongTraits.push(strong);
    weakTraits.push(weak);
    totalWeight.push(total);
  });

  const shared = new Float64Array(all.length);
  const mine = new Uint8Array(weights.length);
  const result = new Map<RegisterEntry, RegisterEntry[]>();
  all.forEach((entry, index) => {
    const touched: number[] = [];
    for (const id of strongTraits[index]!) {
      for (const other of postings[id]!) {
        if (other === index) continue;
        if (shared[other] === 0) touched.push(other);
        shared[other] = shared[other]! + weights[id]!;
      }
    }
    for (const id of weakTraits[index]!) mine[id] = 1;
    const best: (Candidate & { other: number })[] = [];
    for (const other of touched) {
      let overlap = shared[other]!;
      shared[other] = 0;
      for (const id of weakTraits[other]!) if (mine[id]) overlap += weights[id]!;
      const candidate = { score: overlap / (totalWeight[index]! + totalWeight[other]! - overlap), rank: rank[other]!, other };
      if (candidate.score <= THRESHOLD) continue;
      if (best.length === limit && !before(candidate, best.at(-1)!)) continue;
      best.push(candidate);
      best.sort((x, y) => (before(x, y) ? -1 : 1));
      if (best.length > limit) best.pop();
    }
    for (const id of weakTraits[index]!) mine[id] = 0;
    result.set(
      entry,
      best.map((b) => all[b.other]!),
    );
  });
  return result;
}

const cache = new WeakMap<readonly RegisterEntry[], { limit: number; close: Map<RegisterEntry, RegisterEntry[]> }>();

/** Up to `limit` uses closest to `entry` among `all`, best first. */
export function similarEntries(entry: RegisterEntry, all: readonly RegisterEntry[], limit = 3): RegisterEntry[] {
  let computed = cache.get(all);
  if (!computed || computed.limit !== limit) {
    computed = { limit, close: closeUses(all, limit) };
    cache.set(all, computed);
  }
  return computed.close.get(entry) ?? [];
}
