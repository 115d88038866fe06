// The velero.io/v1 CustomResourceDefinitions Lifeboat installs on the embedded hub, and ships in
// deploy/crds/velero/, with where each kind lives. No kind has a status subresource
// (spec/velero.md §1.1): Velero writes status with merge patches on the main resource, and a
// Create carrying a status keeps it.
import { renderCrd, resourceOf, type CrdDefinition, type CrdVersionDefinition, type CustomResourceDefinition, type PrinterColumn } from '../crd/render.js';
import type { JsonSchema } from '../crd/schema.js';
import { VELERO_GROUP, VELERO_VERSION } from './types.js';
import * as schema from './schema.js';

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

type VeleroKindOptions = Pick<CrdDefinition, 'shortNames'> & Pick<CrdVersionDefinition, 'description' | 'printerColumns'>;

function veleroKind(kind: string, plural: string, spec: JsonSchema, status: JsonSchema, opts: VeleroKindOptions = {}): CrdDefinition {
  return {
    group: VELERO_GROUP,
    kind,
    plural,
    scope: 'Namespaced',
    shortNames: opts.shortNames,
    labels: { component: 'velero' },
    versions: [{ name: VELERO_VERSION, storage: true, description: opts.description, printerColumns: opts.printerColumns, properties: { spec, status } }],
  };
}

const BACKUP_CRD = veleroKind('Backup', 'backups', schema.backupSpecSchema, schema.backupStatusSchema, {
  description: 'A Velero backup of cluster resources to a BackupStorageLocation.',
  // The columns of `velero get backups`.
  printerColumns: [
    { name: 'Status', type: 'string', jsonPath: '.status.phase' },
    { name: 'Errors', type: 'integer', jsonPath: '.status.errors' },
    { name: 'Warnings', type: 'integer', jsonPath: '.status.warnings' },
    { name: 'Created', type: 'date', jsonPath: '.status.startTimestamp' },
    { name: 'Expires', type: 'string', jsonPath: '.status.expiration' },
    { name: 'Storage Location', type: 'string', jsonPath: '.spec.storageLocation' },
    { name: 'Selector', type: 'string', jsonPath: '.spec.labelSelector', priority: 1 },
    AGE,
  ],
});
export const BACKUPS = resourceOf(BACKUP_CRD);

const RESTORE_CRD = veleroKind('Restore', 'restores', schema.restoreSpecSchema, schema.restoreStatusSchema, {
  description: 'A Velero restore of a backup into the cluster.',
  // The columns of `velero get restores`.
  printerColumns: [
    { name: 'Backup', type: 'string', jsonPath: '.spec.backupName' },
    { name: 'Status', type: 'string', jsonPath: '.status.phase' },
    { name: 'Started', type: 'date', jsonPath: '.status.startTimestamp' },
    { name: 'Completed', type: 'date', jsonPath: '.status.completionTimestamp' },
    { name: 'Errors', type: 'integer', jsonPath: '.status.errors' },
    { name: 'Warnings', type: 'integer', jsonPath: '.status.warnings' },
    { name: 'Selector', type: 'string', jsonPath: '.spec.labelSelector', priority: 1 },
    AGE,
  ],
});
export const RESTORES = resourceOf(RESTORE_CRD);

