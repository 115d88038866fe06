import type { Logger } from 'pino';
import { LABEL_BACKUP_UID, POD_VOLUME_BACKUPS, VELERO_API_VERSION, type Backup, type PodVolumeBackup } from '../../../api/velero/index.js';
import { isAlreadyExists, type KubeClient } from '../../../kube/index.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { readPodVolumeBackups } from './backup-metadata.js';

/**
 * Recreates the PodVolumeBackups stored with a synced backup, pointed at the Backup's new uid, so
 * that file-system restores find them (spec/velero.md §6.5). Failures are logged, as in Velero:
 * the Backup itself is already synced.
 */
export async function syncPodVolumeBackups(
  client: KubeClient,
  namespace: string,
  store: ObjectStore,
  backup: Backup,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const backupName = backup.metadata.name ?? '';
  const uid = backup.metadata.uid ?? '';
  let items: PodVolumeBackup[];
  try {
    items = await readPodVolumeBackups(store, backupName);
  } catch (err) {
    log.error({ err: (err as Error).message }, 'error getting pod volume backups for this backup from backup store');
    return;
  }
  for (const pvb of items) {
    pvb.metadata.ownerReferences = pvb.metadata.ownerReferences?.map((ref) =>
      ref.apiVersion === VELERO_API_VERSION && ref.kind === 'Backup' && ref.name === backupName ? { ...ref, uid } : ref,
    );
    if (pvb.metadata.labels && LABEL_BACKUP_UID in pvb.metadata.labels) pvb.metadata.labels[LABEL_BACKUP_UID] = uid;
    pvb.metadata.namespace = namespace;
    delete pvb.metadata.resourceVersion;
    try {
      await client.create<PodVolumeBackup>(POD_VOLUME_BACKUPS, pvb, { signal });
      log.debug({ podVolumeBackup: pvb.metadata.name }, 'synced pod volume backup into cluster');
    } catch (err) {
      if (!isAlreadyExists(err)) log.error({ podVolumeBackup: pvb.metadata.name, err: (err as Error).message }, 'error syncing pod volume backup into cluster');
    }
  }
}
