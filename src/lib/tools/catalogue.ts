/**
 * The catalogue of AI tools: what the pages, the exports and the statistics derive from a tool
 * (its review state on a given day, its openness, whether it is sovereign), the catalogue's
 * filters, and the links between tools and the register's uses.
 */
import type { Content, RegisterEntry, Tool } from '../content/load.ts';
import { frenchToday } from '../format.ts';
import { HOSTING } from '../../schemas/options.ts';
import { DATA_CLASSES, MODEL_DISTRIBUTIONS, TOOL_CATEGORIES, TOOL_STATUSES } from '../../schemas/tools.ts';

/** A tool whose models are not published: its openness cannot be told. */
export const UNKNOWN_OPENNESS = 'non-communique';

export const OPENNESS = { ...MODEL_DISTRIBUTIONS, [UNKNOWN_OPENNESS]: 'Modèle non communiqué' } as const;

type Distribution = keyof typeof MODEL_DISTRIBUTIONS;
const OPENNESS_ORDER = Object.keys(MODEL_DISTRIBUTIONS) as Distribution[];

/** A tool is as open as its least open model. */
export function opennessOf(tool: Pick<Tool, 'models'>): keyof typeof OPENNESS {
  if (tool.models.length === 0) return UNKNOWN_OPENNESS;
  return OPENNESS_ORDER[Math.min(...tool.models.map((m) => OPENNESS_ORDER.indexOf(m.distribution)))]!;
}

/** Run on the authority's own servers. */
export function isSelfHosted(tool: Pick<Tool, 'deployment'>): boolean {
  return tool.deployment.mode === 'serveurs-collectivite';
}

/** Hosted in the European Union and out of reach of any non-European law. */
export function isSovereign(tool: Pick<Tool, 'deployment'>): boolean {
  return tool.deployment.hosting !== 'hors-ue' && !tool.deployment.non_eu_law;
}

export interface ReviewState {
  /** The review date, when the decision has one. */
  date?: string;
  /** The review date is before `today`: the decision is past the date it should have been re-examined. */
  overdue: boolean;
  /** The day the state was computed for (the build's day): pages say so. */
  today: string;
}

/** Whether a tool's review is overdue on a given day (the build's day by default). */
export function reviewState(tool: Pick<Tool, 'decision'>, today = frenchToday()): ReviewState {
  const date = tool.decision.review_by;
  return { date, overdue: date !== undefined && date < today, today };
}

export interface ToolFacet {
  /** URL segment, in French: /outils/filtre/<key>/<value>/. */
  key: string;
  label: string;
  options: { value: string; label: string }[];
  valuesOf: (tool: Tool) => readonly string[];
}

const fromOptions = (options: Readonly<Record<string, string>>) => Object.entries(options).map(([value, label]) => ({ value, label }));

/** The catalogue's filters, each a page per value: they work without JavaScript. */
export const TOOL_FACETS: readonly ToolFacet[] = [
  { key: 'statut', label: 'Statut', options: fromOptions(TOOL_STATUSES), valuesOf: (t) => [t.decision.status] },
  { key: 'categorie', label: 'Catégorie', options: fromOptions(TOOL_CATEGORIES), valuesOf: (t) => [t.category] },
  { key: 'donnees', label: 'Données permises', options: fromOptions(DATA_CLASSES), valuesOf: (t) => t.decision.data_classes },
  { key: 'hebergement', label: 'Hébergement', options: fromOptions(HOSTING), valuesOf: (t) => [t.deployment.hosting] },
  { key: 'ouverture', label: 'Ouverture des modèles', options: fromOptions(OPENNESS), valuesOf: (t) => [opennessOf(t)] },
];

/** The tools having a value of a facet. */
export function toolsWith(tools: readonly Tool[], facet: ToolFacet, value: string): Tool[] {
  return tools.filter((t) => facet.valuesOf(t).includes(value));
}

/** The register's uses that rely on a tool. */
export function usesOf(register: readonly RegisterEntry[], toolSlug: string): RegisterEntry[] {
  return register.filter((e) => e.tools.includes(toolSlug));
}

/** The tools a use relies on, in the order the entry names them. */
export function toolsOf(content: Pick<Content, 'tools'>, entry: Pick<RegisterEntry, 'tools'>): Tool[] {
  const bySlug = new Map(content.tools.map((t) => [t.slug, t]));
  return entry.tools.map((slug) => bySlug.get(slug)).filter((t): t is Tool => t !== undefined);
}

export interface CatalogueFigures {
  byStatus: { status: keyof typeof TOOL_STATUSES; label: string; count: number }[];
  /** Uses that name at least one tool. */
  usesWithTools: number;
  /** Of those, the uses whose every tool is sovereign; and those relying on a self-hosted tool. */
  usesOnSovereignTools: number;
  usesOnSelfHostedTools: number;
}

export function catalogueFigures(content: Pick<Content, 'tools' | 'register'>): CatalogueFigures {
  const byStatus = (Object.entries(TOOL_STATUSES) as [keyof typeof TOOL_STATUSES, string][]).map(([status, label]) => ({
    status,
    label,
    count: content.tools.filter((t) => t.decision.status === status).length,
  }));
  const linked = content.register.map((e) => toolsOf(content, e)).filter((tools) => tools.length > 0);
  return {
    byStatus,
    usesWithTools: linked.length,
    usesOnSovereignTools: linked.filter((tools) => tools.every(isSovereign)).length,
    usesOnSelfHostedTools: linked.filter((tools) => tools.some(isSelfHosted)).length,
  };
}