const SCHEDULE_CRD = veleroKind('Schedule', 'schedules', schema.scheduleSpecSchema, schema.scheduleStatusSchema, {
  description: 'Creates Velero backups on a cron schedule.',
  printerColumns: [
    { name: 'Status', type: 'string', jsonPath: '.status.phase' },
    { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
    { name: 'LastBackup', type: 'date', jsonPath: '.status.lastBackup' },
    AGE,
    { name: 'Paused', type: 'boolean', jsonPath: '.spec.paused' },
  ],
});
export const SCHEDULES = resourceOf(SCHEDULE_CRD);

const BACKUP_STORAGE_LOCATION_CRD = veleroKind('BackupStorageLocation', 'backupstoragelocations', schema.bslSpecSchema, schema.bslStatusSchema, {
  description: 'Where Velero stores backups: an object-store bucket and prefix.',
  shortNames: ['bsl'],
  printerColumns: [
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Last Validated', type: 'date', jsonPath: '.status.lastValidationTime' },
    AGE,
    { name: 'Default', type: 'boolean', jsonPath: '.spec.default' },
  ],
});
export const BACKUP_STORAGE_LOCATIONS = resourceOf(BACKUP_STORAGE_LOCATION_CRD);

const VOLUME_SNAPSHOT_LOCATION_CRD = veleroKind('VolumeSnapshotLocation', 'volumesnapshotlocations', schema.vslSpecSchema, schema.vslStatusSchema, {
  shortNames: ['vsl'],
});
export const VOLUME_SNAPSHOT_LOCATIONS = resourceOf(VOLUME_SNAPSHOT_LOCATION_CRD);

const DELETE_BACKUP_REQUEST_CRD = veleroKind(
  'DeleteBackupRequest',
  'deletebackuprequests',
  schema.deleteBackupRequestSpecSchema,
  schema.deleteBackupRequestStatusSchema,
  {
    description: 'A request to delete a backup, its files and its snapshots.',
    printerColumns: [{ name: 'BackupName', type: 'string', jsonPath: '.spec.backupName' }, { name: 'Status', type: 'string', jsonPath: '.status.phase' }, AGE],
  },
);
export const DELETE_BACKUP_REQUESTS = resourceOf(DELETE_BACKUP_REQUEST_CRD);

const POD_VOLUME_BACKUP_CRD = veleroKind('PodVolumeBackup', 'podvolumebackups', schema.podVolumeBackupSpecSchema, schema.podVolumeBackupStatusSchema, {
  printerColumns: [
    { name: 'Status', type: 'string', jsonPath: '.status.phase' },
    { name: 'Namespace', type: 'string', jsonPath: '.spec.pod.namespace' },
    { name: 'Pod', type: 'string', jsonPath: '.spec.pod.name' },
    { name: 'Volume', type: 'string', jsonPath: '.spec.volume' },
    { name: 'Storage Location', type: 'string', jsonPath: '.spec.backupStorageLocation' },
    AGE,
  ],
});
export const POD_VOLUME_BACKUPS = resourceOf(POD_VOLUME_BACKUP_CRD);

const POD_VOLUME_RESTORE_CRD = veleroKind('PodVolumeRestore', 'podvolumerestores', schema.podVolumeRestoreSpecSchema, schema.podVolumeRestoreStatusSchema, {
  printerColumns: [
    { name: 'Status', type: 'string', jsonPath: '.status.phase' },
    { name: 'Namespace', type: 'string', jsonPath: '.spec.pod.namespace' },
    { name: 'Pod', type: 'string', jsonPath: '.spec.pod.name' },
    { name: 'Volume', type: 'string', jsonPath: '.spec.volume' },
    AGE,
  ],
});
export const POD_VOLUME_RESTORES = resourceOf(POD_VOLUME_RESTORE_CRD);

const DOWNLOAD_REQUEST_CRD = veleroKind('DownloadRequest', 'downloadrequests', schema.downloadRequestSpecSchema, schema.downloadRequestStatusSchema);
export const DOWNLOAD_REQUESTS = resourceOf(DOWNLOAD_REQUEST_CRD);

const SERVER_STATUS_REQUEST_CRD = veleroKind(
  'ServerStatusRequest',
  'serverstatusrequests',
  schema.serverStatusRequestSpecSchema,
  schema.serverStatusRequestStatusSchema,
  { shortNames: ['ssr'] },
);
export const SERVER_STATUS_REQUESTS = resourceOf(SERVER_STATUS_REQUEST_CRD);

/** Every velero.io/v1 kind, in a stable order. */
export const VELERO_KINDS = [
  BACKUP_CRD,
  RESTORE_CRD,
  SCHEDULE_CRD,
  BACKUP_STORAGE_LOCATION_CRD,
  VOLUME_SNAPSHOT_LOCATION_CRD,
  DELETE_BACKUP_REQUEST_CRD,
  POD_VOLUME_BACKUP_CRD,
  POD_VOLUME_RESTORE_CRD,
  DOWNLOAD_REQUEST_CRD,
  SERVER_STATUS_REQUEST_CRD,
];

export function veleroCrds(): CustomResourceDefinition[] {
  return VELERO_KINDS.map(renderCrd);
}
