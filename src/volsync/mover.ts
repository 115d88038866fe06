// The contract between the replication state machine and a data mover (volsync.md §2.2): both
// calls are idempotent and report how far they got; the machine decides what happens next.
import type { TypedLocalObjectReference } from '../api/volsync/index.js';
import type { MoverName } from '../api/volsync/index.js';

export interface MoverOutcome {
  completed: boolean;
  /** Destination only: what the finished sync produced (the PVC or a VolumeSnapshot). */
  image?: TypedLocalObjectReference;
  /** Look again after this long; default one minute (owned-object watches usually come sooner). */
  requeueAfterMs?: number;
  /**
   * The mover Job failed and will be retried (decision 14): why, in words a user acts on. The
   * condition shows it instead of "in progress" until the sync succeeds.
   */
  failure?: string;
}

export interface Mover {
  readonly name: MoverName;
  synchronize(): Promise<MoverOutcome>;
  cleanup(): Promise<MoverOutcome>;
}

export const IN_PROGRESS_REQUEUE_MS = 60_000;

export const inProgress = (requeueAfterMs?: number): MoverOutcome => ({ completed: false, requeueAfterMs });
export const complete = (image?: TypedLocalObjectReference): MoverOutcome => ({ completed: true, ...(image ? { image } : {}) });
