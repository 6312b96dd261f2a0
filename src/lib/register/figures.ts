/** Key figures of the home page, computed from the register. */
import type { RegisterEntry } from '../content/load.ts';

export interface KeyFigures {
  total: number;
  inService: number;
  experimenting: number;
  withPersonalData: number;
  individualDecisions: number;
  hostedInFrance: number;
  highRisk: number;
}

export function keyFigures(entries: readonly RegisterEntry[]): KeyFigures {
  const count = (test: (e: RegisterEntry) => boolean) => entries.filter(test).length;
  return {
    total: entries.length,
    inService: count((e) => e.status === 'en-service'),
    experimenting: count((e) => e.status === 'experimentation' || e.status === 'bilan'),
    withPersonalData: count((e) => e.data.personal_data),
    individualDecisions: count((e) => e.oversight.individual_decisions),
    hostedInFrance: count((e) => e.system.hosting === 'interne' || e.system.hosting === 'france'),
    highRisk: count((e) => e.ai_act.risk_class === 'haut'),
  };
}

/** The most recently revised entries, newest first. */
export function latestChanges<E extends RegisterEntry>(entries: readonly E[], limit = 5): E[] {
  return [...entries]
    .sort((a, b) => b.revision.date.localeCompare(a.revision.date) || a.title.localeCompare(b.title, 'fr'))
    .slice(0, limit);
}
