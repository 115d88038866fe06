// Structural OpenAPI v3 schemas of the velero.io/v1 kinds, with Velero's JSON field names
// (spec/velero.md §1). Enums are only those the upstream CRDs enforce: a value the controller
// validates itself (e.g. existingResourcePolicy) stays a plain string, so that the controller's
// own message reaches the user instead of a 422.
import * as S from '../crd/schema.js';
import type { JsonSchema } from '../crd/schema.js';
import {
  BACKUP_PHASES,
  BSL_ACCESS_MODES,
  BSL_PHASES,
  DELETE_BACKUP_REQUEST_PHASES,
  DOWNLOAD_REQUEST_PHASES,
  DOWNLOAD_TARGET_KINDS,
  POD_VOLUME_PHASES,
  RESTORE_PHASES,
  SCHEDULE_PHASES,
  SERVER_STATUS_REQUEST_PHASES,
  VSL_PHASES,
} from './types.js';

const HOOK_ERROR_MODES = ['Continue', 'Fail'] as const;

const nullableBool = S.boolean({ nullable: true });

const secretKeySelector: JsonSchema = S.object(
  { key: S.string(), name: S.string(), optional: S.boolean() },
  { required: ['key'], 'x-kubernetes-map-type': 'atomic' },
);

const typedLocalObjectReference: JsonSchema = S.object(
  { apiGroup: S.string(), kind: S.string(), name: S.string() },
  { required: ['kind', 'name'], 'x-kubernetes-map-type': 'atomic' },
);

const objectReference: JsonSchema = S.object(
  { apiVersion: S.string(), fieldPath: S.string(), kind: S.string(), name: S.string(), namespace: S.string(), resourceVersion: S.string(), uid: S.string() },
  { 'x-kubernetes-map-type': 'atomic' },
);

/** Which objects a backup or restore hook applies to. */
const hookScope: Record<string, JsonSchema> = {
  name: S.string(),
  includedNamespaces: S.stringList(),
  excludedNamespaces: S.stringList(),
  includedResources: S.stringList(),
  excludedResources: S.stringList(),
  labelSelector: S.labelSelector(),
};

const backupHook = S.object(
  {
    exec: S.object(
      {
        container: S.string(),
        command: S.arrayOf(S.string(), { minItems: 1 }),
        onError: S.enumOf(HOOK_ERROR_MODES),
        timeout: S.duration(),
      },
      { required: ['command'] },
    ),
  },
  { required: ['exec'] },
);

const hookStatus = S.object({ hooksAttempted: S.integer(), hooksFailed: S.integer() }, { nullable: true });

export const backupSpecSchema: JsonSchema = S.object(
  {
    metadata: S.object({ labels: S.stringMap() }),
    includedNamespaces: S.stringList(),
    excludedNamespaces: S.stringList(),
    includedResources: S.stringList(),
    excludedResources: S.stringList(),
    includedClusterScopedResources: S.stringList(),
    excludedClusterScopedResources: S.stringList(),
    includedNamespaceScopedResources: S.stringList(),
    excludedNamespaceScopedResources: S.stringList(),
    labelSelector: S.labelSelector(),
    orLabelSelectors: S.arrayOf(S.labelSelector(), { nullable: true }),
    snapshotVolumes: nullableBool,
    ttl: S.duration(),
    includeClusterResources: nullableBool,
    hooks: S.object({ resources: S.arrayOf(S.object({ ...hookScope, pre: S.arrayOf(backupHook), post: S.arrayOf(backupHook) }, { required: ['name'] })) }),
    storageLocation: S.string(),
    volumeSnapshotLocations: S.stringList(),
    defaultVolumesToRestic: nullableBool,
    defaultVolumesToFsBackup: nullableBool,
    orderedResources: S.stringMap({ nullable: true }),
    csiSnapshotTimeout: S.duration(),
    itemOperationTimeout: S.duration(),
    resourcePolicy: typedLocalObjectReference,
    snapshotMoveData: nullableBool,
    datamover: S.string(),
    uploaderConfig: S.object({ parallelFilesUpload: S.integer() }, { nullable: true }),
    volumeGroupSnapshotLabelKey: S.string(),
  },
  { description: 'What a Velero backup selects and where it is stored.' },
);

