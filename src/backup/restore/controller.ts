// Wires the Restore reconciler into the runtime (hub-backup.md §4.1): Restores in every namespace,
// the velero restores they control, and — beyond upstream's 60-second retry — a storage location
// change wakes the Restores that wait for storage. The `cluster-backup` InternalHubComponent is
// watched only where its API is served: an informer on an absent API would never sync.
import { ACM_RESTORES, AcmRestorePhases, type AcmRestore } from '../../api/backup/index.js';
import { CLUSTER_BACKUP_COMPONENT, INTERNAL_HUB_COMPONENTS } from '../../api/ocm/index.js';
import { BACKUP_STORAGE_LOCATIONS, RESTORES } from '../../api/velero/index.js';
import type { ControllerSpec, KubeObject, ReconcileRequest } from '../../kube/index.js';
import { RestoreReconciler, type RestoreReconcilerOptions } from './reconciler.js';

export const RESTORE_CONTROLLER = 'restore-controller';

export interface RestoreControllerOptions extends RestoreReconcilerOptions {
  /** Watch the `cluster-backup` InternalHubComponent (only when its API is served). */
  watchInternalHubComponent?: boolean;
}

const requestOf = (obj: KubeObject): ReconcileRequest => ({ namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' });

function waitsForStorage(obj: KubeObject): boolean {
  const status = (obj as AcmRestore).status;
  return (
    (status?.phase === AcmRestorePhases.Error || status?.phase === AcmRestorePhases.EnabledWithErrors) &&
    (status.lastMessage ?? '').includes('BackupStorageLocation')
  );
}

export function restoreController(opts: RestoreControllerOptions = {}): ControllerSpec {
  const watches: NonNullable<ControllerSpec['watches']> = [
    { target: BACKUP_STORAGE_LOCATIONS, map: (_location, primaries) => primaries().filter(waitsForStorage).map(requestOf) },
  ];
  if (opts.watchInternalHubComponent) {
    watches.push({
      target: INTERNAL_HUB_COMPONENTS,
      // Every Restore, when the component is going away (§4.1).
      map: (component, primaries) =>
        component.metadata?.name === CLUSTER_BACKUP_COMPONENT && (component.metadata as { deletionTimestamp?: string }).deletionTimestamp
          ? primaries().map(requestOf)
          : [],
    });
  }
  return {
    name: RESTORE_CONTROLLER,
    for: ACM_RESTORES,
    owns: [RESTORES],
    watches,
    reconciler: new RestoreReconciler(opts),
  };
}
