import {
  LABEL_SCHEDULE_NAME,
  LABEL_STORAGE_LOCATION,
  VELERO_API_VERSION,
  getValidName,
  type Backup,
  type BackupSpec,
  type Schedule,
} from '../../../api/velero/index.js';
import { cloneJson } from '../../../util/json.js';

/** `<schedule>-<YYYYMMDDHHMMSS>` in UTC (Go layout `20060102150405`), from the submission time. */
export function scheduledBackupName(scheduleName: string, nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  return `${scheduleName}-${iso.slice(0, 19).replace(/[-T:]/g, '')}`;
}

/**
 * The Backup a Schedule submits (spec/velero.md §6.1): the template as spec; the template's
 * `metadata.labels` when present (even empty), else the Schedule's labels; always
 * `velero.io/schedule-name`; the Schedule's annotations; a controller ownerReference when
 * `useOwnerReferencesInBackup` is true.
 *
 * `velero.io/storage-location` is set here when the template names a location, so the label is
 * there from the start; otherwise the backup engine sets it once it has resolved the default
 * location, as Velero's backup controller does (§1.4).
 */
export function backupFromSchedule(schedule: Schedule, nowMs: number): Backup {
  const name = schedule.metadata.name ?? '';
  const template: BackupSpec = cloneJson(schedule.spec?.template ?? {});
  const templateLabels = template.metadata?.labels;
  const labels: Record<string, string> = { ...(templateLabels ?? schedule.metadata.labels ?? {}) };
  if (template.storageLocation) labels[LABEL_STORAGE_LOCATION] = getValidName(template.storageLocation);
  labels[LABEL_SCHEDULE_NAME] = name;

  const backup: Backup = {
    apiVersion: VELERO_API_VERSION,
    kind: 'Backup',
    metadata: { name: scheduledBackupName(name, nowMs), namespace: schedule.metadata.namespace, labels },
    spec: template,
  };
  if (schedule.metadata.annotations) backup.metadata.annotations = { ...schedule.metadata.annotations };
  if (schedule.spec?.useOwnerReferencesInBackup === true) {
    backup.metadata.ownerReferences = [{ apiVersion: VELERO_API_VERSION, kind: 'Schedule', name, uid: schedule.metadata.uid ?? '', controller: true }];
  }
  return backup;
}
