/** Copies the text of a field to the clipboard, and says so to screen readers. */
import { useState } from 'react';

export default function CopyButton({ target, label }: { target: string; label: string }) {
  const [message, setMessage] = useState('');
  const copy = async () => {
    const field = document.getElementById(target) as HTMLTextAreaElement | null;
    if (!field) return;
    try {
      await navigator.clipboard.writeText(field.value);
      setMessage('Code copié dans le presse-papiers.');
    } catch {
      field.select();
      setMessage('La copie automatique a échoué : le code est sélectionné, copiez-le avec Ctrl+C.');
    }
  };
  return (
    <p>
      <button type="button" className="button" onClick={copy}>
        {label}
      </button>{' '}
      <span role="status">{message}</span>
    </p>
  );
}
