// Unknown-field pruning with the rules of apiextensions' structural pruning:
// - a property the schema does not declare is dropped, unless the level has
//   x-kubernetes-preserve-unknown-fields or an additionalProperties map schema;
// - under preserve-unknown-fields only the declared properties are descended into;
// - the root, and every x-kubernetes-embedded-resource object, keeps apiVersion and kind, and its
//   metadata is cut down to ObjectMeta's fields;
// - below a level that has no schema at all (additionalProperties: true/false), objects lose all
//   their fields while scalars stay.

import { isJsonObject } from '../../util/json.js';
import { additionalSchema, propertySchema } from './schema-lookup.js';
import { pruneObjectMeta } from './object-meta.js';
import { childPath, indexPath } from './paths.js';
import type { JsonSchema } from '../../api/crd/schema.js';

function isEmbedded(s: JsonSchema | undefined): boolean {
  return s?.['x-kubernetes-embedded-resource'] === true;
}

/** Handles apiVersion/kind/metadata of a resource-like object; true when `k` was one of them. */
function resourceField(x: Record<string, unknown>, k: string, path: string, pruned: string[]): boolean {
  if (k === 'apiVersion' || k === 'kind') return true;
  if (k !== 'metadata') return false;
  pruneObjectMeta(x[k], childPath(path, k), pruned);
  return true;
}

/** The schema values of `s`'s unknown keys get: a map schema, no schema, or not allowed at all. */
function unknownKeySchema(s: JsonSchema): { allowed: boolean; schema?: JsonSchema } {
  if (s.additionalProperties === undefined || s.additionalProperties === null) return { allowed: false };
  return { allowed: true, schema: additionalSchema(s) };
}

function prune(x: unknown, s: JsonSchema | undefined, path: string, pruned: string[]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields'] === true) {
    pruneKnown(x, s, path, pruned);
    return;
  }
  if (Array.isArray(x)) {
    const items = s && isJsonObject(s.items) ? (s.items as JsonSchema) : undefined;
    x.forEach((v, i) => prune(v, items, indexPath(path, i), pruned));
    return;
  }
  if (!isJsonObject(x)) return;
  for (const k of Object.keys(x)) {
    const p = childPath(path, k);
    if (s && isEmbedded(s) && resourceField(x, k, path, pruned)) continue;
    const prop = propertySchema(s, k);
    if (prop) {
      prune(x[k], prop, p, pruned);
      continue;
    }
    const unknown = s ? unknownKeySchema(s) : { allowed: false };
    if (unknown.allowed) {
      prune(x[k], unknown.schema, p, pruned);
      continue;
    }
    pruned.push(p);
    delete x[k];
  }
}

/** Pruning under x-kubernetes-preserve-unknown-fields: unknown keys stay, known ones recurse. */
function pruneKnown(x: unknown, s: JsonSchema | undefined, path: string, pruned: string[]): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = isJsonObject(s.items) ? (s.items as JsonSchema) : undefined;
    x.forEach((v, i) => pruneKnown(v, items, indexPath(path, i), pruned));
    return;
  }
  if (!isJsonObject(x)) return;
  for (const k of Object.keys(x)) {
    if (isEmbedded(s) && resourceField(x, k, path, pruned)) continue;
    const prop = propertySchema(s, k);
    if (prop) prune(x[k], prop, childPath(path, k), pruned);
    else {
      const unknown = unknownKeySchema(s);
      if (unknown.allowed) prune(x[k], unknown.schema, childPath(path, k), pruned);
    }
  }
}

/**
 * Removes from `obj` (a whole custom resource) every field its schema does not allow and
 * returns the removed paths (`spec.foo`, `spec.items[0].bar`, `metadata.foo`) in the order met,
 * so the caller can reject them under fieldValidation=Strict or warn under Warn.
 */
export function pruneUnknownFields(obj: Record<string, unknown>, schema: JsonSchema): string[] {
  const pruned: string[] = [];
  // The root is treated as an embedded resource, as upstream does.
  prune(obj, { ...schema, 'x-kubernetes-embedded-resource': true }, '', pruned);
  return pruned;
}
