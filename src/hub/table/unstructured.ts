// Reading typed values out of stored JSON objects with Go's zero-value defaults, which is what the
// upstream printers see after decoding into typed structs.

export type Obj = Record<string, unknown>;

export function at(obj: unknown, ...path: (string | number)[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur) !== (typeof key === 'number')) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** A string field, "" when absent. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** An integer field, 0 when absent. */
export function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function rec(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** Optional pointer fields: null and absent are both nil. */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}
