// The velero.io/v1 CustomResourceDefinitions Lifeboat installs on the embedded hub, and ships in
// deploy/crds/velero/. No kind has a status subresource (spec/velero.md §1.1): Velero writes
// status with merge patches on the main resource, and a Create carrying a status keeps it.
import { renderCrd, type CrdDefinition, type CustomResourceDefinition, type JSONSchemaProps, type PrinterColumn } from '../render-crd.js';
import { VELERO_GROUP, VELERO_VERSION } from './types.js';
import * as schema from './schema.js';

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

function veleroCrd(kind: string, plural: string, spec: JSONSchemaProps, status: JSONSchemaProps, extra: Partial<CrdDefinition> = {}): CustomResourceDefinition {
  return renderCrd({
    group: VELERO_GROUP,
    version: VELERO_VERSION,
    kind,
    plural,
    scope: 'Namespaced',
    labels: { component: 'velero' },
    properties: { spec, status },
    ...extra,
  });
}

/** Every velero.io/v1 CRD, in a stable order. */
export function veleroCrds(): CustomResourceDefinition[] {
  return [
    veleroCrd('Backup', 'backups', schema.backupSpecSchema, schema.backupStatusSchema, {
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
    }),
    veleroCrd('Restore', 'restores', schema.restoreSpecSchema, schema.restoreStatusSchema, {
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
    }),
    veleroCrd('Schedule', 'schedules', schema.scheduleSpecSchema, schema.scheduleStatusSchema, {
      description: 'Creates Velero backups on a cron schedule.',
      printerColumns: [
        { name: 'Status', type: 'string', jsonPath: '.status.phase' },
        { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
        { name: 'LastBackup', type: 'date', jsonPath: '.status.lastBackup' },
        AGE,
        { name: 'Paused', type: 'boolean', jsonPath: '.spec.paused' },
      ],
    }),
    veleroCrd('BackupStorageLocation', 'backupstoragelocations', schema.bslSpecSchema, schema.bslStatusSchema, {
      description: 'Where Velero stores backups: an object-store bucket and prefix.',
      shortNames: ['bsl'],
      printerColumns: [
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Last Validated', type: 'date', jsonPath: '.status.lastValidationTime' },
        AGE,
        { name: 'Default', type: 'boolean', jsonPath: '.spec.default' },
      ],
    }),
    veleroCrd('VolumeSnapshotLocation', 'volumesnapshotlocations', schema.vslSpecSchema, schema.vslStatusSchema, {
      shortNames: ['vsl'],
    }),
    veleroCrd('DeleteBackupRequest', 'deletebackuprequests', schema.deleteBackupRequestSpecSchema, schema.deleteBackupRequestStatusSchema, {
      description: 'A request to delete a backup, its files and its snapshots.',
      printerColumns: [
        { name: 'BackupName', type: 'string', jsonPath: '.spec.backupName' },
        { name: 'Status', type: 'string', jsonPath: '.status.phase' },
        AGE,
      ],
    }),
    veleroCrd('PodVolumeBackup', 'podvolumebackups', schema.podVolumeBackupSpecSchema, schema.podVolumeBackupStatusSchema, {
      printerColumns: [
        { name: 'Status', type: 'string', jsonPath: '.status.phase' },
        { name: 'Namespace', type: 'string', jsonPath: '.spec.pod.namespace' },
        { name: 'Pod', type: 'string', jsonPath: '.spec.pod.name' },
        { name: 'Volume', type: 'string', jsonPath: '.spec.volume' },
        { name: 'Storage Location', type: 'string', jsonPath: '.spec.backupStorageLocation' },
        AGE,
      ],
    }),
    veleroCrd('PodVolumeRestore', 'podvolumerestores', schema.podVolumeRestoreSpecSchema, schema.podVolumeRestoreStatusSchema, {
      printerColumns: [
        { name: 'Status', type: 'string', jsonPath: '.status.phase' },
        { name: 'Namespace', type: 'string', jsonPath: '.spec.pod.namespace' },
        { name: 'Pod', type: 'string', jsonPath: '.spec.pod.name' },
        { name: 'Volume', type: 'string', jsonPath: '.spec.volume' },
        AGE,
      ],
    }),
    veleroCrd('DownloadRequest', 'downloadrequests', schema.downloadRequestSpecSchema, schema.downloadRequestStatusSchema),
    veleroCrd('ServerStatusRequest', 'serverstatusrequests', schema.serverStatusRequestSpecSchema, schema.serverStatusRequestStatusSchema, {
      shortNames: ['ssr'],
    }),
  ];
}
