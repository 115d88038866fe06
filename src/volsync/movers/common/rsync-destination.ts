// The destination volume of the rsync and rsync-TLS movers: the provided destinationPVC, or
// `volsync-<rd>-dst` (not restic's and rclone's `-dest`); and the end of an iteration.
import { cleanupTemporaries } from '../../cleanup.js';
import type { MoverContext } from '../../context.js';
import type { PersistentVolumeClaim } from '../../kinds.js';
import type { VolumeHandler } from '../../volumes/volume-handler.js';

export const rsyncDestinationPvcName = (rd: string): string => `volsync-${rd}-dst`;

export interface RsyncDestinationSpec {
  destinationPVC?: string;
  cleanupTempPVC?: boolean;
}

export function ensureRsyncDestinationData(ctx: MoverContext, vh: VolumeHandler, spec: RsyncDestinationSpec): Promise<PersistentVolumeClaim> {
  return spec.destinationPVC ? vh.useProvidedPvc(spec.destinationPVC) : vh.ensureNewPvc(rsyncDestinationPvcName(ctx.owner.metadata.name), spec.cleanupTempPVC === true);
}

/** Forgets this iteration's snapshot name (destination) and deletes the temporaries. */
export async function cleanupRsyncIteration(ctx: MoverContext, vh: VolumeHandler, destination: RsyncDestinationSpec | undefined): Promise<void> {
  if (destination) await vh.removeSnapshotAnnotation(destination.destinationPVC || rsyncDestinationPvcName(ctx.owner.metadata.name));
  await cleanupTemporaries(ctx.client, ctx.owner, { snapshots: ctx.snapshotsServed, signal: ctx.signal });
}
