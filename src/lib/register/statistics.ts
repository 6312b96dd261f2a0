/** Counts behind the statistics page: one series per facet, plus the register's activity per year. */
import type { RegisterEntry, Service } from '../content/load.ts';
import { countBy, registerFacets } from './facets.ts';

export interface Series {
  id: string;
  title: string;
  rows: { label: string; value: number }[];
}

export function registerStatistics(entries: readonly RegisterEntry[], services: ReadonlyMap<string, Service>): Series[] {
  const series: Series[] = registerFacets(services).map((facet) => {
    const counts = countBy(entries, facet);
    return {
      id: facet.key,
      title: `Usages par ${facet.label.toLocaleLowerCase('fr')}`,
      rows: facet.options
        .map((o) => ({ label: o.label, value: counts.get(o.value) ?? 0 }))
        .filter((r) => r.value > 0 || facet.key !== 'service'),
    };
  });
  const years = new Map<string, number>();
  for (const entry of entries)
    for (const event of entry.lifecycle) years.set(event.date.slice(0, 4), (years.get(event.date.slice(0, 4)) ?? 0) + 1);
  series.push({
    id: 'etapes-par-an',
    title: 'Étapes franchies par année (idées, essais, bilans, mises en service, arrêts)',
    rows: [...years].sort(([a], [b]) => a.localeCompare(b)).map(([label, value]) => ({ label, value })),
  });
  return series;
}
