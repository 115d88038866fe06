// What a mover Job's state means for the sync: running, failed (retried), or done — on a
// destination only once its image (the PVC, or a snapshot of it) exists.
import type { MoverJobState } from '../../job/mover-job.js';
import type { PersistentVolumeClaim } from '../../kinds.js';
import { complete, inProgress, type MoverOutcome } from '../../mover.js';
import type { VolumeHandler } from '../../volumes/volume-handler.js';

export async function outcomeOfJob(state: MoverJobState, vh: VolumeHandler, data: PersistentVolumeClaim, isSource: boolean): Promise<MoverOutcome> {
  if (state.phase === 'running') return inProgress();
  if (state.phase === 'failed') return { completed: false, failure: state.message, requeueAfterMs: state.retryAfterMs };
  if (isSource) return complete();
  const image = await vh.ensureImage(data);
  return image ? complete(image) : inProgress();
}
