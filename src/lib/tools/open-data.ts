/**
 * The catalogue as open data: outils.json and its JSON Schema, outils.csv for programs,
 * outils-tableur.csv for spreadsheets, outils.atom for its changes. All derive from the tool
 * schema, plus what the site computes (openness, sovereignty, overdue review, uses).
 */
import { z } from 'astro/zod';
import type { Content, Tool } from '../content/load.ts';
import { atomFeed } from '../feeds/atom.ts';
import { frenchToday } from '../format.ts';
import { collect, toCsv, type Column } from '../open-data/csv.ts';
import { toOpenData } from '../open-data/json.ts';
import { openDataSchema, type OpenDataEntry } from '../open-data/schema.ts';
import { toSpreadsheetCsv, type SpreadsheetColumn } from '../open-data/spreadsheet.ts';
import { field, httpUrl } from '../../schemas/fields.ts';
import { schemaAt, shapeOf } from '../../schemas/introspect.ts';
import { TOOL_STATUSES, toolObject } from '../../schemas/tools.ts';
import { contentNames } from '../content/names.ts';
import { TOOLS_FEED_PATH, TOOLS_PATH, TOOLS_SCHEMA_PATH, absoluteUrl, toolPath } from '../urls.ts';
import { OPENNESS, isSelfHosted, isSovereign, opennessOf, reviewState, usesOf } from './catalogue.ts';

/** Version of the catalogue's publication format. */
export const TOOLS_STANDARD_VERSION = '1.0';

export const toolOpenDataSchema = toolObject.extend({
  id: field(z.string(), 'Identifiant', 'Stable : c’est aussi le dernier segment de l’adresse de la fiche de l’outil.'),
  url: field(httpUrl, 'Adresse de la fiche de l’outil'),
  openness: field(
    z.enum(Object.keys(OPENNESS) as [keyof typeof OPENNESS]).meta({ 'x-labels': OPENNESS }),
    'Ouverture des modèles',
    'Celle du modèle le moins ouvert de l’outil.',
  ),
  sovereign: field(z.boolean(), 'Souverain', 'Hébergé dans l’Union européenne et exposé à aucun droit non européen.'),
  self_hosted: field(z.boolean(), 'Sur les serveurs de la collectivité'),
  review_overdue: field(
    z.boolean(),
    'Revue en retard',
    'La date de revue était passée le jour de la publication du fichier (computed_on).',
  ),
  uses: field(z.array(z.string()), 'Usages du registre', 'Identifiants des fiches du registre qui s’appuient sur l’outil.'),
});

export const toolsOpenDataSchema = z.strictObject({
  standard: z.literal('catalogue-outils-ia'),
  standard_version: z.literal(TOOLS_STANDARD_VERSION),
  updated: field(z.iso.date(), 'Date de la dernière révision d’un outil'),
  computed_on: field(z.iso.date(), 'Jour du calcul des revues en retard'),
  licence: field(z.string(), 'Licence des données'),
  authority: openDataSchema.shape.authority,
  tools: z.array(toolOpenDataSchema),
});

export type ToolOpenDataEntry = z.output<typeof toolOpenDataSchema>;
export type ToolsOpenData = z.output<typeof toolsOpenDataSchema>;

export function toToolOpenDataEntry(tool: Tool, content: Content, today: string): ToolOpenDataEntry {
  const { slug, ...fields } = tool;
  return {
    id: slug,
    url: absoluteUrl(toolPath(slug), content.site.url),
    ...fields,
    openness: opennessOf(tool),
    sovereign: isSovereign(tool),
    self_hosted: isSelfHosted(tool),
    review_overdue: reviewState(tool, today).overdue,
    uses: usesOf(content.register, slug).map((e) => e.slug),
  };
}

