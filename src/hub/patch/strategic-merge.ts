// Strategic merge patch (`application/strategic-merge-patch+json`): the default of
// `kubectl patch` and what client-side `kubectl apply` sends for built-in kinds.
//
// Semantics follow apimachinery's strategicpatch.StrategicMergeMapPatch as the apiserver calls
// it (MergeParallelList and IgnoreUnmatchedNulls on): RFC 7386 merge, except that lists with a
// merge strategy are merged element-wise, and the `$patch`, `$retainKeys`,
// `$deleteFromPrimitiveList/<f>` and `$setElementOrder/<f>` directives are honoured.
//
// Where we differ from upstream, on purpose:
//   - `{$patch: delete}` on a map removes the key; upstream leaves `{}`, which its typed
//     round trip then drops for omitempty maps and pointers. We store JSON untyped, so
//     removing is what the user ends up seeing upstream in the common cases.
//   - Directives never leak into the result. Upstream copies a patch value verbatim when the
//     target lacks the key (so `$patch` could end up stored); we resolve it against nothing.
//   - `$setElementOrder` is honoured loosely: listed elements are put in the listed order in the
//     slots they occupy, everything else stays where it was.
//   - Malformed directives are 400 BadRequest with upstream's texts where upstream has one.

import { badRequest } from '../errors.js';
import { cloneJson, describeJson, getOwn, hasOwn, isJsonObject, jsonEqual, type JsonObject, setOwn } from '../../util/json.js';
import { smpSchemaFor, type SmpField, type SmpSchema } from './strategic-merge-schema.js';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';
const SET_ELEMENT_ORDER = '$setElementOrder/';

/** Returned by mergeMap when `$patch: delete` asks for the map itself to go. */
const DELETED = Symbol('deleted');

function isDirectiveKey(key: string): boolean {
  return key === PATCH || key === RETAIN_KEYS || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER);
}

function unknownPatchType(value: unknown, where: unknown): never {
  throw badRequest(`unknown patch type: ${describeJson(value)} in map: ${describeJson(where)}`);
}

/**
 * Applies a strategic merge patch to a built-in object. `kindKey` is `<group>/<Kind>`, empty
 * group for core (`/ConfigMap`, `batch/Job`). Kinds without a table entry still get the
 * ObjectMeta rules (finalizers as a set, ownerReferences by uid). Pure.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown, kindKey: string): unknown {
  if (!isJsonObject(patch)) {
    throw badRequest(`strategic merge patch must be a JSON object, got ${describeJson(patch, 60)}`);
  }
  const result = mergeMap(isJsonObject(target) ? target : undefined, patch, smpSchemaFor(kindKey));
  return result === DELETED ? {} : result;
}

/**
 * Merges `patch` into `original` (undefined when the target has nothing there, which also
 * serves to strip directives from values that are simply being added). Never mutates inputs.
 */
function mergeMap(original: JsonObject | undefined, patch: JsonObject, schema: SmpSchema | undefined): JsonObject | typeof DELETED {
  if (hasOwn(patch, PATCH)) {
    const directive = patch[PATCH];
    if (directive === 'delete') return DELETED;
    if (directive !== 'replace') unknownPatchType(directive, patch);
    const rest: JsonObject = {};
    for (const key of Object.keys(patch)) if (key !== PATCH) setOwn(rest, key, patch[key]);
    return mergeMap(undefined, rest, schema);
  }

  const result: JsonObject = original ? cloneJson(original) : {};

  if (hasOwn(patch, RETAIN_KEYS)) {
    const retain = patch[RETAIN_KEYS];
    if (!Array.isArray(retain)) throw badRequest('invalid patch format of retainKeys');
    for (const key of Object.keys(result)) {
      if (!retain.includes(key)) delete result[key];
    }
  }

  for (const key of Object.keys(patch)) {
    if (isDirectiveKey(key)) continue;
    const patchValue = patch[key];
    if (patchValue === null) {
      delete result[key];
      continue;
    }
    const field = schema && hasOwn(schema, key) ? schema[key] : undefined;
    const current = getOwn(result, key);
    if (isJsonObject(patchValue)) {
      const merged = mergeMap(isJsonObject(current) ? current : undefined, patchValue, field?.of);
      if (merged === DELETED) delete result[key];
      else setOwn(result, key, merged);
    } else if (Array.isArray(patchValue)) {
      setOwn(result, key, mergeList(Array.isArray(current) ? current : undefined, patchValue, field));
    } else {
      setOwn(result, key, patchValue);
    }
  }

  // Deletions and ordering run after the merge so that, for a list both patched and trimmed
  // in the same request (what kubectl apply generates when swapping a finalizer), the result
  // is the same whatever order the keys arrived in.
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
    const doomed = patch[key];
    if (!Array.isArray(doomed)) throw badRequest('invalid patch format of primitive list');
    const current = getOwn(result, field);
    if (Array.isArray(current))
      setOwn(
        result,
        field,
        current.filter((item) => !doomed.some((d) => jsonEqual(d, item))),
      );
  }
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const field = key.slice(SET_ELEMENT_ORDER.length);
    const order = patch[key];
    if (!Array.isArray(order)) throw badRequest('invalid patch type of setElementOrder list');
    const current = getOwn(result, field);
    const mergeKey = schema && hasOwn(schema, field) ? schema[field].merge?.key : undefined;
    if (Array.isArray(current)) setOwn(result, field, reorder(current, order, mergeKey));
  }

  return result;
}

