// Lookups in a schema for values that come straight from clients: `properties[key]` must never
// find Object.prototype members, so a key such as `constructor` is ordinary data.

import { hasOwn, isJsonObject } from '../../util/json.js';
import type { JsonSchema } from '../../api/crd/schema.js';

/** The schema of property `key`, if the schema declares it as its own property. */
export function propertySchema(s: JsonSchema | undefined, key: string): JsonSchema | undefined {
  const props = s?.properties;
  if (!isJsonObject(props) || !hasOwn(props, key)) return undefined;
  const p = props[key];
  return isJsonObject(p) ? (p as JsonSchema) : undefined;
}

/** The schema of map values when `additionalProperties` is a schema (not a boolean). */
export function additionalSchema(s: JsonSchema | undefined): JsonSchema | undefined {
  const ap = s?.additionalProperties;
  return isJsonObject(ap) ? (ap as JsonSchema) : undefined;
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
