/**
 * Instant filters for /registre/. Progressive enhancement: the page lists every use and links to
 * prerendered filter pages; once this island runs it swaps those links for checkboxes, filters
 * the cards already in the page and keeps the selection in the URL so that it can be shared.
 *
 * The page owns the pieces around the list, found by their data attributes: the folding panel
 * of the filters (open on wide screens), the live count above the results, and the message
 * shown when nothing matches, with its link that clears the filters.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { selectionFromQuery, selectionToQuery } from '../../lib/register/facets.ts';

export interface FacetView {
  key: string;
  label: string;
  options: { value: string; label: string; count: number }[];
}

interface Props {
  facets: FacetView[];
  total: number;
}

type Selection = Record<string, string[]>;

/** Where the register's layout puts the filters beside the list (see .register-layout). */
const WIDE = '(min-width: 60rem)';

const find = <T extends HTMLElement>(name: string) => document.querySelector<T>(`[data-register-${name}]`);

/** The count said above the results. */
export function resultsText(shown: number, total: number): string {
  if (shown === total) return `Les ${total} usages sont affichés.`;
  if (shown === 0) return 'Aucun usage ne correspond à ces filtres.';
  return `${shown} usage${shown > 1 ? 's' : ''} sur ${total} correspond${shown > 1 ? 'ent' : ''} aux filtres.`;
}

/** Shows the cards matching every facet (any of the values ticked within one facet). */
function applySelection(selection: Selection): number {
  const active = Object.entries(selection).filter(([, values]) => values.length > 0);
  let shown = 0;
  for (const card of document.querySelectorAll<HTMLElement>('[data-register-list] .entry-card')) {
    const match = active.every(([key, values]) =>
      (card.dataset[toDatasetKey(key)] ?? '').split(' ').some((value) => values.includes(value)),
    );
    card.hidden = !match;
    if (match) shown++;
  }
  for (const group of document.querySelectorAll<HTMLElement>('[data-register-group]')) {
    group.hidden = group.querySelector('.entry-card:not([hidden])') === null;
  }
  return shown;
}

/** data-donnees-personnelles is read as dataset.donneesPersonnelles. */
function toDatasetKey(key: string): string {
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export default function RegisterFilters({ facets, total }: Props) {
  const [selection, setSelection] = useState<Selection | null>(null);

  useEffect(() => {
    document.getElementById('filtres-liens')?.setAttribute('hidden', '');
    const panel = find<HTMLDetailsElement>('panel');
    if (panel && window.matchMedia(WIDE).matches) panel.open = true;
    setSelection(selectionFromQuery(new URLSearchParams(window.location.search), facets));
    // The message shown when nothing matches clears the filters in place.
    const reset = find<HTMLAnchorElement>('reset');
    const clear = (event: MouseEvent) => {
      event.preventDefault();
      setSelection({});
      find('status')?.focus();
    };
    reset?.addEventListener('click', clear);
    return () => reset?.removeEventListener('click', clear);
  }, [facets]);

  useEffect(() => {
    if (!selection) return;
    const count = applySelection(selection);
    const status = find('status');
    const text = resultsText(count, total);
    // Rewritten only when it changes, so that screen readers announce changes and nothing else.
    if (status && status.textContent !== text) status.textContent = text;
    const empty = find('empty');
    if (empty) empty.hidden = count > 0;
    const { pathname, hash } = window.location;
    window.history.replaceState(null, '', `${pathname}${selectionToQuery(selection, facets)}${hash}`);
  }, [selection, facets, total]);

  const activeCount = useMemo(() => Object.values(selection ?? {}).reduce((n, v) => n + v.length, 0), [selection]);

  // Until hydration the static filter links stand in for this form.
  if (!selection) return null;

  const toggle = (key: string, value: string, checked: boolean) => {
    setSelection((current) => {
      const values = new Set(current?.[key] ?? []);
      if (checked) values.add(value);
      else values.delete(value);
      return { ...current, [key]: [...values] };
    });
  };

  // The list is already filtered: sending the form brings the reader to it, the panel folded on a phone.
  const showResults = (event: FormEvent) => {
    event.preventDefault();
    const panel = find<HTMLDetailsElement>('panel');
    if (panel && !window.matchMedia(WIDE).matches) panel.open = false;
    find('status')?.focus();
  };

  return (
    <form className="filters" aria-labelledby="filtres-titre" onSubmit={showResults}>
      <h2 id="filtres-titre">Filtrer le registre</h2>
      {activeCount > 0 && (
        <p>
          <button type="button" className="button button-secondary" onClick={() => setSelection({})}>
            Effacer les filtres ({activeCount})
          </button>
        </p>
      )}
      {facets.map((facet) => (
        <fieldset key={facet.key}>
          <legend>{facet.label}</legend>
          {facet.options
            .filter((o) => o.count > 0)
            .map((o) => {
              const id = `filtre-${facet.key}-${o.value}`;
              return (
                <label key={o.value} htmlFor={id}>
                  <input
                    id={id}
                    type="checkbox"
                    name={facet.key}
                    value={o.value}
                    checked={selection[facet.key]?.includes(o.value) ?? false}
                    onChange={(event) => toggle(facet.key, o.value, event.currentTarget.checked)}
                  />
                  <span>
                    {o.label} <span className="muted">({o.count})</span>
                  </span>
                </label>
              );
            })}
        </fieldset>
      ))}
      <p className="filters-actions">
        <button type="submit" className="button">
          Voir les résultats
        </button>
      </p>
    </form>
  );
}
