// Plain JSON values as they come from clients, files and the API. Keys such as `__proto__` or
// `constructor` are ordinary data here: reads go through own-property checks and writes through
// defineProperty, never through `obj[key] = v`, so untrusted input cannot reach Object.prototype.

export type JsonObject = Record<string, unknown>;

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The own value under `key`, or undefined: never something inherited from Object.prototype. */
export function getOwn(obj: JsonObject, key: string): unknown {
  return hasOwn(obj, key) ? obj[key] : undefined;
}

export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Deep copy of a JSON value. A copy never shares structure with its source, so a caller that edits
 * it (resourceVersion, managedFields, a patch result) cannot reach back into a stored object.
 */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => cloneJson(x)) as T;
  if (isJsonObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) {
      // Only `__proto__` has a setter on a plain object; plain assignment is much faster.
      if (k === '__proto__') setOwn(out, k, cloneJson(v[k]));
      else out[k] = cloneJson(v[k]);
    }
    return out as T;
  }
  return v;
}

// A key holding undefined is absent once serialized, so it is absent for equality too.
function presentKeys(obj: JsonObject): string[] {
  return Object.keys(obj).filter((k) => obj[k] !== undefined);
}

/** JSON equality: object key order is irrelevant, array order is significant. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = presentKeys(a);
  return keys.length === presentKeys(b).length && keys.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

/**
 * JSON with object keys sorted, the form Go's encoding/json gives maps, so two equal values
 * always serialize the same way.
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Short rendering of a value for error messages; bodies can be large. */
export function describeJson(v: unknown, max = 120): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}...` : s;
}
