// JSON helpers for values that come straight from clients. Keys such as `__proto__` or
// `constructor` are ordinary data here, so lookups are own-property only and writes go through
// defineProperty; a schema lookup like `properties[key]` must never find Object.prototype members.

import type { JsonSchema } from '../../api/crd/schema.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The schema of property `key`, if the schema declares it as its own property. */
export function propertySchema(s: JsonSchema | undefined, key: string): JsonSchema | undefined {
  const props = s?.properties;
  if (!isObject(props) || !hasOwn(props, key)) return undefined;
  const p = props[key];
  return isObject(p) ? (p as JsonSchema) : undefined;
}

/** The schema of map values when `additionalProperties` is a schema (not a boolean). */
export function additionalSchema(s: JsonSchema | undefined): JsonSchema | undefined {
  const ap = s?.additionalProperties;
  return isObject(ap) ? (ap as JsonSchema) : undefined;
}

export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => cloneJson(x)) as T;
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setOwn(out, k, cloneJson(v[k]));
    return out as T;
  }
  return v;
}

/** Structural JSON equality; object key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * JSON with object keys sorted, the form Go's encoding/json gives maps, so two equal values
 * always serialize the same way (used to detect duplicate list items).
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export type JsonTypeName = 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

/**
 * The OpenAPI type name of a decoded JSON value. Whole numbers count as integers because the
 * apiserver's JSON decoder turns them into int64.
 */
export function jsonTypeName(v: unknown): JsonTypeName {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}
