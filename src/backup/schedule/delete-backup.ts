// Deleting a velero Backup the way Velero wants it (hub-backup.md §2.9): through a
// DeleteBackupRequest, so that its files in storage go too; the Backup object is removed directly
// only when Velero reported errors for the request.
import type { Logger } from 'pino';
import { BACKUPS, DELETE_BACKUP_REQUESTS, VELERO_API_VERSION, type Backup, type DeleteBackupRequest } from '../../api/velero/index.js';
import { isAlreadyExists, isNotFound, type KubeClient } from '../../kube/index.js';

export async function deleteVeleroBackup(client: KubeClient, backup: Backup, log: Logger, signal?: AbortSignal): Promise<void> {
  const name = backup.metadata.name ?? '';
  const namespace = backup.metadata.namespace;
  let request: DeleteBackupRequest | undefined;
  try {
    request = await client.get<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, name, { namespace, signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!request) {
    try {
      await client.create<DeleteBackupRequest>(
        DELETE_BACKUP_REQUESTS,
        { apiVersion: VELERO_API_VERSION, kind: 'DeleteBackupRequest', metadata: { name, namespace }, spec: { backupName: name } },
        { namespace, signal },
      );
      log.info({ backup: name }, 'delete backup request created');
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    return;
  }
  if ((request.status?.errors ?? []).length > 0) {
    try {
      await client.delete(BACKUPS, name, { namespace, signal });
      log.info({ backup: name }, 'backup deleted directly after its delete request failed');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
