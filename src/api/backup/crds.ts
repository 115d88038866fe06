// The BackupSchedule and Restore CRDs (hub-backup.md §1). The schema checks only what upstream's
// does: required fields and types. Everything else (cron syntax, cleanup values, sync options) is
// the controllers' job, so that users see those errors in status, as on an ACM hub.

import { renderCrd, resourceOf, type CrdDefinition, type CustomResourceDefinition, type PrinterColumn } from '../crd/render.js';
import * as S from '../crd/schema.js';
import type { JsonSchema } from '../crd/schema.js';
import { BACKUP_GROUP, BACKUP_VERSION } from './types.js';

const PRINTER_COLUMNS: PrinterColumn[] = [
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'Message', type: 'string', jsonPath: '.status.lastMessage' },
];

const nullableStrings = (): JsonSchema => S.stringList({ nullable: true });

/** A whole velero Schedule copied into status; Velero's schema governs it, not this one. */
const embeddedSchedule = (what: string): JsonSchema => S.freeform({ description: `Copy of the ${what} velero Schedule.` });

export const BACKUP_SCHEDULE_SPEC_SCHEMA: JsonSchema = S.object(
  {
    veleroSchedule: S.string({ description: 'Cron expression for the velero Schedules, e.g. `0 */2 * * *`.' }),
    veleroTtl: S.duration({ description: 'How long backups are kept, e.g. `120h`; Velero defaults to 720h.' }),
    useManagedServiceAccount: S.boolean({ description: 'Prepare imported clusters for automatic re-import through ManagedServiceAccount tokens.' }),
    managedServiceAccountTTL: S.duration({ description: 'Validity of the ManagedServiceAccount tokens; defaults to twice veleroTtl.' }),
    noBackupOnStart: S.boolean({ description: 'Do not take backups as soon as the velero Schedules are created.' }),
    volumeSnapshotLocations: S.stringList({ description: 'VolumeSnapshotLocations for the backups, applied when the Schedules are created.' }),
    paused: S.boolean({ description: 'Pause all velero Schedules of this BackupSchedule.' }),
    useOwnerReferencesInBackup: S.boolean({ description: 'Make the backups owned by their velero Schedule.' }),
    skipImmediately: S.boolean({ description: 'Skip the first backup when a Schedule is created or unpaused.' }),
  },
  { required: ['veleroSchedule'] },
);

export const BACKUP_SCHEDULE_STATUS_SCHEMA: JsonSchema = S.object({
  phase: S.string(),
  lastMessage: S.string(),
  veleroScheduleCredentials: embeddedSchedule('credentials'),
  veleroScheduleManagedClusters: embeddedSchedule('managed-clusters'),
  veleroScheduleResources: embeddedSchedule('resources'),
});

export const RESTORE_SPEC_SCHEMA: JsonSchema = S.object(
  {
    veleroManagedClustersBackupName: S.string({ description: '`latest`, `skip` or the name of a managed-clusters backup.' }),
    veleroCredentialsBackupName: S.string({ description: '`latest`, `skip` or the name of a credentials backup.' }),
    veleroResourcesBackupName: S.string({ description: '`latest`, `skip` or the name of a resources backup.' }),
    cleanupBeforeRestore: S.string({ description: '`None`, `CleanupRestored` or `CleanupAll`: what to remove once the backups are restored.' }),
    syncRestoreWithNewBackups: S.boolean({ description: 'Keep restoring new backups as they appear (passive hub).' }),
    restoreSyncInterval: S.duration({ description: 'Time between sync passes; 30m when unset.' }),
    restorePVs: S.boolean({ nullable: true }),
    restoreStatus: S.object({ includedResources: nullableStrings(), excludedResources: nullableStrings() }, { nullable: true }),
    preserveNodePorts: S.boolean({ nullable: true }),
    hooks: S.object({ resources: S.arrayOf(S.freeform()) }, { description: 'Accepted and ignored: restore hooks are not passed to Velero.' }),
    includedNamespaces: nullableStrings(),
    excludedNamespaces: nullableStrings(),
    includedResources: nullableStrings(),
    excludedResources: nullableStrings(),
    labelSelector: S.labelSelector(),
    orLabelSelectors: S.arrayOf(S.labelSelector(), { nullable: true }),
    namespaceMapping: S.stringMap(),
  },
  { required: ['cleanupBeforeRestore', 'veleroCredentialsBackupName', 'veleroManagedClustersBackupName', 'veleroResourcesBackupName'] },
);

export const RESTORE_STATUS_SCHEMA: JsonSchema = S.object({
  phase: S.string(),
  lastMessage: S.string(),
  veleroManagedClustersRestoreName: S.string(),
  veleroResourcesRestoreName: S.string(),
  veleroGenericResourcesRestoreName: S.string(),
  veleroCredentialsRestoreName: S.string(),
  messages: S.stringList(),
  completionTimestamp: S.time(),
});

/** Both kinds: namespaced, one version, status behind the status subresource. */
function backupKind(kind: string, plural: string, shortName: string, description: string, spec: JsonSchema, status: JsonSchema): CrdDefinition {
  return {
    group: BACKUP_GROUP,
    kind,
    plural,
    scope: 'Namespaced',
    shortNames: [shortName],
    versions: [{ name: BACKUP_VERSION, storage: true, description, statusSubresource: true, printerColumns: PRINTER_COLUMNS, properties: { spec, status } }],
  };
}

export const BACKUP_SCHEDULE_CRD = backupKind(
  'BackupSchedule',
  'backupschedules',
  'bsch',
  'Backs up this hub on a cron schedule through a set of velero Schedules.',
  BACKUP_SCHEDULE_SPEC_SCHEMA,
  BACKUP_SCHEDULE_STATUS_SCHEMA,
);
export const BACKUP_SCHEDULES = resourceOf(BACKUP_SCHEDULE_CRD);

export const RESTORE_CRD = backupKind(
  'Restore',
  'restores',
  'crst',
  'Restores hub backups taken by a BackupSchedule, once or continuously, and activates managed clusters.',
  RESTORE_SPEC_SCHEMA,
  RESTORE_STATUS_SCHEMA,
);
export const ACM_RESTORES = resourceOf(RESTORE_CRD);

export function backupCrds(): CustomResourceDefinition[] {
  return [renderCrd(BACKUP_SCHEDULE_CRD), renderCrd(RESTORE_CRD)];
}
