// Post-restore step 2 (hub-backup.md §5.2): the `acm-restore-clusters-<timestamp>` Backup records
// that this hub activated the managed clusters. Other hubs on the storage see it through backup
// sync: their BackupSchedule then goes to BackupCollision (§3.4), and this hub's own new
// BackupSchedule is not mistaken for a collision (§3.3). Only the newest such record is kept.
import type { Logger } from 'pino';
import {
  LABEL_ACM_HUB_DR,
  LABEL_ACM_RESTORE_NAME,
  LABEL_BACKUP_CLUSTER,
  LABEL_RESTORE_CLUSTER,
  LABEL_RESTORED_MANAGED_CLUSTERS_BACKUP,
  RESTORE_CLUSTERS_BACKUP_PREFIX,
  type AcmRestore,
} from '../../../api/backup/index.js';
import { BACKUPS, VELERO_API_VERSION, type Backup, type Restore } from '../../../api/velero/index.js';
import { isAlreadyExists, type KubeClient } from '../../../kube/index.js';
import { deleteVeleroBackup } from '../../schedule/delete-backup.js';
import { backupTimestamp } from '../../schedule/initial-backups.js';
import { errorText } from '../../../util/errors.js';

export function activationBackup(restore: AcmRestore, managedClustersRestore: Restore | undefined, hubId: string, nowMs: number): Backup {
  const namespace = restore.metadata.namespace ?? '';
  const labels: Record<string, string> = {
    [LABEL_ACM_HUB_DR]: 'true',
    [LABEL_ACM_RESTORE_NAME]: restore.metadata.name ?? '',
    [LABEL_RESTORED_MANAGED_CLUSTERS_BACKUP]: managedClustersRestore?.spec?.backupName ?? '',
    [LABEL_RESTORE_CLUSTER]: hubId,
  };
  if (managedClustersRestore) labels[LABEL_BACKUP_CLUSTER] = managedClustersRestore.metadata.labels?.[LABEL_BACKUP_CLUSTER] ?? '';
  return {
    apiVersion: VELERO_API_VERSION,
    kind: 'Backup',
    metadata: { name: `${RESTORE_CLUSTERS_BACKUP_PREFIX}-${backupTimestamp(nowMs)}`, namespace, labels },
    spec: { includedNamespaces: [namespace], includedResources: ['Restore'] },
  };
}

function createdMs(b: Backup): number {
  const ms = Date.parse(b.metadata.creationTimestamp ?? '');
  return Number.isNaN(ms) ? 0 : ms;
}

export async function recordActivation(
  client: KubeClient,
  restore: AcmRestore,
  managedClustersRestore: Restore | undefined,
  hubId: string,
  nowMs: number,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const backup = activationBackup(restore, managedClustersRestore, hubId, nowMs);
  const namespace = backup.metadata.namespace ?? '';
  try {
    await client.create<Backup>(BACKUPS, backup, { namespace, signal });
    log.info({ backup: backup.metadata.name, hubId }, 'managed-clusters activation recorded');
  } catch (err) {
    if (isAlreadyExists(err)) return;
    log.error({ backup: backup.metadata.name, err: errorText(err) }, 'could not record the managed-clusters activation');
    return;
  }
  const records = (await client.list<Backup>(BACKUPS, { namespace, labelSelector: LABEL_RESTORE_CLUSTER, signal })).items;
  const newest = records.reduce<Backup | undefined>((best, b) => (!best || createdMs(b) > createdMs(best) ? b : best), undefined);
  for (const old of records) if (old !== newest) await deleteVeleroBackup(client, old, log, signal);
}
