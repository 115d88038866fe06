// Removal of per-iteration temporaries (volsync.md §2.4) and snapshot protection (§2.6).
import { LABEL_DO_NOT_DELETE, LABEL_VOLPOP_PVC_PREFIX, type TypedLocalObjectReference } from '../api/volsync/index.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../kube/index.js';
import type { Owner } from './context.js';
import { JOBS, PERSISTENT_VOLUME_CLAIMS, SNAPSHOT_GROUP, VOLUME_SNAPSHOTS, type VolumeSnapshot } from './kinds.js';
import { cleanupSelector, isMarkedDoNotDelete, markForCleanup, relinquish } from './labels.js';

/** Deletes the owner's temporary PVCs, VolumeSnapshots and Jobs (background propagation). */
export async function cleanupTemporaries(client: KubeClient, owner: Owner, opts: { snapshots: boolean; signal?: AbortSignal }): Promise<void> {
  const namespace = owner.metadata.namespace;
  const labelSelector = cleanupSelector(owner.metadata.uid);
  for (const ref of [PERSISTENT_VOLUME_CLAIMS, JOBS] as ResourceRef[]) {
    await client.deleteCollection(ref, { namespace, labelSelector, propagationPolicy: 'Background', signal: opts.signal });
  }
  if (!opts.snapshots) return;
  const snapshots = (await client.list<VolumeSnapshot>(VOLUME_SNAPSHOTS, { namespace, labelSelector, signal: opts.signal })).items;
  for (const snap of await relinquishProtected(client, owner, snapshots, opts.signal)) {
    if (inUseByOthers(snap, owner)) {
      const refs = snap.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === owner.metadata.uid)) continue;
      snap.metadata.ownerReferences = refs.filter((r) => r.uid !== owner.metadata.uid);
      await client.update(VOLUME_SNAPSHOTS, snap, { signal: opts.signal });
      continue;
    }
    try {
      await client.delete(VOLUME_SNAPSHOTS, snap.metadata.name ?? '', {
        namespace,
        preconditions: { resourceVersion: snap.metadata.resourceVersion },
        signal: opts.signal,
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** At the start of every destination reconcile: snapshots marked do-not-delete leave VolSync's care. */
export async function relinquishProtectedSnapshots(client: KubeClient, owner: Owner, signal?: AbortSignal): Promise<void> {
  const marked = (await client.list<VolumeSnapshot>(VOLUME_SNAPSHOTS, { namespace: owner.metadata.namespace, labelSelector: LABEL_DO_NOT_DELETE, signal }))
    .items;
  await relinquishProtected(client, owner, marked, signal);
}

/** Relinquishes the protected snapshots of `snapshots` and returns the others. */
async function relinquishProtected(client: KubeClient, owner: Owner, snapshots: VolumeSnapshot[], signal?: AbortSignal): Promise<VolumeSnapshot[]> {
  const rest: VolumeSnapshot[] = [];
  let failure: unknown;
  for (const snap of snapshots) {
    if (!isMarkedDoNotDelete(snap)) {
      rest.push(snap);
      continue;
    }
    try {
      if (relinquish(snap, owner.metadata.uid)) await client.update(VOLUME_SNAPSHOTS, snap, { signal });
    } catch (err) {
      // Keep going with the others; report the last failure.
      failure = err;
    }
  }
  if (failure) throw failure;
  return rest;
}

/** Owned by something else too (the populator's PVC'), or being used to populate a PVC. */
function inUseByOthers(snap: VolumeSnapshot, owner: Owner): boolean {
  if ((snap.metadata.ownerReferences ?? []).some((r) => r.uid !== owner.metadata.uid)) return true;
  return Object.keys(snap.metadata.labels ?? {}).some((key) => key.startsWith(LABEL_VOLPOP_PVC_PREFIX));
}

export function isSnapshotImage(image: TypedLocalObjectReference | undefined): image is TypedLocalObjectReference {
  return image !== undefined && image.kind === 'VolumeSnapshot' && image.apiGroup === SNAPSHOT_GROUP;
}

/** The previous latestImage snapshot is cleaned up with this iteration's temporaries, unless protected. */
export async function markOldSnapshotForCleanup(
  client: KubeClient,
  owner: Owner,
  oldImage: TypedLocalObjectReference | undefined,
  newImage: TypedLocalObjectReference | undefined,
  signal?: AbortSignal,
): Promise<void> {
  if (!isSnapshotImage(newImage) || !isSnapshotImage(oldImage) || oldImage.name === newImage.name) return;
  let old: VolumeSnapshot;
  try {
    old = await client.get<VolumeSnapshot>(VOLUME_SNAPSHOTS, oldImage.name, { namespace: owner.metadata.namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (isMarkedDoNotDelete(old) || !markForCleanup(owner.metadata.uid, old)) return;
  try {
    await client.update(VOLUME_SNAPSHOTS, old, { signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
