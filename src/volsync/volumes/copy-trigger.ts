// Copy triggers (volsync.md §2.11): with `volsync.backube/use-copy-trigger` on the source PVC, the
// point-in-time copy waits until the application changes `volsync.backube/copy-trigger`, e.g. after
// quiescing itself, and VolSync reports its progress in annotations on that PVC.
import {
  ANNOTATION_COPY_TRIGGER,
  ANNOTATION_LATEST_COPY_STATUS,
  ANNOTATION_LATEST_COPY_TRIGGER,
  ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE,
  ANNOTATION_USE_COPY_TRIGGER,
  COPY_TRIGGER_WAIT_TIMEOUT_MS,
  CopyStatus,
  EventAction,
  EventReason,
} from '../../api/volsync/index.js';
import { metaTime } from '../../kube/index.js';
import { kindAndName, type MoverContext } from '../context.js';
import { PERSISTENT_VOLUME_CLAIMS, type PersistentVolumeClaim } from '../kinds.js';

/** Waiting longer than 10 minutes is reported in latestMoverStatus; reconciling goes on. */
export class CopyTriggerTimeoutError extends Error {
  constructor(readonly pvcName: string) {
    super(`Timed out waiting for copy-trigger to be modified for pvc ${pvcName}`);
    this.name = 'CopyTriggerTimeoutError';
  }
}

export function usesCopyTrigger(pvc: PersistentVolumeClaim): boolean {
  return pvc.metadata.annotations?.[ANNOTATION_USE_COPY_TRIGGER] !== undefined;
}

/**
 * Before the clone or snapshot exists: true while the copy must wait for a new trigger value.
 * Throws CopyTriggerTimeoutError once it has waited too long.
 */
export async function waitForCopyTrigger(ctx: MoverContext, src: PersistentVolumeClaim): Promise<boolean> {
  if (!usesCopyTrigger(src)) return false;
  const annotations = (src.metadata.annotations ??= {});
  const trigger = annotations[ANNOTATION_COPY_TRIGGER] ?? '';
  const now = ctx.clock.now();
  if (trigger === '' || trigger === annotations[ANNOTATION_LATEST_COPY_TRIGGER]) {
    let changed = false;
    if (annotations[ANNOTATION_LATEST_COPY_STATUS] !== CopyStatus.WaitingForTrigger || !annotations[ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE]) {
      annotations[ANNOTATION_LATEST_COPY_STATUS] = CopyStatus.WaitingForTrigger;
      annotations[ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE] = metaTime(now);
      changed = true;
    }
    const since = Date.parse(annotations[ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE]);
    if (Number.isNaN(since)) {
      annotations[ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE] = metaTime(now);
      changed = true;
    }
    if (changed) {
      await updatePvc(ctx, src);
      ctx.events.event(
        ctx.owner,
        'Normal',
        EventReason.SrcPVCWaitingForCopyTrigger,
        `Waiting on copy trigger on src PVC ${kindAndName(src)} before creating snapshot or clone`,
        EventAction.CreateSrcCopyUsingCopyTrigger,
      );
    }
    if (!Number.isNaN(since) && since + COPY_TRIGGER_WAIT_TIMEOUT_MS < now) {
      ctx.events.event(
        ctx.owner,
        'Warning',
        EventReason.SrcPVCTimeoutWaitingForCopyTrigger,
        `waiting on copy trigger on src PVC ${kindAndName(src)} before creating snapshot or clone; check PVC annotations`,
        EventAction.CreateSrcCopyUsingCopyTrigger,
      );
      throw new CopyTriggerTimeoutError(src.metadata.name ?? '');
    }
    return true;
  }
  if (annotations[ANNOTATION_LATEST_COPY_STATUS] !== CopyStatus.InProgress || annotations[ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE] !== undefined) {
    annotations[ANNOTATION_LATEST_COPY_STATUS] = CopyStatus.InProgress;
    delete annotations[ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE];
    await updatePvc(ctx, src);
    ctx.events.event(
      ctx.owner,
      'Normal',
      EventReason.SrcPVCCopyTriggerReceived,
      `Received updated copy trigger on src PVC ${kindAndName(src)}, proceeding to create snapshot or clone`,
      EventAction.CreateSrcCopyUsingCopyTrigger,
    );
  }
  return false;
}

/** Once the clone is Bound or the snapshot ready: record the trigger value this copy answered. */
export async function copyTriggerCompleted(ctx: MoverContext, src: PersistentVolumeClaim): Promise<void> {
  if (!usesCopyTrigger(src)) return;
  const annotations = (src.metadata.annotations ??= {});
  const trigger = annotations[ANNOTATION_COPY_TRIGGER] ?? '';
  if (
    annotations[ANNOTATION_LATEST_COPY_STATUS] === CopyStatus.Completed &&
    annotations[ANNOTATION_LATEST_COPY_TRIGGER] === trigger &&
    annotations[ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE] === undefined
  )
    return;
  annotations[ANNOTATION_LATEST_COPY_STATUS] = CopyStatus.Completed;
  annotations[ANNOTATION_LATEST_COPY_TRIGGER] = trigger;
  delete annotations[ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE];
  await updatePvc(ctx, src);
  ctx.events.event(
    ctx.owner,
    'Normal',
    EventReason.SrcPVCCopyUsingCopyTriggerCompleted,
    `snapshot or clone complete for src PVC ${kindAndName(src)} using copy trigger`,
    EventAction.CreateSrcCopyUsingCopyTrigger,
  );
}

async function updatePvc(ctx: MoverContext, pvc: PersistentVolumeClaim): Promise<void> {
  const updated = await ctx.client.update<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, pvc, { signal: ctx.signal });
  pvc.metadata = updated.metadata;
}
