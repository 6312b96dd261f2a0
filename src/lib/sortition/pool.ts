/**
 * The pool of volunteers: a CSV the authority keeps out of git. Only the identifier, the draw's
 * features and the optional household column (`foyer`) count; other columns (names, addresses)
 * are carried to the staff's private files and never hashed nor published. The canonical form
 * (those columns only, sorted by identifier) is what the commitment hashes, so re-saving the file
 * in another spreadsheet or reordering its rows keeps the hash, while any changed row breaks it.
 */
import { createHash } from 'node:crypto';
import { parseCsv } from '../open-data/csv.ts';
import type { DrawData } from '../../schemas/draws.ts';

export const ID_COLUMN = 'id';
export const HOUSEHOLD_COLUMN = 'foyer';

export interface Volunteer {
  id: string;
  /** Feature key → value. */
  features: Record<string, string>;
  household?: string;
  /** Every column of the file, for the staff's private lists. */
  raw: Record<string, string>;
}

export interface Pool {
  /** Sorted by identifier: a volunteer's index here is their « ligne » in published files. */
  volunteers: Volunteer[];
  featureKeys: string[];
  canonical: string;
  sha256: string;
}

export class PoolError extends Error {}

const idCollator = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function parsePool(text: string, draw: Pick<DrawData, 'features'>, fileName = 'liste des volontaires'): Pool {
  const rows = parseCsv(text.replace(/^\uFEFF/, '').replace(/\r?\n/g, '\r\n')).filter((r) => r.some((c) => c.trim() !== ''));
  const header = rows.shift()?.map((h) => h.trim());
  if (!header) throw new PoolError(`${fileName} : le fichier est vide`);
  const featureKeys = draw.features.map((f) => f.key);
  for (const column of [ID_COLUMN, ...featureKeys]) {
    if (!header.includes(column))
      throw new PoolError(`${fileName}, ligne 1 : il manque la colonne « ${column} » (colonnes trouvées : ${header.join(', ')})`);
  }
  const allowed = new Map(draw.features.map((f) => [f.key, new Set(f.values.map((v) => v.value))]));
  const seen = new Map<string, number>();
  const volunteers = rows.map((cells, i): Volunteer => {
    const line = i + 2;
    if (cells.length !== header.length)
      throw new PoolError(`${fileName}, ligne ${line} : ${cells.length} champs au lieu de ${header.length}`);
    const raw = Object.fromEntries(header.map((h, j) => [h, cells[j]!.trim()]));
    const id = raw[ID_COLUMN]!;
    if (!id) throw new PoolError(`${fileName}, ligne ${line}, champ « ${ID_COLUMN} » : identifiant vide`);
    const other = seen.get(id);
    if (other)
      throw new PoolError(`${fileName}, ligne ${line}, champ « ${ID_COLUMN} » : l’identifiant « ${id} » figure déjà ligne ${other}`);
    seen.set(id, line);
    const features: Record<string, string> = {};
    for (const key of featureKeys) {
      const value = raw[key]!;
      if (!allowed.get(key)!.has(value)) {
        throw new PoolError(
          `${fileName}, ligne ${line}, champ « ${key} » : la valeur « ${value} » n’a pas de quota (valeurs prévues : ${[...allowed.get(key)!].join(', ')})`,
        );
      }
      features[key] = value;
    }
    const household = raw[HOUSEHOLD_COLUMN] || undefined;
    return { id, features, raw, ...(household ? { household } : {}) };
  });
  if (volunteers.length === 0) throw new PoolError(`${fileName} : aucun volontaire`);
  volunteers.sort((a, b) => idCollator(a.id, b.id));
  const canonical = canonicalPool(volunteers, featureKeys);
  return { volunteers, featureKeys, canonical, sha256: sha256(canonical) };
}

/** One line a volunteer, fields as JSON strings so no value can forge a separator. */
function canonicalPool(volunteers: readonly Volunteer[], featureKeys: readonly string[]): string {
  const head = JSON.stringify([ID_COLUMN, ...featureKeys, HOUSEHOLD_COLUMN]);
  return (
    [head, ...volunteers.map((v) => JSON.stringify([v.id, ...featureKeys.map((k) => v.features[k]), v.household ?? '']))].join('\n') + '\n'
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Pool counts per feature value, values under `threshold` volunteers merged so no small group can be singled out. */
export function poolCounts(
  pool: Pool,
  draw: Pick<DrawData, 'features'>,
  threshold = 5,
): { feature: string; value: string; count: number }[] {
  return draw.features.flatMap((f) => {
    const counts = f.values.map((v) => ({
      feature: f.key,
      value: v.value,
      count: pool.volunteers.filter((p) => p.features[f.key] === v.value).length,
    }));
    const small = counts.filter((c) => c.count < threshold);
    if (small.length === 0) return counts;
    const merged = { feature: f.key, value: OTHER_VALUES, count: small.reduce((s, c) => s + c.count, 0) };
    // One small cell alone would be revealed by subtraction from the total: merge it with the next smallest.
    if (small.length === 1) {
      const big = counts.filter((c) => c.count >= threshold).sort((a, b) => a.count - b.count);
      const next = big.shift();
      if (next) merged.count += next.count;
      return [...counts.filter((c) => c !== next && !small.includes(c)), merged];
    }
    return [...counts.filter((c) => !small.includes(c)), merged];
  });
}

export const OTHER_VALUES = 'autres valeurs';
