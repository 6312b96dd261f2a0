/** Exports of the register in the shape of other public standards (docs/standards.md). */
import { ALGORITMEREGISTER } from './algoritmeregister.ts';
import { ATRS } from './atrs.ts';
import { EUROCITIES } from './eurocities.ts';
import type { StandardExport } from './shared.ts';
import { csvColumns } from '../csv.ts';

export { ALGORITMEREGISTER, fromAlgoritmeregister, toAlgoritmeregister } from './algoritmeregister.ts';
export { ATRS, fromAtrs, toAtrs } from './atrs.ts';
export { EUROCITIES, fromEurocities, toEurocities } from './eurocities.ts';
export type { Carried, NotCarried, Recovered, StandardExport } from './shared.ts';

/** In the order shown on /donnees/. */
export const STANDARD_EXPORTS: readonly StandardExport[] = [EUROCITIES, ALGORITMEREGISTER, ATRS];

/**
 * The French label of one of our fields or groups of fields, from the columns of registre.csv:
 * `ai_act.eu_database` gives « Règlement européen sur l’IA — Base de données de l’UE (art. 49 et 71) ».
 */
export function fieldLabel(path: string): string {
  const columns = csvColumns();
  const exact = columns.find((c) => c.name === path);
  if (exact) return exact.label;
  const member = columns.find((c) => c.name.startsWith(`${path}.`));
  return member ? member.label.split(' — ').slice(0, path.split('.').length).join(' — ') : path;
}
