/**
 * French formatting shared by pages, exports, messages and commands: dates, hours, numbers and
 * plurals. The one place that knows the authority's time zone. Imports nothing, so that the
 * schemas may use it for their messages.
 */

/** The time zone of every date and hour shown (a commit date carries its own offset). */
export const TIME_ZONE = 'Europe/Paris';

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

/** 2025-06-30 → « 30/06/2025 », the form a French spreadsheet reads as a date. */
export function formatNumericDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return day && month && year ? `${day}/${month}/${year}` : iso;
}

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TIME_ZONE,
});

/** French typography for hours: « 8 h 05 », with non-breaking spaces. */
function hourText(parts: Record<string, string>): string {
  return `${Number(parts.hour)}\u00a0h\u00a0${parts.minute}`;
}

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, string> {
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/** 2026-11-23T07:32:52+00:00 → « 23 novembre 2026 à 8 h 32 », French time. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = partsOf(dateTimeFormat, date);
  return `${parts.day} ${parts.month} ${parts.year} à ${hourText(parts)}`;
}

const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE });

/** An instant's hour, French time: « 10 h 47 ». */
export function formatTime(date: Date): string {
  return hourText(partsOf(timeFormat, date));
}

/** Swedish dates are ISO-like: what a spreadsheet sorts and reads as a date. */
const sortableFormat = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE });

/** 2026-11-23T10:02:00.000Z → « 2026-11-23 11:02 », French time, sortable in a spreadsheet. */
export function formatSortableDateTime(iso: string): string {
  return sortableFormat.format(new Date(iso));
}

/** Canadian French writes dates as YYYY-MM-DD, the form the content's dates take. */
const dayFormat = new Intl.DateTimeFormat('fr-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE });

/** The last day asked for, by minute: the intake asks at every form, Intl takes microseconds. */
let lastDay = { minute: Number.NaN, day: '' };

/** The day in France, as YYYY-MM-DD: consultations open and close on French calendar days. */
export function frenchToday(now = new Date()): string {
  // France's offset from UTC is a whole number of minutes: a French day starts on a UTC minute.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastDay.minute) lastDay = { minute, day: dayFormat.format(now) };
  return lastDay.day;
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** A number the French way: 12 500,5. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** A share (0 to 1) as a French percentage rounded to the unit: « 42 % », with a narrow no-break space. */
export function formatPercent(share: number): string {
  return `${formatNumber(Math.round(share * 100))}\u202f%`;
}

export function yesNo(value: boolean): string {
  return value ? 'Oui' : 'Non';
}

/** The word that agrees with a number, in French: the singular for 0 and 1. */
export function agreeing(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count > 1 ? pluralForm : singular;
}

/** « 1 usage », « 12 500 usages »: the number, then the word that agrees with it. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${agreeing(count, singular, pluralForm)}`;
}
