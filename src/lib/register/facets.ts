/**
 * The register's filters. One definition drives the prerendered filter pages (no JavaScript),
 * the instant filters of the island, the data attributes of the list and the key figures.
 */
import type { RegisterEntry, Service, Tool } from '../content/load.ts';
import { AI_KINDS, HOSTING, POLICY_AREAS, RISK_CLASSES, STATUSES, THEMES } from '../../schemas/options.ts';

export interface FacetOption {
  value: string;
  label: string;
}

export interface Facet {
  /** Query parameter and URL segment, in French: /registre/filtre/<key>/<value>/ and ?<key>=<value>. */
  key: string;
  label: string;
  options: FacetOption[];
  /** The entry's value, or its values (themes). */
  valueOf: (entry: RegisterEntry) => string | readonly string[];
}

const fromOptions = (options: Readonly<Record<string, string>>): FacetOption[] =>
  Object.entries(options).map(([value, label]) => ({ value, label }));

export function registerFacets(services: ReadonlyMap<string, Service>, tools: readonly Tool[] = []): Facet[] {
  const collator = new Intl.Collator('fr');
  const facets: Facet[] = [
    {
      key: 'service',
      label: 'Service',
      options: [...services.values()].map((s) => ({ value: s.id, label: s.name })).sort((a, b) => collator.compare(a.label, b.label)),
      valueOf: (e) => e.service,
    },
    { key: 'theme', label: 'Thème', options: fromOptions(THEMES), valueOf: (e) => e.themes },
    { key: 'domaine', label: 'Domaine d’action', options: fromOptions(POLICY_AREAS), valueOf: (e) => e.policy_area },
    { key: 'statut', label: 'Statut', options: fromOptions(STATUSES), valueOf: (e) => e.status },
    { key: 'type', label: 'Type d’IA', options: fromOptions(AI_KINDS), valueOf: (e) => e.system.kind },
    { key: 'risque', label: 'Classe de risque', options: fromOptions(RISK_CLASSES), valueOf: (e) => e.ai_act.risk_class },
    { key: 'hebergement', label: 'Hébergement', options: fromOptions(HOSTING), valueOf: (e) => e.system.hosting },
    {
      key: 'donnees-personnelles',
      label: 'Données personnelles',
      options: [
        { value: 'oui', label: 'Avec données personnelles' },
        { value: 'non', label: 'Sans données personnelles' },
      ],
      valueOf: (e) => (e.data.personal_data ? 'oui' : 'non'),
    },
    {
      // What residents ask first: does a decision about me rest on it?
      key: 'decisions-individuelles',
      label: 'Décisions individuelles',
      options: [
        { value: 'oui', label: 'Intervient dans des décisions individuelles' },
        { value: 'non', label: 'Aucune décision individuelle' },
      ],
      valueOf: (e) => (e.oversight.individual_decisions ? 'oui' : 'non'),
    },
  ];
  // The catalogue's tools, when it has any (the tools are sorted by name).
  if (tools.length > 0) {
    facets.push({
      key: 'outil',
      label: 'Outil du catalogue',
      options: tools.map((t) => ({ value: t.slug, label: t.name })),
      valueOf: (e) => e.tools,
    });
  }
  return facets;
}

/** Selected values per facet key; an empty or missing list means "any". */
export type Selection = Readonly<Record<string, readonly string[]>>;

/** The values an entry has for a facet: one for most, several for the themes. */
export function valuesOf(facet: Pick<Facet, 'valueOf'>, entry: RegisterEntry): readonly string[] {
  const value = facet.valueOf(entry);
  return typeof value === 'string' ? [value] : value;
}

/** Entries matching every facet of the selection (OR within a facet, AND across facets). */
export function filterEntries<E extends RegisterEntry>(entries: readonly E[], facets: readonly Facet[], selection: Selection): E[] {
  const active = facets.filter((f) => (selection[f.key]?.length ?? 0) > 0);
  return entries.filter((entry) => active.every((f) => valuesOf(f, entry).some((value) => selection[f.key]!.includes(value))));
}

const countCache = new WeakMap<readonly RegisterEntry[], Map<string, Map<string, number>>>();

/**
 * How many entries carry each value of a facet; options with no entry are kept with 0.
 * Remembered per list of entries: every filter page shows the counts of the whole register.
 */
export function countBy(entries: readonly RegisterEntry[], facet: Facet): Map<string, number> {
  let byFacet = countCache.get(entries);
  if (!byFacet) countCache.set(entries, (byFacet = new Map()));
  const known = byFacet.get(facet.key);
  if (known) return known;
  const counts = new Map(facet.options.map((o) => [o.value, 0]));
  for (const entry of entries) for (const value of valuesOf(facet, entry)) counts.set(value, (counts.get(value) ?? 0) + 1);
  byFacet.set(facet.key, counts);
  return counts;
}

/** Reads a selection from a query string, keeping only known facets and values. */
export function selectionFromQuery(query: URLSearchParams, facets: readonly Pick<Facet, 'key' | 'options'>[]): Record<string, string[]> {
  const selection: Record<string, string[]> = {};
  for (const facet of facets) {
    const known = new Set(facet.options.map((o) => o.value));
    const values = query.getAll(facet.key).filter((v) => known.has(v));
    if (values.length > 0) selection[facet.key] = [...new Set(values)];
  }
  return selection;
}

/** Writes a selection as a query string, in facet order so that equal filters share one URL. */
export function selectionToQuery(selection: Selection, facets: readonly Pick<Facet, 'key'>[]): string {
  const query = new URLSearchParams();
  for (const facet of facets) for (const value of selection[facet.key] ?? []) query.append(facet.key, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}
