// The BackupSchedule and Restore CRDs (hub-backup.md §1). The schema checks only what upstream's
// does: required fields and types. Everything else (cron syntax, cleanup values, sync options) is
// the controllers' job, so that users see those errors in status, as on an ACM hub.

import {
  arrayOf,
  bool,
  duration,
  freeForm,
  labelSelector,
  obj,
  renderCrd,
  str,
  stringList,
  stringMap,
  time,
  type CrdDefinition,
  type CustomResourceDefinition,
  type JSONSchemaProps,
  type PrinterColumn,
} from '../render-crd.js';
import { ACM_RESTORES, BACKUP_GROUP, BACKUP_SCHEDULES, BACKUP_VERSION } from './types.js';

const PRINTER_COLUMNS: PrinterColumn[] = [
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'Message', type: 'string', jsonPath: '.status.lastMessage' },
];

const nullableStrings = (): JSONSchemaProps => ({ ...stringList(), nullable: true });

/** A whole velero Schedule copied into status; Velero's schema governs it, not this one. */
const embeddedSchedule = (what: string): JSONSchemaProps => freeForm(`Copy of the ${what} velero Schedule.`);

export const BACKUP_SCHEDULE_SPEC_SCHEMA: JSONSchemaProps = obj(
  {
    veleroSchedule: str('Cron expression for the velero Schedules, e.g. `0 */2 * * *`.'),
    veleroTtl: duration('How long backups are kept, e.g. `120h`; Velero defaults to 720h.'),
    useManagedServiceAccount: bool('Prepare imported clusters for automatic re-import through ManagedServiceAccount tokens.'),
    managedServiceAccountTTL: duration('Validity of the ManagedServiceAccount tokens; defaults to twice veleroTtl.'),
    noBackupOnStart: bool('Do not take backups as soon as the velero Schedules are created.'),
    volumeSnapshotLocations: stringList('VolumeSnapshotLocations for the backups, applied when the Schedules are created.'),
    paused: bool('Pause all velero Schedules of this BackupSchedule.'),
    useOwnerReferencesInBackup: bool('Make the backups owned by their velero Schedule.'),
    skipImmediately: bool('Skip the first backup when a Schedule is created or unpaused.'),
  },
  undefined,
  { required: ['veleroSchedule'] },
);

export const BACKUP_SCHEDULE_STATUS_SCHEMA: JSONSchemaProps = obj({
  phase: str(),
  lastMessage: str(),
  veleroScheduleCredentials: embeddedSchedule('credentials'),
  veleroScheduleManagedClusters: embeddedSchedule('managed-clusters'),
  veleroScheduleResources: embeddedSchedule('resources'),
});

export const RESTORE_SPEC_SCHEMA: JSONSchemaProps = obj(
  {
    veleroManagedClustersBackupName: str('`latest`, `skip` or the name of a managed-clusters backup.'),
    veleroCredentialsBackupName: str('`latest`, `skip` or the name of a credentials backup.'),
    veleroResourcesBackupName: str('`latest`, `skip` or the name of a resources backup.'),
    cleanupBeforeRestore: str('`None`, `CleanupRestored` or `CleanupAll`: what to remove once the backups are restored.'),
    syncRestoreWithNewBackups: bool('Keep restoring new backups as they appear (passive hub).'),
    restoreSyncInterval: duration('Time between sync passes; 30m when unset.'),
    restorePVs: { ...bool(), nullable: true },
    restoreStatus: obj({ includedResources: nullableStrings(), excludedResources: nullableStrings() }, undefined, { nullable: true }),
    preserveNodePorts: { ...bool(), nullable: true },
    hooks: obj({ resources: arrayOf(freeForm()) }, 'Accepted and ignored: restore hooks are not passed to Velero.'),
    includedNamespaces: nullableStrings(),
    excludedNamespaces: nullableStrings(),
    includedResources: nullableStrings(),
    excludedResources: nullableStrings(),
    labelSelector: labelSelector(),
    orLabelSelectors: arrayOf(labelSelector(), undefined, { nullable: true }),
    namespaceMapping: stringMap(),
  },
  undefined,
  { required: ['cleanupBeforeRestore', 'veleroCredentialsBackupName', 'veleroManagedClustersBackupName', 'veleroResourcesBackupName'] },
);

export const RESTORE_STATUS_SCHEMA: JSONSchemaProps = obj({
  phase: str(),
  lastMessage: str(),
  veleroManagedClustersRestoreName: str(),
  veleroResourcesRestoreName: str(),
  veleroGenericResourcesRestoreName: str(),
  veleroCredentialsRestoreName: str(),
  messages: stringList(),
  completionTimestamp: time(),
});

const common = {
  group: BACKUP_GROUP,
  version: BACKUP_VERSION,
  scope: 'Namespaced',
  statusSubresource: true,
  printerColumns: PRINTER_COLUMNS,
} as const;

export const BACKUP_SCHEDULE_CRD: CrdDefinition = {
  ...common,
  kind: BACKUP_SCHEDULES.kind,
  plural: BACKUP_SCHEDULES.plural,
  shortNames: ['bsch'],
  description: 'Backs up this hub on a cron schedule through a set of velero Schedules.',
  properties: { spec: BACKUP_SCHEDULE_SPEC_SCHEMA, status: BACKUP_SCHEDULE_STATUS_SCHEMA },
};

export const RESTORE_CRD: CrdDefinition = {
  ...common,
  kind: ACM_RESTORES.kind,
  plural: ACM_RESTORES.plural,
  shortNames: ['crst'],
  description: 'Restores hub backups taken by a BackupSchedule, once or continuously, and activates managed clusters.',
  properties: { spec: RESTORE_SPEC_SCHEMA, status: RESTORE_STATUS_SCHEMA },
};

export function backupCrds(): CustomResourceDefinition[] {
  return [renderCrd(BACKUP_SCHEDULE_CRD), renderCrd(RESTORE_CRD)];
}
