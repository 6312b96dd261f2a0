/**
 * Instant filters for /registre/. Progressive enhancement: the page lists every use and links to
 * prerendered filter pages; once this island runs it swaps those links for checkboxes, filters
 * the cards already in the page and keeps the selection in the URL so that it can be shared.
 */
import { useEffect, useMemo, useState } from 'react';
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

/** Shows the cards matching every facet (any of the values ticked within one facet). */
function applySelection(selection: Selection): number {
  const active = Object.entries(selection).filter(([, values]) => values.length > 0);
  let shown = 0;
  for (const card of document.querySelectorAll<HTMLElement>('[data-register-list] .entry-card')) {
    const match = active.every(([key, values]) => values.includes(card.dataset[toDatasetKey(key)] ?? ''));
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
  const [shown, setShown] = useState(total);

  useEffect(() => {
    document.getElementById('filtres-liens')?.setAttribute('hidden', '');
    setSelection(selectionFromQuery(new URLSearchParams(window.location.search), facets));
  }, [facets]);

  useEffect(() => {
    if (!selection) return;
    setShown(applySelection(selection));
    const { pathname, hash } = window.location;
    window.history.replaceState(null, '', `${pathname}${selectionToQuery(selection, facets)}${hash}`);
  }, [selection, facets]);

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

  return (
    <form className="filters" aria-labelledby="filtres-titre" onSubmit={(event) => event.preventDefault()}>
      <h2 id="filtres-titre">Filtrer le registre</h2>
      <p role="status" aria-live="polite">
        {shown === total
          ? `Les ${total} usages sont affichés.`
          : `${shown} usage${shown > 1 ? 's' : ''} sur ${total} correspond${shown > 1 ? 'ent' : ''} aux filtres.`}
      </p>
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
    </form>
  );
}
