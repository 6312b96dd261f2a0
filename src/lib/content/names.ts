/**
 * What the identifiers of the content name, for readers: a service by its name, an entry by its
 * title, a committee decision by its object, committee and date, a charter article by its number
 * and title. History tables, feeds and the spreadsheet export show these instead of raw ids.
 */
import type { ReferenceTarget } from '../../schemas/fields.ts';
import { formatDate } from '../format.ts';
import { decisionById } from '../governance/decisions.ts';
import type { Content } from './load.ts';

export type { Names } from '../history/diff.ts';

const cache = new WeakMap<Content, (target: ReferenceTarget, id: string) => string | undefined>();

/** Names of the content's references; undefined for an id the content does not know. */
export function contentNames(content: Content): (target: ReferenceTarget, id: string) => string | undefined {
  let names = cache.get(content);
  if (names) return names;
  const titles = new Map(content.register.map((e) => [e.slug, e.title]));
  // The charter in force names its articles; an article it dropped keeps its latest wording.
  const articles = new Map<string, string>();
  const charters = [...content.charters].sort((a, b) => Number(b.status === 'en-vigueur') - Number(a.status === 'en-vigueur'));
  for (const charter of charters) {
    for (const article of charter.articles) {
      if (!articles.has(article.id)) articles.set(article.id, `Article ${article.number} de la charte : ${article.title}`);
    }
  }
  names = (target, id) => {
    switch (target) {
      case 'services':
        return content.services.get(id)?.name;
      case 'register':
        return titles.get(id);
      case 'tools':
        return content.tools.find((t) => t.slug === id)?.name;
      case 'committees':
        return content.committees.get(id)?.name;
      case 'charter-articles':
        return articles.get(id);
      case 'decisions': {
        const ref = decisionById(content, id);
        if (!ref) return undefined;
        const by = ref.committee?.name ?? ref.minutes.committee;
        return `${ref.decision.title} (${by}, ${formatDate(ref.minutes.date)})`;
      }
      default:
        return undefined;
    }
  };
  cache.set(content, names);
  return names;
}
