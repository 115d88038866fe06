// Structural OpenAPI v3 schemas of the velero.io/v1 kinds, with Velero's JSON field names
// (spec/velero.md §1). Enums are only those the upstream CRDs enforce: a value the controller
// validates itself (e.g. existingResourcePolicy) stays a plain string, so that the controller's
// own message reaches the user instead of a 422.
import { arrayOf, bool, duration, enumOf, freeForm, int, labelSelector, obj, str, stringList, stringMap, time, type JSONSchemaProps } from '../render-crd.js';
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

const nullableBool: JSONSchemaProps = { type: 'boolean', nullable: true };

const secretKeySelector: JSONSchemaProps = obj({ key: str(), name: str(), optional: bool() }, undefined, {
  required: ['key'],
  'x-kubernetes-map-type': 'atomic',
});

const typedLocalObjectReference: JSONSchemaProps = obj({ apiGroup: str(), kind: str(), name: str() }, undefined, {
  required: ['kind', 'name'],
  'x-kubernetes-map-type': 'atomic',
});

const objectReference: JSONSchemaProps = obj(
  { apiVersion: str(), fieldPath: str(), kind: str(), name: str(), namespace: str(), resourceVersion: str(), uid: str() },
  undefined,
  { 'x-kubernetes-map-type': 'atomic' },
);

/** Which objects a backup or restore hook applies to. */
const hookScope: Record<string, JSONSchemaProps> = {
  name: str(),
  includedNamespaces: stringList(),
  excludedNamespaces: stringList(),
  includedResources: stringList(),
  excludedResources: stringList(),
  labelSelector: labelSelector(),
};

const backupHook = obj(
  {
    exec: obj(
      {
        container: str(),
        command: arrayOf({ type: 'string' }, undefined, { minItems: 1 }),
        onError: enumOf(HOOK_ERROR_MODES),
        timeout: duration(),
      },
      undefined,
      { required: ['command'] },
    ),
  },
  undefined,
  { required: ['exec'] },
);

const hookStatus = obj({ hooksAttempted: int(), hooksFailed: int() }, undefined, { nullable: true });

export const backupSpecSchema: JSONSchemaProps = obj(
  {
    metadata: obj({ labels: stringMap() }),
    includedNamespaces: stringList(),
    excludedNamespaces: stringList(),
    includedResources: stringList(),
    excludedResources: stringList(),
    includedClusterScopedResources: stringList(),
    excludedClusterScopedResources: stringList(),
    includedNamespaceScopedResources: stringList(),
    excludedNamespaceScopedResources: stringList(),
    labelSelector: labelSelector(),
    orLabelSelectors: arrayOf(labelSelector(), undefined, { nullable: true }),
    snapshotVolumes: nullableBool,
    ttl: duration(),
    includeClusterResources: nullableBool,
    hooks: obj({ resources: arrayOf(obj({ ...hookScope, pre: arrayOf(backupHook), post: arrayOf(backupHook) }, undefined, { required: ['name'] })) }),
    storageLocation: str(),
    volumeSnapshotLocations: stringList(),
    defaultVolumesToRestic: nullableBool,
    defaultVolumesToFsBackup: nullableBool,
    orderedResources: { ...stringMap(), nullable: true },
    csiSnapshotTimeout: duration(),
    itemOperationTimeout: duration(),
    resourcePolicy: typedLocalObjectReference,
    snapshotMoveData: nullableBool,
    datamover: str(),
    uploaderConfig: obj({ parallelFilesUpload: int() }, undefined, { nullable: true }),
    volumeGroupSnapshotLabelKey: str(),
  },
  'What a Velero backup selects and where it is stored.',
);

export const backupStatusSchema: JSONSchemaProps = obj(
  {
    version: int(),
    formatVersion: str(),
    expiration: time(),
    phase: enumOf(BACKUP_PHASES),
    queuePosition: int(),
    validationErrors: arrayOf({ type: 'string' }, undefined, { nullable: true }),
    startTimestamp: time(),
    completionTimestamp: time(),
    volumeSnapshotsAttempted: int(),
    volumeSnapshotsCompleted: int(),
    failureReason: str(),
    warnings: int(),
    errors: int(),
    progress: obj({ totalItems: int(), itemsBackedUp: int() }, undefined, { nullable: true }),
    csiVolumeSnapshotsAttempted: int(),
    csiVolumeSnapshotsCompleted: int(),
    backupItemOperationsAttempted: int(),
    backupItemOperationsCompleted: int(),
    backupItemOperationsFailed: int(),
    hookStatus,
  },
  'Progress and outcome of a Velero backup.',
);

