/**
 * Every recommendation of every council, with what became of it, as the follow-up page, the
 * committee pages and the open data read it. Lateness depends on the day: it is computed for a
 * given day (the build's), and every page that shows it says which.
 */
import type { Committee, Content, Opinion } from '../content/load.ts';
import type { Series } from '../register/statistics.ts';
import {
  ANSWER_STATUSES,
  COMMITTING_STATUSES,
  RECOMMENDATION_THEMES,
  VERDICTS,
  type AnswerData,
  type AnswerStatus,
  type RecommendationData,
  type Verdict,
} from '../../schemas/opinions.ts';

/** Where a recommendation stands: the authority's status, or « sans réponse » before any answer. */
export type Standing = AnswerStatus | 'sans-reponse';

export const STANDINGS: Readonly<Record<Standing, string>> = { ...ANSWER_STATUSES, 'sans-reponse': 'Sans réponse' };

/**
 * Late: retained (even in part), due before `today`, and not marked as done. A due date is the
 * last day allowed, so an answer due today is not late yet.
 */
export function isLate(answer: AnswerData | undefined, today: string): boolean {
  return Boolean(answer && COMMITTING_STATUSES.has(answer.status) && answer.due && answer.due < today && !answer.completed);
}

export interface FollowedRecommendation {
  opinion: Opinion;
  committee: Committee | undefined;
  recommendation: RecommendationData;
  standing: Standing;
  late: boolean;
  /** The address of the recommendation on its opinion's page. */
  href: string;
}

/** The follow-up of every recommendation, and its filtered pages: /suivi/<facet>/<value>/. */
export const FOLLOW_UP_PATH = '/suivi/';
export const followUpFilterPath = (facet: string, value: string) => `${FOLLOW_UP_PATH}${facet}/${value}/`;

export function opinionHref(opinion: Pick<Opinion, 'committee' | 'id'>): string {
  return `/gouvernance/${opinion.committee}/avis/${opinion.id}/`;
}

export function recommendationAnchor(recommendation: Pick<RecommendationData, 'id'>): string {
  return `recommandation-${recommendation.id}`;
}

export function followRecommendations(content: Pick<Content, 'opinions' | 'committees'>, today: string): FollowedRecommendation[] {
  return content.opinions.flatMap((opinion) =>
    [...opinion.recommendations]
      .sort((a, b) => a.number - b.number)
      .map((recommendation) => ({
        opinion,
        committee: content.committees.get(opinion.committee),
        recommendation,
        standing: recommendation.answer?.status ?? 'sans-reponse',
        late: isLate(recommendation.answer, today),
        href: `${opinionHref(opinion)}#${recommendationAnchor(recommendation)}`,
      })),
  );
}

export interface FollowUpFigures {
  total: number;
  byStanding: Record<Standing, number>;
  late: number;
  byVerdict: Record<Verdict | 'sans-appreciation', number>;
}

export function followUpFigures(rows: readonly FollowedRecommendation[]): FollowUpFigures {
  const byStanding = Object.fromEntries(Object.keys(STANDINGS).map((k) => [k, 0])) as Record<Standing, number>;
  const byVerdict = Object.fromEntries([...Object.keys(VERDICTS), 'sans-appreciation'].map((k) => [k, 0])) as FollowUpFigures['byVerdict'];
  for (const row of rows) {
    byStanding[row.standing] += 1;
    byVerdict[row.recommendation.assessment?.verdict ?? 'sans-appreciation'] += 1;
  }
  return { total: rows.length, byStanding, late: rows.filter((r) => r.late).length, byVerdict };
}

/** The figures as chart series (each drawn with its table). */
export function followUpSeries(figures: FollowUpFigures): Series[] {
  return [
    {
      id: 'suivi-reponses',
      title: 'Recommandations selon la réponse de la collectivité',
      rows: [
        ...Object.entries(STANDINGS).map(([key, label]) => ({ label, value: figures.byStanding[key as Standing] })),
        { label: 'Dont en retard sur l’échéance', value: figures.late },
      ],
    },
    {
      id: 'suivi-appreciations',
      title: 'Recommandations selon l’appréciation des conseils sur la réponse',
      rows: [
        ...Object.entries(VERDICTS).map(([key, label]) => ({ label, value: figures.byVerdict[key as Verdict] })),
        { label: 'Pas encore appréciée', value: figures.byVerdict['sans-appreciation'] },
      ],
    },
  ];
}

/** The filters of the follow-up page, one static page per value (no JavaScript needed). */
export interface FollowUpFilter {
  /** The address segment: /suivi/<facet>/<value>/. */
  facet: 'instance' | 'reponse' | 'theme' | 'retard';
  label: string;
  options: { value: string; label: string; matches: (row: FollowedRecommendation) => boolean }[];
}

export function followUpFilters(committees: ReadonlyMap<string, Committee>, rows: readonly FollowedRecommendation[]): FollowUpFilter[] {
  const bodies = [...new Set(rows.map((r) => r.opinion.committee))];
  return [
    {
      facet: 'instance',
      label: 'Instance',
      options: bodies.map((id) => ({ value: id, label: committees.get(id)?.name ?? id, matches: (r) => r.opinion.committee === id })),
    },
    {
      facet: 'reponse',
      label: 'Réponse de la collectivité',
      options: Object.entries(STANDINGS).map(([value, label]) => ({ value, label, matches: (r) => r.standing === value })),
    },
    {
      facet: 'theme',
      label: 'Thème',
      options: Object.entries(RECOMMENDATION_THEMES).map(([value, label]) => ({
        value,
        label,
        matches: (r) => r.recommendation.theme === value,
      })),
    },
    {
      facet: 'retard',
      label: 'Échéance',
      options: [
        { value: 'en-retard', label: 'En retard', matches: (r) => r.late },
        { value: 'dans-les-temps', label: 'Sans retard', matches: (r) => !r.late },
      ],
    },
  ];
}

/** The recommendations that concern a register entry or a charter article. */
export function recommendationsAbout(
  rows: readonly FollowedRecommendation[],
  about: { entry?: string; article?: string },
): FollowedRecommendation[] {
  return rows.filter(
    ({ recommendation: r }) => (about.entry && r.entries.includes(about.entry)) || (about.article && r.articles.includes(about.article)),
  );
}
