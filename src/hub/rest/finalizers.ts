// Finalizers in the write path: none may be added to an object being deleted, a delete's
// propagation policy adds `orphan` or `foregroundDeletion` for the garbage collector, and the hub's
// controllers remove theirs through the normal update path.
import type { ApiObject } from '../../api/meta.js';
import type { FieldError } from '../errors.js';
import type { ObjectKey } from '../storage/sqlite-store.js';
import type { DeleteOptions, RestStore } from './rest-store.js';

export function noNewFinalizersWhileDeleting(old: ApiObject, next: ApiObject): FieldError[] {
  if (!old.metadata.deletionTimestamp) return [];
  const before = new Set(old.metadata.finalizers ?? []);
  const added = (next.metadata.finalizers ?? []).filter((f) => !before.has(f));
  if (added.length === 0) return [];
  return [{ type: 'Forbidden', field: 'metadata.finalizers', detail: 'no new finalizers can be added if the object is being deleted' }];
}

function propagationPolicy(opts: DeleteOptions, finalizers: Set<string>): 'Background' | 'Foreground' | 'Orphan' {
  if (opts.propagationPolicy) return opts.propagationPolicy;
  if (opts.orphanDependents === true) return 'Orphan';
  if (opts.orphanDependents === false) return 'Foreground';
  if (finalizers.has('orphan')) return 'Orphan';
  if (finalizers.has('foregroundDeletion')) return 'Foreground';
  return 'Background';
}

/** The finalizers an object has once a delete with these options reaches it. */
export function finalizersOnDelete(current: ApiObject, opts: DeleteOptions): Set<string> {
  const finalizers = new Set(current.metadata.finalizers ?? []);
  const policy = propagationPolicy(opts, finalizers);
  if (!current.metadata.deletionTimestamp) {
    if (policy === 'Orphan') finalizers.add('orphan');
    if (policy === 'Foreground') finalizers.add('foregroundDeletion');
  }
  return finalizers;
}

/** Removes a finalizer (namespace controller, GC, CRD cleanup) through the normal update path. */
export function removeFinalizer(rest: RestStore, key: ObjectKey, finalizer: string): Promise<void> {
  return rest.updateByKey(key, undefined, (obj) => {
    if (!(obj.metadata.finalizers ?? []).includes(finalizer)) return undefined;
    obj.metadata.finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    return obj;
  });
}
