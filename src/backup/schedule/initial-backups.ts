// The "on start" backups (hub-backup.md §2.5): one per new schedule, all sharing one timestamp,
// so that a fresh hub has a complete backup set without waiting for the first cron slot.
import type { Logger } from 'pino';
import type { BackupSchedule } from '../../api/backup/index.js';
import { BACKUPS, LABEL_SCHEDULE_NAME, VELERO_API_VERSION, type Backup, type Schedule } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';

export const wantsInitialBackups = (backupSchedule: BackupSchedule): boolean =>
  backupSchedule.spec.noBackupOnStart !== true && backupSchedule.spec.skipImmediately !== true;

/** `yyyyMMddHHmmss`. Lifeboat uses UTC, as Velero names its scheduled backups, so names sort with them. */
export function backupTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

export function initialBackupFor(schedule: Schedule, timestamp: string): Backup {
  const name = schedule.metadata.name ?? '';
  const backup: Backup = {
    apiVersion: VELERO_API_VERSION,
    kind: 'Backup',
    metadata: {
      name: `${name}-${timestamp}`,
      namespace: schedule.metadata.namespace,
      labels: { ...(schedule.metadata.labels ?? {}), [LABEL_SCHEDULE_NAME]: name },
    },
    spec: structuredClone(schedule.spec?.template ?? {}),
  };
  if (schedule.spec?.useOwnerReferencesInBackup === true) {
    backup.metadata.ownerReferences = [{ apiVersion: VELERO_API_VERSION, kind: 'Schedule', name, uid: schedule.metadata.uid ?? '', controller: true }];
  }
  return backup;
}

/** Creation errors are only logged (§2.5): the schedules themselves will back up at their next slot. */
export async function createInitialBackups(
  client: KubeClient,
  schedules: readonly Schedule[],
  nowMs: number,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const timestamp = backupTimestamp(nowMs);
  for (const schedule of schedules) {
    const backup = initialBackupFor(schedule, timestamp);
    try {
      await client.create<Backup>(BACKUPS, backup, { namespace: backup.metadata.namespace, signal });
      log.info({ backup: backup.metadata.name }, 'initial backup created');
    } catch (err) {
      log.error({ backup: backup.metadata.name, err: err instanceof Error ? err.message : String(err) }, 'initial backup could not be created');
    }
  }
}