export const backupStatusSchema: JsonSchema = S.object(
  {
    version: S.integer(),
    formatVersion: S.string(),
    expiration: S.time(),
    phase: S.enumOf(BACKUP_PHASES),
    queuePosition: S.integer(),
    validationErrors: S.arrayOf(S.string(), { nullable: true }),
    startTimestamp: S.time(),
    completionTimestamp: S.time(),
    volumeSnapshotsAttempted: S.integer(),
    volumeSnapshotsCompleted: S.integer(),
    failureReason: S.string(),
    warnings: S.integer(),
    errors: S.integer(),
    progress: S.object({ totalItems: S.integer(), itemsBackedUp: S.integer() }, { nullable: true }),
    csiVolumeSnapshotsAttempted: S.integer(),
    csiVolumeSnapshotsCompleted: S.integer(),
    backupItemOperationsAttempted: S.integer(),
    backupItemOperationsCompleted: S.integer(),
    backupItemOperationsFailed: S.integer(),
    hookStatus,
  },
  { description: 'Progress and outcome of a Velero backup.' },
);

export const scheduleSpecSchema: JsonSchema = S.object(
  {
    schedule: S.string({ description: 'A cron expression (5 fields, @descriptors, @every, CRON_TZ=).' }),
    template: { ...backupSpecSchema, description: 'The spec of every Backup this schedule creates.' },
    useOwnerReferencesInBackup: nullableBool,
    paused: S.boolean(),
    skipImmediately: nullableBool,
  },
  { required: ['schedule', 'template'] },
);

export const scheduleStatusSchema: JsonSchema = S.object({
  phase: S.enumOf(SCHEDULE_PHASES),
  lastBackup: S.time(),
  lastSkipped: S.time(),
  validationErrors: S.stringList(),
});

const restoreHook = S.object({
  exec: S.object(
    {
      container: S.string(),
      command: S.arrayOf(S.string(), { minItems: 1 }),
      onError: S.enumOf(HOOK_ERROR_MODES),
      execTimeout: S.duration(),
      waitTimeout: S.duration(),
      waitForReady: nullableBool,
    },
    { required: ['command'] },
  ),
  init: S.object({ initContainers: S.arrayOf(S.freeform()), timeout: S.duration() }),
});

export const restoreSpecSchema: JsonSchema = S.object(
  {
    backupName: S.string(),
    scheduleName: S.string(),
    includedNamespaces: S.stringList(),
    excludedNamespaces: S.stringList(),
    includedResources: S.stringList(),
    excludedResources: S.stringList(),
    namespaceMapping: S.stringMap(),
    labelSelector: S.labelSelector(),
    orLabelSelectors: S.arrayOf(S.labelSelector(), { nullable: true }),
    restorePVs: nullableBool,
    restoreStatus: S.object({ includedResources: S.stringList(), excludedResources: S.stringList() }, { nullable: true }),
    preserveNodePorts: nullableBool,
    includeClusterResources: nullableBool,
    hooks: S.object({ resources: S.arrayOf(S.object({ ...hookScope, postHooks: S.arrayOf(restoreHook) }, { required: ['name'] })) }),
    existingResourcePolicy: S.string({ description: 'none or update; checked by the restore controller.' }),
    itemOperationTimeout: S.duration(),
    resourceModifier: typedLocalObjectReference,
    uploaderConfig: S.object({ writeSparseFiles: nullableBool, parallelFilesDownload: S.integer() }, { nullable: true }),
  },
  { description: 'Which backup to restore, and what of it.' },
);

export const restoreStatusSchema: JsonSchema = S.object(
  {
    phase: S.enumOf(RESTORE_PHASES),
    validationErrors: S.stringList(),
    warnings: S.integer(),
    errors: S.integer(),
    failureReason: S.string(),
    startTimestamp: S.time(),
    completionTimestamp: S.time(),
    progress: S.object({ totalItems: S.integer(), itemsRestored: S.integer() }, { nullable: true }),
    restoreItemOperationsAttempted: S.integer(),
    restoreItemOperationsCompleted: S.integer(),
    restoreItemOperationsFailed: S.integer(),
    hookStatus,
  },
  { description: 'Progress and outcome of a Velero restore.' },
);

export const bslSpecSchema: JsonSchema = S.object(
  {
    provider: S.string({ description: 'Object-store plugin: aws for any S3 endpoint; lifeboat.io/fs (or local) for a directory.' }),
    objectStorage: S.object(
      {
        bucket: S.string({ description: 'Bucket name; for a directory provider, the absolute directory path.' }),
        prefix: S.string(),
        caCert: S.string({ description: 'Deprecated base64 PEM bundle; use caCertRef.', format: 'byte' }),
        caCertRef: secretKeySelector,
      },
      { required: ['bucket'] },
    ),
    config: S.stringMap({ description: 'Provider settings, e.g. region, s3Url, s3ForcePathStyle.' }),
    credential: secretKeySelector,
    default: S.boolean(),
    accessMode: S.enumOf(BSL_ACCESS_MODES),
    backupSyncPeriod: S.duration({ description: '0 disables backup sync.', nullable: true }),
    validationFrequency: S.duration({ description: '0 disables periodic validation.', nullable: true }),
  },
  { required: ['objectStorage', 'provider'] },
);

