/** Days counted from the run's clock, so that no test depends on the date it runs. */
export { frenchToday } from '../../src/lib/format.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day `offset` days after `day` (both YYYY-MM-DD). */
export function dayFrom(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
}
