// Velero restores whose backup is gone (hub-backup.md §4.9): an untracked restore whose Backup was
// deleted, or is being deleted or failed validation, is deleted too. For a passive hub this also
// makes a tracked restore "missing", which rebuilds the set at the next sync (§4.7).
import type { Logger } from 'pino';
import type { AcmRestoreStatus } from '../../api/backup/index.js';
import { BACKUPS, RESTORES, type Backup, type Restore } from '../../api/velero/index.js';
import { isNotFound, type KubeClient } from '../../kube/index.js';
import { countedRestores } from './tracked.js';

async function backupIsGone(client: KubeClient, namespace: string, name: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const backup = await client.get<Backup>(BACKUPS, name, { namespace, signal });
    return Boolean(backup.metadata.deletionTimestamp) || backup.status?.phase === 'Deleting' || backup.status?.phase === 'FailedValidation';
  } catch (err) {
    if (isNotFound(err)) return true;
    // Other errors say nothing about the backup (§4.9): keep the restore.
    return false;
  }
}

export async function deleteOrphanedRestores(
  client: KubeClient,
  status: AcmRestoreStatus | undefined,
  owned: readonly Restore[],
  log: Logger,
  signal?: AbortSignal,
): Promise<number> {
  const counted = new Set(countedRestores(status, owned));
  let deleted = 0;
  for (const velero of owned) {
    const backupName = velero.spec?.backupName ?? '';
    if (counted.has(velero) || velero.metadata.deletionTimestamp || backupName === '') continue;
    const namespace = velero.metadata.namespace ?? '';
    if (!(await backupIsGone(client, namespace, backupName, signal))) continue;
    try {
      await client.delete(RESTORES, velero.metadata.name ?? '', { namespace, signal });
      deleted++;
      log.info({ veleroRestore: velero.metadata.name, backup: backupName }, 'velero restore of a deleted backup removed');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return deleted;
}
