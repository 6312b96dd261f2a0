/**
 * The search page, on the site's own Pagefind index: the query comes from the header form
 * (/recherche/?q=…), results and filters update as one types, the URL keeps both.
 */
import { keepExactMatches, keepRelevantHighlights, searchQueries, wordsToMatchExactly } from '../../lib/search/query.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';

interface PagefindResult {
  id: string;
  data: () => Promise<{ url: string; excerpt: string; meta: { title?: string }; filters: Record<string, string[]> }>;
}
interface Pagefind {
  options: (options: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  filters: () => Promise<Record<string, Record<string, number>>>;
  search: (query: string | null, options?: { filters?: Record<string, string[]> }) => Promise<{ results: PagefindResult[] } | null>;
}

interface Hit {
  url: string;
  title: string;
  excerpt: string;
  kind?: string;
}

/** Order and French names of the filters declared in the pages (data-pagefind-filter). */
const FILTERS: [key: string, label: string][] = [
  ['type', 'Type de page'],
  ['service', 'Service'],
  ['statut', 'Statut'],
  ['risque', 'Classe de risque'],
];
// Each result shown downloads its fragment of the index: ten keep the first search light.
const PAGE_SIZE = 10;

function readUrl(): { query: string; selected: Record<string, string[]> } {
  const params = new URLSearchParams(window.location.search);
  const selected: Record<string, string[]> = {};
  for (const [key] of FILTERS) {
    const values = params.getAll(key);
    if (values.length) selected[key] = values;
  }
  return { query: params.get('q') ?? '', selected };
}

function writeUrl(query: string, selected: Record<string, string[]>): void {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  for (const [key] of FILTERS) for (const value of selected[key] ?? []) params.append(key, value);
  const search = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
}

export default function SearchPage() {
  const pagefind = useRef<Pagefind | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Record<string, string[]>>({});
  const [available, setAvailable] = useState<Record<string, Record<string, number>>>({});
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [total, setTotal] = useState(0);
  const [shown, setShown] = useState(PAGE_SIZE);

  useEffect(() => {
    const initial = readUrl();
    setQuery(initial.query);
    setSelected(initial.selected);
    // Built after the site, so it is loaded at run time, never bundled.
    const url = new URL('/pagefind/pagefind.js', window.location.origin).href;
    import(/* @vite-ignore */ url)
      .then(async (module: Pagefind) => {
        await module.options({ excerptLength: 30 });
        await module.init();
        pagefind.current = module;
        setAvailable(await module.filters());
        setReady(true);
      })
      .catch(() => setFailed(true));
  }, []);

  useEffect(() => {
    if (!ready || !pagefind.current) return;
    writeUrl(query, selected);
    const active = Object.fromEntries(Object.entries(selected).filter(([, values]) => values.length > 0));
    if (!query.trim() && Object.keys(active).length === 0) {
      setHits(null);
      return;
    }
    let cancelled = false;
    const filters = Object.fromEntries(Object.entries(active).map(([key, values]) => [key, { any: values }]));
    const search = async () => {
      const options = { filters: filters as unknown as Record<string, string[]> };
      for (const terms of searchQueries(query)) {
        const response = await pagefind.current!.search(terms || null, options);
        if (!response) return null;
        if (response.results.length === 0) continue;
        // Quoted, a single word matches its own stem only: the ranking stays the widened search's.
        const exact = await Promise.all(
          wordsToMatchExactly(terms).map(async (word) => {
            const found = await pagefind.current!.search(`"${word}"`, options);
            return new Set(found?.results.map((result) => result.id));
          }),
        );
        return { terms, results: keepExactMatches(response.results, exact) };
      }
      return { terms: query, results: [] };
    };
    void search().then(async (found) => {
      if (!found || cancelled) return;
      const page = await Promise.all(found.results.slice(0, shown).map((r) => r.data()));
      if (cancelled) return;
      // Count and list change together, so the announced count always describes the list shown.
      setTotal(found.results.length);
      setHits(
        page.map((d) => ({
          url: d.url,
          title: d.meta.title ?? d.url,
          excerpt: keepRelevantHighlights(d.excerpt, found.terms),
          kind: d.filters.type?.[0],
        })),
      );
    });
    return () => {
      cancelled = true;
    };
  }, [ready, query, selected, shown]);

  const toggle = (key: string, value: string, checked: boolean) => {
    setShown(PAGE_SIZE);
    setSelected((current) => {
      const values = new Set(current[key] ?? []);
      if (checked) values.add(value);
      else values.delete(value);
      return { ...current, [key]: [...values] };
    });
  };

  // Results follow the typing: sending the form takes the reader to them.
  const showResults = (event: FormEvent) => {
    event.preventDefault();
    status.current?.focus();
  };

  return (
    // Hidden without JavaScript (.js-only), where the page says where to go instead.
    <div className="search js-only">
      <form role="search" aria-label="Rechercher dans le site" onSubmit={showResults}>
        <label htmlFor="recherche-page">Rechercher un usage, un article de la charte, un compte rendu…</label>
        <div className="search-field">
          <input
            id="recherche-page"
            type="search"
            value={query}
            autoComplete="off"
            onChange={(event) => {
              setShown(PAGE_SIZE);
              setQuery(event.currentTarget.value);
            }}
          />
          <button type="submit" className="button">
            Afficher les résultats
          </button>
        </div>
        {failed && (
          <p role="alert">
            L’index de recherche n’a pas pu être chargé. Parcourez le <a href="/registre/">registre</a> ou le{' '}
            <a href="/plan-du-site/">plan du site</a>.
          </p>
        )}
        {/* Always rendered, closed: the filters arriving with the index then shift nothing. */}
        <details className="search-filters" open={Object.values(selected).some((v) => v.length > 0) || undefined}>
          <summary>Affiner par type de page, service, statut ou classe de risque</summary>
          {FILTERS.filter(([key]) => Object.keys(available[key] ?? {}).length > 0).map(([key, label]) => (
            <fieldset key={key}>
              <legend>{label}</legend>
              {Object.entries(available[key]!)
                .sort(([a], [b]) => a.localeCompare(b, 'fr'))
                .map(([value, count]) => {
                  const id = `filtre-recherche-${key}-${value}`.replace(/[^\w-]/g, '-');
                  return (
                    <label key={value} htmlFor={id}>
                      <input
                        id={id}
                        type="checkbox"
                        checked={selected[key]?.includes(value) ?? false}
                        onChange={(event) => toggle(key, value, event.currentTarget.checked)}
                      />
                      <span>
                        {value} <span className="muted">({count})</span>
                      </span>
                    </label>
                  );
                })}
            </fieldset>
          ))}
        </details>
      </form>
      {/* Room kept for the results, so that their arrival does not push the footer around. */}
      <div className="search-area">
        <p role="status" aria-live="polite" className="search-status" tabIndex={-1} ref={status}>
          {!ready
            ? failed
              ? ''
              : 'Chargement de l’index de recherche…'
            : hits === null
              ? 'Saisissez un mot ou choisissez un filtre.'
              : total === 0
                ? `Aucun résultat${query ? ` pour « ${query} »` : ''}.`
                : `${total} résultat${total > 1 ? 's' : ''}${query ? ` pour « ${query} »` : ''}.`}
        </p>
        {hits && hits.length > 0 && (
          <ol className="search-results">
            {hits.map((hit) => (
              <li key={hit.url}>
                <h2>
                  <a href={hit.url}>{hit.title}</a>
                </h2>
                {hit.kind && <p className="tag">{hit.kind}</p>}
                {/* Pagefind escapes the page text and only adds <mark> around the words found. */}
                <p dangerouslySetInnerHTML={{ __html: hit.excerpt }} />
              </li>
            ))}
          </ol>
        )}
        {hits && total > hits.length && (
          <button type="button" className="button button-secondary" onClick={() => setShown((n) => n + PAGE_SIZE)}>
            Afficher {Math.min(PAGE_SIZE, total - hits.length)} résultats de plus
          </button>
        )}
      </div>
    </div>
  );
}
