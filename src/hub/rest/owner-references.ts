// The garbage collector's edits of dependents: references to owners that are gone (or being
// orphaned) are removed through the normal update path.
import type { ObjectKey } from '../storage/sqlite-store.js';
import type { RestStore } from './rest-store.js';

/** Removes references to `ownerUids` from a dependent; no write when it has none of them. */
export function removeOwnerReferences(rest: RestStore, key: ObjectKey, ownerUids: Set<string>): Promise<void> {
  return rest.updateByKey(key, undefined, (obj) => {
    const refs = obj.metadata.ownerReferences ?? [];
    const kept = refs.filter((r) => !ownerUids.has(r.uid));
    if (kept.length === refs.length) return undefined;
    if (kept.length > 0) obj.metadata.ownerReferences = kept;
    else delete obj.metadata.ownerReferences;
    return obj;
  });
}
