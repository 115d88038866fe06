// Uniqueness for x-kubernetes-list-type `set` (whole items) and `map` (the list-map-keys).
// Like upstream, only the second occurrence of a value is reported, at its index, and the
// value of a map duplicate is the key tuple (`{}` when the key is missing).

import type { FieldError } from '../errors.js';
import { canonicalJson, hasOwn, isJsonObject, setOwn } from '../../util/json.js';
import { additionalSchema, propertySchema } from './schema-lookup.js';
import { childPath, indexPath, keyPath } from './paths.js';
import type { JsonSchema } from '../../api/crd/schema.js';

const UNSPECIFIED = Symbol('unspecified key');

/** A key that tells apart values Go would keep apart in a map[interface{}] (1 vs "1"). */
function identity(v: unknown): string {
  if (v === UNSPECIFIED) return 'unspecified';
  return `${Array.isArray(v) ? 'array' : typeof v}:${canonicalJson(v)}`;
}

/** Indices of the second appearance of each repeated value. */
function nonUniqueIndices(values: unknown[]): number[] {
  if (values.length <= 1) return [];
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const id = identity(v);
    const times = seen.get(id) ?? 0;
    seen.set(id, times + 1);
    if (times === 1) out.push(i);
  });
  return out;
}

function checkListMap(path: string, s: JsonSchema, list: unknown[]): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && !isJsonObject(x)) {
      return [{ type: 'Invalid', field: indexPath(path, i), value: x, detail: 'must be an object for an array of list-type map' }];
    }
  }
  if (list.length <= 1) return [];
  const keyFields = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];

  if (keyFields.length === 1) {
    const field = keyFields[0];
    const keys = list.map((x) => (isJsonObject(x) && hasOwn(x, field) ? x[field] : UNSPECIFIED));
    return nonUniqueIndices(keys).map((i) => ({
      type: 'Duplicate' as const,
      field: indexPath(path, i),
      value: keys[i] === UNSPECIFIED ? {} : { [field]: keys[i] },
    }));
  }

  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isJsonObject(x)) for (const f of keyFields) if (hasOwn(x, f)) setOwn(key, f, x[f]);
    return key;
  });
  return nonUniqueIndices(keys).map((i) => ({ type: 'Duplicate' as const, field: indexPath(path, i), value: keys[i] }));
}

function walk(x: unknown, s: JsonSchema | undefined, path: string, out: FieldError[]): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set') {
      for (const i of nonUniqueIndices(x)) out.push({ type: 'Duplicate', field: indexPath(path, i), value: x[i] });
    } else if (listType === 'map') {
      out.push(...checkListMap(path, s, x));
    }
    const items = isJsonObject(s.items) ? (s.items as JsonSchema) : undefined;
    x.forEach((v, i) => walk(v, items, indexPath(path, i), out));
    return;
  }
  if (!isJsonObject(x)) return;
  const ap = additionalSchema(s);
  if (ap) for (const k of Object.keys(x)) if (!propertySchema(s, k)) walk(x[k], ap, keyPath(path, k), out);
  for (const k of Object.keys(x)) {
    const prop = propertySchema(s, k);
    if (prop) walk(x[k], prop, childPath(path, k), out);
  }
}

export function validateListTypes(data: unknown, schema: JsonSchema, rootPath = ''): FieldError[] {
  const out: FieldError[] = [];
  walk(data, schema, rootPath, out);
  return out;
}
