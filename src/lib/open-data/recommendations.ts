/**
 * The councils' recommendations as open data: suivi.json (with its JSON Schema, derived from the
 * content's schemas), suivi.csv for programs, suivi-tableur.csv for a French spreadsheet, and an
 * Atom feed of the answers and milestones, newest first.
 */
import { z } from 'astro/zod';
import type { Content } from '../content/load.ts';
import { atomFeed } from '../feeds/atom.ts';
import { formatDate, formatNumericDate } from '../format.ts';
import { followRecommendations, FOLLOW_UP_PATH, STANDINGS, type FollowedRecommendation } from '../follow-up/recommendations.ts';
import { field, httpUrl } from '../../schemas/fields.ts';
import { ANSWER_STATUSES, RECOMMENDATION_THEMES, recommendationObject, VERDICTS } from '../../schemas/opinions.ts';
import { absoluteUrl } from '../urls.ts';
import { quote, quoteCell, spreadsheetSafe } from './csv.ts';
import { BOM, SPREADSHEET_SEPARATOR } from './spreadsheet.ts';

export const FOLLOW_UP_JSON_PATH = '/donnees/suivi.json';
export const FOLLOW_UP_SCHEMA_PATH = '/donnees/suivi.schema.json';
export const FOLLOW_UP_CSV_PATH = '/donnees/suivi.csv';
export const FOLLOW_UP_SPREADSHEET_PATH = '/donnees/suivi-tableur.csv';
export const FOLLOW_UP_FEED_PATH = '/donnees/suivi.atom';

export const openRecommendationSchema = recommendationObject.extend({
  id: field(z.string(), 'Identifiant', 'L’avis et la recommandation : « <avis>/<recommandation> », stable.'),
  recommendation: recommendationObject.shape.id,
  url: field(httpUrl, 'Adresse de la recommandation'),
  opinion: field(z.string(), 'Avis', 'Identifiant de l’avis.'),
  opinion_title: field(z.string(), 'Titre de l’avis'),
  opinion_date: field(z.iso.date(), 'Date de l’avis'),
  committee: field(z.string(), 'Instance', 'Identifiant de l’instance qui a rendu l’avis.'),
  committee_name: field(z.string(), 'Nom de l’instance'),
  referral: field(z.string().optional(), 'Saisine'),
  late: field(z.boolean(), 'En retard', 'Retenue, même en partie, échéance passée au jour du calcul, mise en œuvre non achevée.'),
});

export const followUpOpenDataSchema = z.strictObject({
  computed_on: field(z.iso.date(), 'Jour du calcul des retards', 'Le jour où le site a été publié.'),
  authority: field(z.string(), 'Collectivité'),
  licence: field(z.string(), 'Licence des données'),
  recommendations: z.array(openRecommendationSchema),
});

export type FollowUpOpenData = z.output<typeof followUpOpenDataSchema>;

export function toFollowUpOpenData(content: Content, today: string): FollowUpOpenData {
  const { site } = content;
  return {
    computed_on: today,
    authority: site.name,
    licence: site.licence,
    recommendations: followRecommendations(content, today).map((row) => ({
      ...row.recommendation,
      id: `${row.opinion.id}/${row.recommendation.id}`,
      recommendation: row.recommendation.id,
      url: absoluteUrl(row.href, site.url),
      opinion: row.opinion.id,
      opinion_title: row.opinion.title,
      opinion_date: row.opinion.date,
      committee: row.opinion.committee,
      committee_name: row.committee?.name ?? row.opinion.committee,
      ...(row.opinion.referral && { referral: row.opinion.referral }),
      late: row.late,
    })),
  };
}

export function followUpJsonSchema(siteUrl: string): Record<string, unknown> {
  return {
    ...z.toJSONSchema(followUpOpenDataSchema, { io: 'output', target: 'draft-2020-12' }),
    $id: absoluteUrl(FOLLOW_UP_SCHEMA_PATH, siteUrl),
    title: 'Suivi des recommandations des conseils',
    description:
      'Valide le fichier suivi.json : chaque recommandation, la réponse de la collectivité, ses étapes et l’appréciation du conseil.',
  };
}

/** One column of both CSV files: the code for programs, the words for people. */
interface FollowUpColumn {
  name: string;
  header: string;
  machine: (row: FollowedRecommendation) => string;
  reader: (row: FollowedRecommendation) => string;
}

const same = (name: string, header: string, value: (row: FollowedRecommendation) => string | undefined): FollowUpColumn => ({
  name,
  header,
  machine: (row) => value(row) ?? '',
  reader: (row) => value(row) ?? '',
});
const date = (name: string, header: string, value: (row: FollowedRecommendation) => string | undefined): FollowUpColumn => ({
  name,
  header,
  machine: (row) => value(row) ?? '',
  reader: (row) => {
    const day = value(row);
    return day ? formatNumericDate(day) : '';
  },
});
const coded = (
  name: string,
  header: string,
  labels: Readonly<Record<string, string>>,
  value: (row: FollowedRecommendation) => string | undefined,
): FollowUpColumn => ({
  name,
  header,
  machine: (row) => value(row) ?? '',
  reader: (row) => {
    const code = value(row);
    return code ? (labels[code] ?? code) : '';
  },
});

