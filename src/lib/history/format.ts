/** Dates of changes, the French way, in the authority's time zone. */

/** The time zone of the dates shown (a commit date carries its own offset). */
export const TIME_ZONE = 'Europe/Paris';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('fr-FR', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** 2026-11-23T07:32:52+00:00 → « 23 novembre 2026 à 8 h 32 » (French typography for hours). */
export function formatDateTime(iso: string, timeZone = TIME_ZONE): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} à ${Number(parts.hour)}\u00a0h\u00a0${parts.minute}`;
}

