// Velero's backup deletion for the embedded hub: DeleteBackupRequests (spec/velero.md §6.4).
import { DEFAULT_VELERO_NAMESPACE, DELETE_BACKUP_REQUESTS } from '../../../api/velero/index.js';
import type { ControllerSpec } from '../../../kube/runtime/contract.js';
import { DeletionReconciler, type DeletionReconcilerOptions } from './deletion-reconciler.js';

export { DeletionReconciler, DELETE_REQUEST_MAX_AGE_MS } from './deletion-reconciler.js';
export type { DeletionReconcilerOptions } from './deletion-reconciler.js';
export { deleteBackupFiles } from './delete-backup-files.js';
export { deleteRestoresOfBackup } from './delete-restores.js';
export type { RestoreDeletionOptions } from './delete-restores.js';

export const DELETION_CONTROLLER_NAME = 'velero-backup-deletion';

export function deletionController(opts: DeletionReconcilerOptions & { namespace?: string } = {}): ControllerSpec {
  return {
    name: DELETION_CONTROLLER_NAME,
    for: DELETE_BACKUP_REQUESTS,
    namespace: opts.namespace ?? DEFAULT_VELERO_NAMESPACE,
    reconciler: new DeletionReconciler(opts),
  };
}
