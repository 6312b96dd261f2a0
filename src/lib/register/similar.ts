/**
 * "Usages proches": a plain weighted overlap of shared traits, computed at build time.
 * Transparent on purpose: a resident can see why two uses are shown together.
 */
import type { RegisterEntry } from '../content/load.ts';

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

export function similarEntries(entry: RegisterEntry, all: readonly RegisterEntry[], limit = 3): RegisterEntry[] {
  return all
    .filter((other) => other.slug !== entry.slug)
    .map((other) => ({ other, score: similarity(entry, other) }))
    .filter(({ score }) => score > 0.15)
    .sort((x, y) => y.score - x.score || x.other.title.localeCompare(y.other.title, 'fr'))
    .slice(0, limit)
    .map(({ other }) => other);
}
