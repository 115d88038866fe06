// The data volume of a restic or rclone mover and its per-iteration cleanup: the source's
// point-in-time copy, or the destination PVC (provided, or `volsync-<rd>-dest`).
import type { MoverContext } from '../../context.js';
import { cleanupTemporaries } from '../../cleanup.js';
import { PERSISTENT_VOLUME_CLAIMS, type PersistentVolumeClaim } from '../../kinds.js';
import { destinationPvcName, sourceCopyName } from '../../names.js';
import { CopyTriggerTimeoutError } from '../../volumes/copy-trigger.js';
import { VolumeHandler, type VolumeOptions } from '../../volumes/volume-handler.js';

/** The copy-method options every mover spec carries. */
export function dataVolumeHandler(ctx: MoverContext, spec: VolumeOptions): VolumeHandler {
  const { copyMethod, capacity, storageClassName, accessModes, volumeSnapshotClassName } = spec;
  return new VolumeHandler(ctx, { copyMethod, capacity, storageClassName, accessModes, volumeSnapshotClassName });
}

/** Which side a restic or rclone mover runs on, with what its data volume needs. */
export type DataSide = { isSource: true; sourcePVC: string } | { isSource: false; spec: { destinationPVC?: string; cleanupTempPVC?: boolean } };

/** The PVC the mover reads or fills; undefined while it is not ready. */
export function ensureData(ctx: MoverContext, vh: VolumeHandler, side: DataSide): Promise<PersistentVolumeClaim | undefined> {
  return side.isSource
    ? ensureSourceData(ctx, vh, side.sourcePVC)
    : ensureDestinationData(ctx, vh, side.spec.destinationPVC, side.spec.cleanupTempPVC === true);
}

/** The PVC the source mover reads; undefined while the copy is not ready. */
export async function ensureSourceData(ctx: MoverContext, vh: VolumeHandler, sourcePvc: string): Promise<PersistentVolumeClaim | undefined> {
  const src = await ctx.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, sourcePvc, { namespace: ctx.owner.metadata.namespace, signal: ctx.signal });
  try {
    return await vh.ensurePvcFromSource(src, sourceCopyName(ctx.owner.metadata.name), true);
  } catch (err) {
    // Not an error of the reconcile: the user is told in latestMoverStatus, and reconciling goes on.
    if (!(err instanceof CopyTriggerTimeoutError)) throw err;
    ctx.latestMoverStatus.result = 'Failed';
    ctx.latestMoverStatus.logs = err.message;
    return undefined;
  }
}

export function destinationDataName(ctx: MoverContext, destinationPVC: string | undefined): { provided: boolean; name: string } {
  return destinationPVC ? { provided: true, name: destinationPVC } : { provided: false, name: destinationPvcName(ctx.owner.metadata.name) };
}

export async function ensureDestinationData(
  ctx: MoverContext,
  vh: VolumeHandler,
  destinationPVC: string | undefined,
  cleanupTempPVC: boolean,
): Promise<PersistentVolumeClaim> {
  const { provided, name } = destinationDataName(ctx, destinationPVC);
  return provided ? vh.useProvidedPvc(name) : vh.ensureNewPvc(name, cleanupTempPVC);
}

/** End of an iteration: forget this iteration's snapshot name and delete the temporaries. */
export async function cleanupIteration(ctx: MoverContext, vh: VolumeHandler, destinationPVC: string | undefined): Promise<void> {
  if (!ctx.isSource) await vh.removeSnapshotAnnotation(destinationDataName(ctx, destinationPVC).name);
  await cleanupTemporaries(ctx.client, ctx.owner, { snapshots: ctx.snapshotsServed, signal: ctx.signal });
}
