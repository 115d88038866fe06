// Expired validation backups are deleted at the start of every pass (hub-backup.md §2.2 step 1):
// the validation policy checks that a recent one exists, so old ones must really go.
import type { Logger } from 'pino';
import { VALIDATION_SCHEDULE } from '../../api/backup/index.js';
import { BACKUPS, LABEL_SCHEDULE_NAME, type Backup } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';
import { deleteVeleroBackup } from './delete-backup.js';

export async function collectExpiredValidationBackups(client: KubeClient, namespace: string, nowMs: number, log: Logger, signal?: AbortSignal): Promise<void> {
  const backups = await client.list<Backup>(BACKUPS, { namespace, labelSelector: `${LABEL_SCHEDULE_NAME}=${VALIDATION_SCHEDULE}`, signal });
  for (const backup of backups.items) {
    const expiration = backup.status?.expiration ? Date.parse(backup.status.expiration) : NaN;
    if (Number.isNaN(expiration) || expiration >= nowMs) continue;
    await deleteVeleroBackup(client, backup, log, signal);
  }
}