export const scheduleSpecSchema: JSONSchemaProps = obj(
  {
    schedule: str('A cron expression (5 fields, @descriptors, @every, CRON_TZ=).'),
    template: { ...backupSpecSchema, description: 'The spec of every Backup this schedule creates.' },
    useOwnerReferencesInBackup: nullableBool,
    paused: bool(),
    skipImmediately: nullableBool,
  },
  undefined,
  { required: ['schedule', 'template'] },
);

export const scheduleStatusSchema: JSONSchemaProps = obj({
  phase: enumOf(SCHEDULE_PHASES),
  lastBackup: time(),
  lastSkipped: time(),
  validationErrors: stringList(),
});

const restoreHook = obj({
  exec: obj(
    {
      container: str(),
      command: arrayOf({ type: 'string' }, undefined, { minItems: 1 }),
      onError: enumOf(HOOK_ERROR_MODES),
      execTimeout: duration(),
      waitTimeout: duration(),
      waitForReady: nullableBool,
    },
    undefined,
    { required: ['command'] },
  ),
  init: obj({ initContainers: arrayOf(freeForm()), timeout: duration() }),
});

export const restoreSpecSchema: JSONSchemaProps = obj(
  {
    backupName: str(),
    scheduleName: str(),
    includedNamespaces: stringList(),
    excludedNamespaces: stringList(),
    includedResources: stringList(),
    excludedResources: stringList(),
    namespaceMapping: stringMap(),
    labelSelector: labelSelector(),
    orLabelSelectors: arrayOf(labelSelector(), undefined, { nullable: true }),
    restorePVs: nullableBool,
    restoreStatus: obj({ includedResources: stringList(), excludedResources: stringList() }, undefined, { nullable: true }),
    preserveNodePorts: nullableBool,
    includeClusterResources: nullableBool,
    hooks: obj({ resources: arrayOf(obj({ ...hookScope, postHooks: arrayOf(restoreHook) }, undefined, { required: ['name'] })) }),
    existingResourcePolicy: str('none or update; checked by the restore controller.'),
    itemOperationTimeout: duration(),
    resourceModifier: typedLocalObjectReference,
    uploaderConfig: obj({ writeSparseFiles: nullableBool, parallelFilesDownload: int() }, undefined, { nullable: true }),
  },
  'Which backup to restore, and what of it.',
);

export const restoreStatusSchema: JSONSchemaProps = obj(
  {
    phase: enumOf(RESTORE_PHASES),
    validationErrors: stringList(),
    warnings: int(),
    errors: int(),
    failureReason: str(),
    startTimestamp: time(),
    completionTimestamp: time(),
    progress: obj({ totalItems: int(), itemsRestored: int() }, undefined, { nullable: true }),
    restoreItemOperationsAttempted: int(),
    restoreItemOperationsCompleted: int(),
    restoreItemOperationsFailed: int(),
    hookStatus,
  },
  'Progress and outcome of a Velero restore.',
);

export const bslSpecSchema: JSONSchemaProps = obj(
  {
    provider: str('Object-store plugin: aws for any S3 endpoint; lifeboat.io/fs (or local) for a directory.'),
    objectStorage: obj(
      {
        bucket: str('Bucket name; for a directory provider, the absolute directory path.'),
        prefix: str(),
        caCert: str('Deprecated base64 PEM bundle; use caCertRef.', { format: 'byte' }),
        caCertRef: secretKeySelector,
      },
      undefined,
      { required: ['bucket'] },
    ),
    config: stringMap('Provider settings, e.g. region, s3Url, s3ForcePathStyle.'),
    credential: secretKeySelector,
    default: bool(),
    accessMode: enumOf(BSL_ACCESS_MODES),
    backupSyncPeriod: { ...duration('0 disables backup sync.'), nullable: true },
    validationFrequency: { ...duration('0 disables periodic validation.'), nullable: true },
  },
  undefined,
  { required: ['objectStorage', 'provider'] },
);