export const bslStatusSchema: JsonSchema = S.object({
  phase: S.enumOf(BSL_PHASES),
  lastSyncedTime: S.time(),
  lastValidationTime: S.time(),
  message: S.string(),
  lastSyncedRevision: S.string({ description: 'Deprecated and unused.' }),
  accessMode: S.enumOf(BSL_ACCESS_MODES, { description: 'Deprecated and unused; see spec.accessMode.' }),
});

export const deleteBackupRequestSpecSchema: JsonSchema = S.object({ backupName: S.string() }, { required: ['backupName'] });

export const deleteBackupRequestStatusSchema: JsonSchema = S.object({
  phase: S.enumOf(DELETE_BACKUP_REQUEST_PHASES),
  errors: S.stringList(),
});

export const vslSpecSchema: JsonSchema = S.object(
  { provider: S.string(), config: S.stringMap(), credential: secretKeySelector },
  {
    required: ['provider'],
  },
);

export const vslStatusSchema: JsonSchema = S.object({ phase: S.enumOf(VSL_PHASES) });

const podVolumeProgress = S.object({ bytesDone: S.integer(), totalBytes: S.integer() });

// Pod-volume kinds are carried through, not executed, by a resource-only engine: keep fields this
// schema does not name rather than pruning what a newer Velero wrote.
const keepUnknown: JsonSchema = { 'x-kubernetes-preserve-unknown-fields': true };

export const podVolumeBackupSpecSchema: JsonSchema = S.object(
  {
    node: S.string(),
    pod: objectReference,
    volume: S.string(),
    backupStorageLocation: S.string(),
    repoIdentifier: S.string(),
    uploaderType: S.string(),
    tags: S.stringMap(),
    uploaderSettings: S.stringMap({ nullable: true }),
    cancel: S.boolean(),
  },
  { required: ['backupStorageLocation', 'node', 'pod', 'repoIdentifier', 'volume'], ...keepUnknown },
);

export const podVolumeBackupStatusSchema: JsonSchema = S.object(
  {
    phase: S.enumOf(POD_VOLUME_PHASES),
    path: S.string(),
    snapshotID: S.string(),
    message: S.string(),
    startTimestamp: S.time(),
    completionTimestamp: S.time(),
    progress: podVolumeProgress,
  },
  keepUnknown,
);

export const podVolumeRestoreSpecSchema: JsonSchema = S.object(
  {
    pod: objectReference,
    volume: S.string(),
    backupStorageLocation: S.string(),
    repoIdentifier: S.string(),
    uploaderType: S.string(),
    snapshotID: S.string(),
    sourceNamespace: S.string(),
    uploaderSettings: S.stringMap({ nullable: true }),
    cancel: S.boolean(),
  },
  { required: ['backupStorageLocation', 'pod', 'repoIdentifier', 'snapshotID', 'sourceNamespace', 'volume'], ...keepUnknown },
);

export const podVolumeRestoreStatusSchema: JsonSchema = S.object(
  {
    phase: S.enumOf(POD_VOLUME_PHASES),
    message: S.string(),
    startTimestamp: S.time(),
    completionTimestamp: S.time(),
    progress: podVolumeProgress,
  },
  keepUnknown,
);

export const downloadRequestSpecSchema: JsonSchema = S.object(
  { target: S.object({ kind: S.enumOf(DOWNLOAD_TARGET_KINDS), name: S.string() }, { required: ['kind', 'name'] }) },
  { required: ['target'] },
);

export const downloadRequestStatusSchema: JsonSchema = S.object({
  phase: S.enumOf(DOWNLOAD_REQUEST_PHASES),
  downloadURL: S.string(),
  expiration: S.time(),
});

export const serverStatusRequestSpecSchema: JsonSchema = S.object({});

export const serverStatusRequestStatusSchema: JsonSchema = S.object({
  phase: S.enumOf(SERVER_STATUS_REQUEST_PHASES),
  processedTimestamp: S.time(),
  serverVersion: S.string(),
  plugins: S.arrayOf(S.object({ kind: S.string(), name: S.string() }, { required: ['kind', 'name'] }), { nullable: true }),
});
