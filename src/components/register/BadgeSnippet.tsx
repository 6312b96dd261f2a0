/**
 * Picks a use of the register and gives the badge's HTML for it, with a copy button. Rendered
 * on the server for the first use, so that the code is there even before (or without) JavaScript.
 */
import { useState } from 'react';
import { badgeSnippet } from '../../lib/badge/badge.ts';

interface Props {
  siteUrl: string;
  entries: { slug: string; title: string }[];
}

export default function BadgeSnippet({ siteUrl, entries }: Props) {
  const [slug, setSlug] = useState(entries[0]?.slug ?? '');
  const [message, setMessage] = useState('');
  const entry = entries.find((e) => e.slug === slug) ?? entries[0];
  const snippet = entry ? badgeSnippet(siteUrl, entry.slug, entry.title) : '';

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setMessage('Code copié dans le presse-papiers.');
    } catch {
      (document.getElementById('code-badge') as HTMLTextAreaElement | null)?.select();
      setMessage('La copie automatique a échoué : le code est sélectionné, copiez-le avec Ctrl+C.');
    }
  };

  return (
    <div className="badge-snippet">
      <label htmlFor="usage-badge">Usage concerné</label>
      <select
        id="usage-badge"
        value={slug}
        onChange={(event) => {
          setSlug(event.currentTarget.value);
          setMessage('');
        }}
      >
        {entries.map((e) => (
          <option key={e.slug} value={e.slug}>
            {e.title}
          </option>
        ))}
      </select>
      <label htmlFor="code-badge">Code HTML à coller, avec les adresses complètes du registre</label>
      <textarea id="code-badge" className="snippet" readOnly rows={5} value={snippet} />
      <p>
        <button type="button" className="button" onClick={copy}>
          Copier le code
        </button>{' '}
        <span role="status">{message}</span>
      </p>
    </div>
  );
}
