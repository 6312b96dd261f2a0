/** What the draw's page shows, computed from the published file only (never from the pool). */
import type { Draw } from '../content/load.ts';
import { OTHER_VALUES } from './pool.ts';

export interface QuotaRow {
  value: string;
  min: number;
  max: number;
  /** Undefined when the value was merged with others (fewer than 5 volunteers). */
  pool?: number;
  panel?: number;
}

export interface FeatureSummary {
  key: string;
  label: string;
  rows: QuotaRow[];
  /** The pool's merged small values, if any. */
  merged?: number;
}

export function featureSummaries(draw: Draw): FeatureSummary[] {
  return draw.features.map((f) => {
    const poolCounts = draw.commitment?.pool_counts.filter((c) => c.feature === f.key) ?? [];
    const panelCounts = draw.result?.counts.filter((c) => c.feature === f.key) ?? [];
    const rows = f.values.map((v) => {
      const pool = poolCounts.find((c) => c.value === v.value)?.count;
      const panel = panelCounts.find((c) => c.value === v.value)?.count;
      return { value: v.value, min: v.min, max: v.max, ...(pool === undefined ? {} : { pool }), ...(panel === undefined ? {} : { panel }) };
    });
    const merged = poolCounts.find((c) => c.value === OTHER_VALUES)?.count;
    return { key: f.key, label: f.label, rows, ...(merged === undefined ? {} : { merged }) };
  });
}

/** The current members' codes: the drawn seats, with each replacement applied in order. */
export function currentMembers(draw: Draw): string[] {
  const members = draw.result?.seats.map((s) => s.code) ?? [];
  for (const r of draw.replacements) {
    const at = members.indexOf(r.leaving);
    if (at >= 0) members[at] = r.joining;
  }
  return members;
}

/** A probability as a French percentage with one decimal: « 1,7 % ». */
export function formatProbability(share: number): string {
  return `${(share * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })}\u202f%`;
}
