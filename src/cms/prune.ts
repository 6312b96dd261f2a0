/**
 * Decap leaves an empty string behind when an officer empties an optional field, and empty
 * objects when an optional group is opened then left blank; the schemas read both as errors
 * (« ce texte ne peut pas être vide »). They are removed before validation and saving.
 */
export type Path = (string | number)[];

function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * The value without empty strings, nulls and objects left empty, and the paths removed (the
 * outermost one only when a whole group goes; list items from the last, so indices stay right).
 */
export function pruneEmpty(value: unknown, at: Path = []): { value: unknown; removed: Path[]; empty: boolean } {
  if (isEmptyValue(value)) return { value: undefined, removed: at.length ? [at] : [], empty: true };
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    const removed: Path[] = [];
    const removedItems: Path[] = [];
    value.forEach((item, i) => {
      const result = pruneEmpty(item, [...at, i]);
      if (result.empty) removedItems.unshift([...at, i]);
      else {
        kept.push(result.value);
        removed.push(...result.removed);
      }
    });
    // Inner removals first (their indices are the original ones), then whole items from the last.
    return { value: kept, removed: [...removed, ...removedItems], empty: false };
  }
  if (typeof value === 'object') {
    const kept: Record<string, unknown> = {};
    const removed: Path[] = [];
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const result = pruneEmpty(child, [...at, key]);
      removed.push(...result.removed);
      if (!result.empty) kept[key] = result.value;
    }
    if (Object.keys(kept).length === 0 && at.length > 0) {
      return { value: undefined, removed: [at], empty: true };
    }
    return { value: kept, removed, empty: false };
  }
  return { value, removed: [], empty: false };
}