function mergeList(original: unknown[] | undefined, patch: unknown[], field: SmpField | undefined): unknown[] {
  const mergeKey = field?.merge?.key;
  let replace = false;
  const deleteKeys: unknown[] = [];
  const items: unknown[] = [];
  for (const item of patch) {
    if (!isJsonObject(item) || !hasOwn(item, PATCH)) {
      items.push(item);
      continue;
    }
    const directive = item[PATCH];
    if (directive === 'replace') {
      replace = true;
    } else if (directive === 'delete') {
      if (mergeKey === undefined) continue; // nothing to match on in a list merged whole
      if (!hasOwn(item, mergeKey)) {
        throw badRequest(`map: ${describeJson(item)} does not contain declared merge key: ${mergeKey}`);
      }
      deleteKeys.push(item[mergeKey]);
    } else if (directive === 'merge') {
      throw badRequest('merging lists cannot yet be specified in the patch');
    } else {
      unknownPatchType(directive, item);
    }
  }

  const fresh = (item: unknown): unknown =>
    isJsonObject(item) ? materialize(item, field?.of) : Array.isArray(item) ? mergeList(undefined, item, undefined) : item;

  if (replace || !field?.merge) return items.map(fresh);
  // A brand-new merge list still goes through the merge below, so duplicate keys in it
  // collapse exactly as they would against an existing list.
  const base = original ?? [];

  if (mergeKey === undefined) {
    // A set of primitives: keep the target's order, append what is new, drop duplicates.
    const out: unknown[] = [];
    for (const item of [...base, ...items]) {
      if (!out.some((x) => jsonEqual(x, item))) out.push(cloneJson(item));
    }
    return out;
  }

  const out: unknown[] = base
    .filter((el) => !(isJsonObject(el) && hasOwn(el, mergeKey) && deleteKeys.some((k) => jsonEqual(k, el[mergeKey]))))
    .map((el) => cloneJson(el));
  for (const item of items) {
    if (!isJsonObject(item)) {
      throw badRequest(`strategic merge patch: list merged by "${mergeKey}" must hold objects, got ${describeJson(item)}`);
    }
    if (!hasOwn(item, mergeKey)) {
      throw badRequest(`map: ${describeJson(item)} does not contain declared merge key: ${mergeKey}`);
    }
    const index = out.findIndex((el) => isJsonObject(el) && hasOwn(el, mergeKey) && jsonEqual(el[mergeKey], item[mergeKey]));
    if (index >= 0) {
      const merged = mergeMap(out[index] as JsonObject, item, field?.of);
      out[index] = merged === DELETED ? {} : merged;
    } else {
      out.push(materialize(item, field?.of));
    }
  }
  return out;
}

/** A patch value being added where the target has nothing: resolve its directives. */
function materialize(value: JsonObject, schema: SmpSchema | undefined): JsonObject {
  const merged = mergeMap(undefined, value, schema);
  return merged === DELETED ? {} : merged;
}

/**
 * `$setElementOrder`: the listed elements take the slots they already occupy, in the listed
 * order; unlisted elements (present only on the server) keep their positions.
 */
function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const identity = (v: unknown): unknown => (mergeKey !== undefined ? (isJsonObject(v) ? getOwn(v, mergeKey) : undefined) : v);
  const rank = (v: unknown): number => {
    const id = identity(v);
    if (id === undefined) return -1;
    return order.findIndex((o) => jsonEqual(identity(o), id));
  };
  const slots: number[] = [];
  const listed: unknown[] = [];
  list.forEach((el, i) => {
    if (rank(el) >= 0) {
      slots.push(i);
      listed.push(el);
    }
  });
  listed.sort((a, b) => rank(a) - rank(b));
  const out = [...list];
  slots.forEach((slot, i) => {
    out[slot] = listed[i];
  });
  return out;
}