/** outils.json: every tool, every field, the authority, the day overdue reviews were computed. */
export function toToolsOpenData(content: Content, today = frenchToday()): ToolsOpenData {
  const { site } = content;
  return {
    standard: 'catalogue-outils-ia',
    standard_version: TOOLS_STANDARD_VERSION,
    updated: content.tools.reduce((latest, t) => (t.revision.date > latest ? t.revision.date : latest), '1970-01-01'),
    computed_on: today,
    licence: site.licence,
    // The authority exactly as registre.json describes it.
    authority: toOpenData(content).authority,
    tools: content.tools.map((tool) => toToolOpenDataEntry(tool, content, today)),
  };
}

export function toolsJsonSchema(siteUrl: string): Record<string, unknown> {
  return {
    ...z.toJSONSchema(toolsOpenDataSchema, { io: 'output', target: 'draft-2020-12' }),
    $id: absoluteUrl(TOOLS_SCHEMA_PATH, siteUrl),
    title: 'Catalogue des outils d’intelligence artificielle',
    description: `Format catalogue-outils-ia, version ${TOOLS_STANDARD_VERSION}. Valide le fichier outils.json.`,
  };
}

const LEADING = ['id', 'url', 'name', 'summary'];

/** The columns of outils.csv: identity first, then the schema's order. */
export function toolCsvColumns(): Column[] {
  const all: Column[] = [];
  collect(shapeOf(toolOpenDataSchema)!, '', '', all);
  const rank = (c: Column) => (LEADING.includes(c.name) ? LEADING.indexOf(c.name) : LEADING.length);
  return all
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

// The CSV writers walk any record by the columns' paths: the register's type is only their default.
const asRecords = (tools: readonly ToolOpenDataEntry[]) => tools as unknown as readonly OpenDataEntry[];

export function toToolsCsv(data: ToolsOpenData): string {
  return toCsv(asRecords(data.tools), toolCsvColumns());
}

/** outils-tableur.csv: the same rows for a French spreadsheet (labels, French dates, semicolons). */
export function toToolsSpreadsheetCsv(data: ToolsOpenData, content: Content): string {
  const columns = toolCsvColumns();
  const seen = new Map<string, number>();
  for (const c of columns) seen.set(c.label, (seen.get(c.label) ?? 0) + 1);
  const spreadsheet: SpreadsheetColumn[] = columns.map((c) => ({
    ...c,
    header: seen.get(c.label)! > 1 ? `${c.label} (${c.name})` : c.label,
    schema: schemaAt(toolOpenDataSchema, c.name.split('.')),
  }));
  return toSpreadsheetCsv(asRecords(data.tools), contentNames(content), spreadsheet);
}

const instant = (date: string) => `${date}T00:00:00Z`;

/** outils.atom: one entry per tool, dated by its last revision, saying its status and what changed. */
export function toToolsAtom(content: Content): string {
  const { site } = content;
  const tools = [...content.tools].sort((a, b) => b.revision.date.localeCompare(a.revision.date) || a.name.localeCompare(b.name, 'fr'));
  return atomFeed({
    site,
    self: absoluteUrl(TOOLS_FEED_PATH, site.url),
    alternate: absoluteUrl(TOOLS_PATH, site.url),
    title: `Catalogue des outils d’IA — ${site.name} : les outils, par date de révision`,
    subtitle:
      'Une entrée par outil d’intelligence artificielle examiné, datée de la dernière révision de sa fiche : son statut et ce qui a changé.',
    updated: instant(tools[0]?.revision.date ?? '1970-01-01'),
    items: tools.map((tool) => ({
      id: absoluteUrl(toolPath(tool.slug), site.url),
      title: `${tool.name} (${TOOL_STATUSES[tool.decision.status].toLocaleLowerCase('fr')})`,
      url: absoluteUrl(toolPath(tool.slug), site.url),
      published: instant(tool.published),
      updated: instant(tool.revision.date),
      summary: tool.summary,
      content: `Dernière révision : ${tool.revision.note}`,
    })),
  });
}
