// Structural defaulting as apiextensions does it, on create/update and again on every read:
// first non-nullable nulls that have no default are dropped, then `default`s fill missing
// properties (and non-nullable nulls) of objects that exist. An absent parent object is never
// created unless it has a default itself; a filled-in default is then defaulted inside too.

import type { JsonSchema } from '../../api/crd/schema.js';
import { cloneJson, isJsonObject, setOwn } from '../../util/json.js';
import { additionalSchema, propertySchema } from './schema-lookup.js';

function isNonNullableNull(v: unknown, s: JsonSchema | undefined): boolean {
  return v === null && s !== undefined && s.nullable !== true;
}

function hasDefault(s: JsonSchema): boolean {
  return s.default !== undefined && s.default !== null;
}

function itemsOf(s: JsonSchema | undefined): JsonSchema | undefined {
  return s && isJsonObject(s.items) ? (s.items as JsonSchema) : undefined;
}

function dropNullsWithoutDefaults(x: unknown, s: JsonSchema | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    for (const v of x) dropNullsWithoutDefaults(v, items);
    return;
  }
  if (!isJsonObject(x)) return;
  for (const k of Object.keys(x)) {
    const sub = propertySchema(s, k) ?? additionalSchema(s);
    if (!sub) continue;
    if (x[k] === null && sub.nullable !== true && !hasDefault(sub)) delete x[k];
    else dropNullsWithoutDefaults(x[k], sub);
  }
}

function fillDefaults(x: unknown, s: JsonSchema | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    for (let i = 0; i < x.length; i++) {
      if (items && isNonNullableNull(x[i], items) && hasDefault(items)) x[i] = cloneJson(items.default);
      fillDefaults(x[i], items);
    }
    return;
  }
  if (!isJsonObject(x)) return;
  if (isJsonObject(s.properties)) {
    for (const k of Object.keys(s.properties)) {
      const prop = propertySchema(s, k);
      if (!prop || !hasDefault(prop)) continue;
      const present = Object.prototype.hasOwnProperty.call(x, k);
      if (!present || isNonNullableNull(x[k], prop)) setOwn(x, k, cloneJson(prop.default));
    }
  }
  const ap = additionalSchema(s);
  for (const k of Object.keys(x)) {
    const prop = propertySchema(s, k);
    if (prop) fillDefaults(x[k], prop);
    else if (ap) {
      if (isNonNullableNull(x[k], ap) && hasDefault(ap)) setOwn(x, k, cloneJson(ap.default));
      fillDefaults(x[k], ap);
    }
  }
}

/** Applies the schema's defaults to `obj` in place. */
export function applyDefaults(obj: unknown, schema: JsonSchema): void {
  dropNullsWithoutDefaults(obj, schema);
  fillDefaults(obj, schema);
}
