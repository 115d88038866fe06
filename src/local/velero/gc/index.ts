// Velero's garbage collection for the embedded hub: expired Backups → DeleteBackupRequests (spec/velero.md §6.3).
import { BACKUPS, DEFAULT_VELERO_NAMESPACE } from '../../../api/velero/index.js';
import type { ControllerSpec } from '../../../kube/runtime/contract.js';
import { GcReconciler, type GcReconcilerOptions } from './gc-reconciler.js';

export { GcReconciler, DEFAULT_GC_FREQUENCY_MS } from './gc-reconciler.js';
export type { GcReconcilerOptions } from './gc-reconciler.js';
export { collectExpiredBackup, GcBlockedError } from './collect-expired.js';
export type { GcOutcome } from './collect-expired.js';
export { newDeleteBackupRequest, deleteRequestSelector } from './delete-backup-request.js';

export const GC_CONTROLLER_NAME = 'velero-gc';

export function gcController(opts: GcReconcilerOptions & { namespace?: string } = {}): ControllerSpec {
  return {
    name: GC_CONTROLLER_NAME,
    for: BACKUPS,
    namespace: opts.namespace ?? DEFAULT_VELERO_NAMESPACE,
    reconciler: new GcReconciler(opts),
  };
}
