/** Exports of the register in the shape of other public standards (docs/standards.md). */
import { ALGORITMEREGISTER } from './algoritmeregister.ts';
import { ATRS } from './atrs.ts';
import { EUROCITIES } from './eurocities.ts';
import { csvRecords, type StandardExport } from './shared.ts';
import { violations, type Violation } from './conformance.ts';
import { csvColumns } from '../csv.ts';

export { ALGORITMEREGISTER, fromAlgoritmeregister, toAlgoritmeregister } from './algoritmeregister.ts';
export { ATRS, fromAtrs, toAtrs } from './atrs.ts';
export { EUROCITIES, fromEurocities, toEurocities } from './eurocities.ts';
export type { Carried, NotCarried, Recovered, StandardExport, Tolerated, Unfilled } from './shared.ts';
export type { Violation } from './conformance.ts';

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

/** The records of an export file, as the standard's consumer reads them (an empty CSV cell is null). */
export function recordsOf(standard: StandardExport, file: string): Record<string, unknown>[] {
  return standard.format === 'JSON' ? (JSON.parse(file) as Record<string, unknown>[]) : csvRecords(file);
}

/**
 * Checks every record of an export file against the standard's field rules: the violations the
 * export declares it tolerates (`tolerated`), and all the others, which should be none.
 */
export function conformance(standard: StandardExport, file: string): { records: number; tolerated: Violation[]; violations: Violation[] } {
  const records = recordsOf(standard, file);
  const byId = new Map(records.map((r) => [r[standard.idField], r]));
  const tolerated: Violation[] = [];
  const others: Violation[] = [];
  for (const violation of violations(standard.definition, records, standard.idField)) {
    const rule = standard.tolerated.find((t) => t.field === violation.field);
    const value = byId.get(violation.record)?.[violation.field];
    (rule && (!rule.absentOnly || value === null || value === undefined) ? tolerated : others).push(violation);
  }
  return { records: records.length, tolerated, violations: others };
}
