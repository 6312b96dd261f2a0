/** French formatting shared by pages and exports. */
const dateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const formattedDates = new Map<string, string>();

/** 2025-06-30 → « 30 juin 2025 » (remembered: a register repeats the same dates many times). */
export function formatDate(iso: string): string {
  let text = formattedDates.get(iso);
  if (text === undefined) {
    text = dateFormat.format(new Date(`${iso}T00:00:00Z`));
    formattedDates.set(iso, text);
  }
  return text;
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** A number the French way: 12 500,5. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

export function yesNo(value: boolean): string {
  return value ? 'Oui' : 'Non';
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count > 1 ? pluralForm : singular}`;
}