export const bslStatusSchema: JSONSchemaProps = obj({
  phase: enumOf(BSL_PHASES),
  lastSyncedTime: time(),
  lastValidationTime: time(),
  message: str(),
  lastSyncedRevision: str('Deprecated and unused.'),
  accessMode: enumOf(BSL_ACCESS_MODES, 'Deprecated and unused; see spec.accessMode.'),
});

export const deleteBackupRequestSpecSchema: JSONSchemaProps = obj({ backupName: str() }, undefined, { required: ['backupName'] });

export const deleteBackupRequestStatusSchema: JSONSchemaProps = obj({
  phase: enumOf(DELETE_BACKUP_REQUEST_PHASES),
  errors: stringList(),
});

export const vslSpecSchema: JSONSchemaProps = obj({ provider: str(), config: stringMap(), credential: secretKeySelector }, undefined, {
  required: ['provider'],
});

export const vslStatusSchema: JSONSchemaProps = obj({ phase: enumOf(VSL_PHASES) });

const podVolumeProgress = obj({ bytesDone: int(), totalBytes: int() });

// Pod-volume kinds are carried through, not executed, by a resource-only engine: keep fields this
// schema does not name rather than pruning what a newer Velero wrote.
const keepUnknown: Partial<JSONSchemaProps> = { 'x-kubernetes-preserve-unknown-fields': true };

export const podVolumeBackupSpecSchema: JSONSchemaProps = obj(
  {
    node: str(),
    pod: objectReference,
    volume: str(),
    backupStorageLocation: str(),
    repoIdentifier: str(),
    uploaderType: str(),
    tags: stringMap(),
    uploaderSettings: { ...stringMap(), nullable: true },
    cancel: bool(),
  },
  undefined,
  { required: ['backupStorageLocation', 'node', 'pod', 'repoIdentifier', 'volume'], ...keepUnknown },
);

export const podVolumeBackupStatusSchema: JSONSchemaProps = obj(
  {
    phase: enumOf(POD_VOLUME_PHASES),
    path: str(),
    snapshotID: str(),
    message: str(),
    startTimestamp: time(),
    completionTimestamp: time(),
    progress: podVolumeProgress,
  },
  undefined,
  keepUnknown,
);

export const podVolumeRestoreSpecSchema: JSONSchemaProps = obj(
  {
    pod: objectReference,
    volume: str(),
    backupStorageLocation: str(),
    repoIdentifier: str(),
    uploaderType: str(),
    snapshotID: str(),
    sourceNamespace: str(),
    uploaderSettings: { ...stringMap(), nullable: true },
    cancel: bool(),
  },
  undefined,
  { required: ['backupStorageLocation', 'pod', 'repoIdentifier', 'snapshotID', 'sourceNamespace', 'volume'], ...keepUnknown },
);

export const podVolumeRestoreStatusSchema: JSONSchemaProps = obj(
  {
    phase: enumOf(POD_VOLUME_PHASES),
    message: str(),
    startTimestamp: time(),
    completionTimestamp: time(),
    progress: podVolumeProgress,
  },
  undefined,
  keepUnknown,
);

export const downloadRequestSpecSchema: JSONSchemaProps = obj(
  { target: obj({ kind: enumOf(DOWNLOAD_TARGET_KINDS), name: str() }, undefined, { required: ['kind', 'name'] }) },
  undefined,
  { required: ['target'] },
);

export const downloadRequestStatusSchema: JSONSchemaProps = obj({
  phase: enumOf(DOWNLOAD_REQUEST_PHASES),
  downloadURL: str(),
  expiration: time(),
});

export const serverStatusRequestSpecSchema: JSONSchemaProps = obj({});

export const serverStatusRequestStatusSchema: JSONSchemaProps = obj({
  phase: enumOf(SERVER_STATUS_REQUEST_PHASES),
  processedTimestamp: time(),
  serverVersion: str(),
  plugins: arrayOf(obj({ kind: str(), name: str() }, undefined, { required: ['kind', 'name'] }), undefined, { nullable: true }),
});
