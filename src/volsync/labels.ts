// Ownership marks on the objects VolSync creates (volsync.md §2.4, §2.6).
import { CREATED_BY_VOLSYNC, LABEL_CLEANUP, LABEL_CREATED_BY, LABEL_DO_NOT_DELETE } from '../api/volsync/index.js';
import type { ObjectMeta } from '../api/meta.js';

interface Labelled {
  metadata?: ObjectMeta;
}

function labelsOf(obj: Labelled): Record<string, string> {
  obj.metadata ??= {};
  return (obj.metadata.labels ??= {});
}

/** `app.kubernetes.io/created-by: volsync`; true when it changed the object. */
export function setOwnedByVolSync(obj: Labelled): boolean {
  const labels = labelsOf(obj);
  if (labels[LABEL_CREATED_BY] === CREATED_BY_VOLSYNC) return false;
  labels[LABEL_CREATED_BY] = CREATED_BY_VOLSYNC;
  return true;
}

/** A per-iteration temporary: cleanup deletes every object with this label and the owner's UID. */
export function markForCleanup(ownerUid: string, obj: Labelled): boolean {
  const labels = labelsOf(obj);
  if (labels[LABEL_CLEANUP] === ownerUid) return false;
  labels[LABEL_CLEANUP] = ownerUid;
  return true;
}

export function isMarkedDoNotDelete(obj: Labelled): boolean {
  return obj.metadata?.labels?.[LABEL_DO_NOT_DELETE] !== undefined;
}

/** The selector of one owner's temporaries. */
export function cleanupSelector(ownerUid: string): string {
  return `${LABEL_CLEANUP}=${ownerUid}`;
}

/**
 * Gives a protected snapshot to its user: no cleanup label, no created-by label, no ownerReference
 * to `ownerUid`. True when anything changed.
 */
export function relinquish(obj: Labelled, ownerUid: string): boolean {
  const meta = (obj.metadata ??= {});
  let changed = false;
  if (meta.labels?.[LABEL_CLEANUP] !== undefined) {
    delete meta.labels[LABEL_CLEANUP];
    changed = true;
  }
  if (meta.labels?.[LABEL_CREATED_BY] !== undefined) {
    delete meta.labels[LABEL_CREATED_BY];
    changed = true;
  }
  const refs = meta.ownerReferences ?? [];
  const kept = refs.filter((r) => r.uid !== ownerUid);
  if (kept.length !== refs.length) {
    meta.ownerReferences = kept;
    changed = true;
  }
  return changed;
}