export const FOLLOW_UP_COLUMNS: readonly FollowUpColumn[] = [
  same('opinion', 'Avis', (r) => r.opinion.id),
  same('recommendation', 'Recommandation', (r) => r.recommendation.id),
  same('number', 'Numéro', (r) => String(r.recommendation.number)),
  same('title', 'Titre', (r) => r.recommendation.title),
  same('committee', 'Instance', (r) => r.committee?.name ?? r.opinion.committee),
  date('opinion_date', 'Date de l’avis', (r) => r.opinion.date),
  coded('theme', 'Thème', RECOMMENDATION_THEMES, (r) => r.recommendation.theme),
  coded('status', 'Réponse de la collectivité', STANDINGS, (r) => r.standing),
  same('reasons', 'Motifs', (r) => r.recommendation.answer?.reasons),
  date('answer_date', 'Date de la réponse', (r) => r.recommendation.answer?.date),
  same('decision', 'Décision', (r) => r.recommendation.answer?.decision),
  same('deliberation', 'Délibération', (r) => r.recommendation.answer?.deliberation),
  same('responsible', 'Service responsable', (r) => r.recommendation.answer?.responsible),
  date('due', 'Échéance', (r) => r.recommendation.answer?.due),
  date('completed', 'Mise en œuvre achevée le', (r) => r.recommendation.answer?.completed),
  { name: 'late', header: 'En retard', machine: (r) => String(r.late), reader: (r) => (r.late ? 'Oui' : 'Non') },
  {
    name: 'milestones',
    header: 'Étapes réalisées',
    machine: (r) => (r.recommendation.answer?.milestones.length ? JSON.stringify(r.recommendation.answer.milestones) : ''),
    reader: (r) => (r.recommendation.answer?.milestones ?? []).map((m) => `${formatNumericDate(m.date)} : ${m.title}`).join('\n'),
  },
  coded('verdict', 'Appréciation du conseil', VERDICTS, (r) => r.recommendation.assessment?.verdict),
  same('grade', 'Note du conseil sur 10', (r) => r.recommendation.assessment?.grade?.toString()),
  date('assessment_date', 'Date de l’appréciation', (r) => r.recommendation.assessment?.date),
  same('url', 'Adresse', (r) => r.href),
];

/** suivi.csv: codes, ISO dates, commas, RFC 4180; the addresses absolute. */
export function toFollowUpCsv(content: Content, today: string): string {
  const rows = followRecommendations(content, today);
  const value = (c: FollowUpColumn, r: FollowedRecommendation) => (c.name === 'url' ? absoluteUrl(r.href, content.site.url) : c.machine(r));
  const lines = [
    FOLLOW_UP_COLUMNS.map((c) => quote(c.name)).join(','),
    ...rows.map((r) => FOLLOW_UP_COLUMNS.map((c) => quote(value(c, r))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** suivi-tableur.csv: French headers and labels, French dates, semicolons, no formula. */
export function toFollowUpSpreadsheet(content: Content, today: string): string {
  const rows = followRecommendations(content, today);
  const line = (cells: string[]) =>
    cells.map((cell) => quoteCell(spreadsheetSafe(cell), SPREADSHEET_SEPARATOR)).join(SPREADSHEET_SEPARATOR);
  const value = (c: FollowUpColumn, r: FollowedRecommendation) => (c.name === 'url' ? absoluteUrl(r.href, content.site.url) : c.reader(r));
  const lines = [line(FOLLOW_UP_COLUMNS.map((c) => c.header)), ...rows.map((r) => line(FOLLOW_UP_COLUMNS.map((c) => value(c, r))))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** The feed: one item per answer and per milestone, newest first. */
export function toFollowUpAtom(content: Content, today: string): string {
  const { site } = content;
  const rows = followRecommendations(content, today);
  const instant = (day: string) => `${day}T00:00:00Z`;
  const items = rows.flatMap((row) => {
    const answer = row.recommendation.answer;
    if (!answer) return [];
    const url = absoluteUrl(row.href, site.url);
    const about = `Recommandation ${row.recommendation.number} de l’avis « ${row.opinion.title} » (${row.committee?.name ?? row.opinion.committee})`;
    return [
      {
        id: `${url}/reponse`,
        day: answer.date,
        title: `${ANSWER_STATUSES[answer.status]} : ${row.recommendation.title}`,
        summary: `${about} : réponse de la collectivité du ${formatDate(answer.date)}.`,
        content: answer.reasons,
        url,
      },
      ...answer.milestones.map((m, i) => ({
        id: `${url}/etape-${i + 1}`,
        day: m.date,
        title: `Étape : ${m.title}`,
        summary: `${about} : étape du ${formatDate(m.date)}.`,
        content: m.description ?? m.title,
        url,
      })),
    ];
  });
  items.sort((a, b) => b.day.localeCompare(a.day) || a.id.localeCompare(b.id));
  return atomFeed({
    site,
    self: absoluteUrl(FOLLOW_UP_FEED_PATH, site.url),
    alternate: absoluteUrl(FOLLOW_UP_PATH, site.url),
    title: `Suivi des recommandations des conseils — ${site.name}`,
    subtitle: 'Chaque réponse de la collectivité à une recommandation, et chaque étape de sa mise en œuvre.',
    updated: instant(items[0]?.day ?? '1970-01-01'),
    items: items.map(({ day, ...item }) => ({ ...item, updated: instant(day), published: instant(day) })),
  });
}
