// `metadata` of a custom resource (and of embedded resources) is decoded by upstream into the
// ObjectMeta struct, which silently drops any field ObjectMeta does not have; under strict field
// validation those drops are reported like other unknown fields (`metadata.foo`).

import { isJsonObject } from '../../util/json.js';
import { childPath, indexPath } from './paths.js';

const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const OWNER_REFERENCE_FIELDS = new Set(['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion']);

// fieldsV1 is free-form by design and is kept whole.
const MANAGED_FIELDS_ENTRY_FIELDS = new Set(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource']);

function dropUnknown(x: Record<string, unknown>, known: Set<string>, path: string, pruned: string[]): void {
  for (const k of Object.keys(x)) {
    if (known.has(k)) continue;
    pruned.push(childPath(path, k));
    delete x[k];
  }
}

function pruneEntries(list: unknown, known: Set<string>, path: string, pruned: string[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((entry, i) => {
    if (isJsonObject(entry)) dropUnknown(entry, known, indexPath(path, i), pruned);
  });
}

/** Drops what ObjectMeta cannot hold from `meta` (at `path`), recording the dropped paths. */
export function pruneObjectMeta(meta: unknown, path: string, pruned: string[]): void {
  if (!isJsonObject(meta)) return;
  dropUnknown(meta, OBJECT_META_FIELDS, path, pruned);
  pruneEntries(meta.ownerReferences, OWNER_REFERENCE_FIELDS, childPath(path, 'ownerReferences'), pruned);
  pruneEntries(meta.managedFields, MANAGED_FIELDS_ENTRY_FIELDS, childPath(path, 'managedFields'), pruned);
}
