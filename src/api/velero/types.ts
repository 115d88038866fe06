// TypeScript shapes of the velero.io/v1 objects (spec/velero.md §1). JSON keys are Velero's own, so
// objects read from a cluster running real Velero, or from velero-backup.json in a storage
// location, fit these types unchanged. Optional everywhere the Go structs say omitempty or pointer.

import type { CustomObject, LabelSelector } from '../meta.js';

export const VELERO_GROUP = 'velero.io';
export const VELERO_VERSION = 'v1';
export const VELERO_API_VERSION = 'velero.io/v1';

/** Velero's default namespace; OADP uses `openshift-adp`. */
export const DEFAULT_VELERO_NAMESPACE = 'velero';
export const DEFAULT_BSL_NAME = 'default';
/** Format of the tarball and `status.formatVersion` (§3.2). */
export const BACKUP_FORMAT_VERSION = '1.1.0';

// ---------------------------------------------------------------------------------------------
// Common pieces

export interface SecretKeySelector {
  name?: string;
  key: string;
  optional?: boolean;
}

export interface TypedLocalObjectReference {
  apiGroup?: string;
  kind: string;
  name: string;
}

/** A Go duration string such as `720h0m0s`, `10m0s`, `0s`. */
export type GoDuration = string;
/** RFC3339 UTC with second precision, e.g. `2024-05-01T12:00:03Z`. */
export type VeleroTime = string;

// ---------------------------------------------------------------------------------------------
// Backup (§1.2, §1.3)

export const BACKUP_PHASES = [
  'New',
  'Queued',
  'ReadyToStart',
  'FailedValidation',
  'InProgress',
  'WaitingForPluginOperations',
  'WaitingForPluginOperationsPartiallyFailed',
  'Finalizing',
  'FinalizingPartiallyFailed',
  'Completed',
  'PartiallyFailed',
  'Failed',
  'Deleting',
] as const;
export type BackupPhase = (typeof BACKUP_PHASES)[number];

/** Phases after which the backup controller never touches a Backup again (§6.2). */
export const TERMINAL_BACKUP_PHASES: readonly BackupPhase[] = ['FailedValidation', 'Failed', 'Completed', 'PartiallyFailed'];

export type HookErrorMode = 'Continue' | 'Fail';

export interface ExecHook {
  container?: string;
  command: string[];
  onError?: HookErrorMode;
  timeout?: GoDuration;
}

export interface BackupResourceHook {
  exec: ExecHook;
}

export interface BackupResourceHookSpec {
  name: string;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  labelSelector?: LabelSelector;
  pre?: BackupResourceHook[];
  post?: BackupResourceHook[];
}

export interface BackupHooks {
  resources?: BackupResourceHookSpec[];
}

export interface UploaderConfigForBackup {
  parallelFilesUpload?: number;
}

export interface BackupSpec {
  /** Only labels are used: they replace the Schedule's labels on generated Backups. */
  metadata?: { labels?: Record<string, string> };
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  includedClusterScopedResources?: string[];
  excludedClusterScopedResources?: string[];
  includedNamespaceScopedResources?: string[];
  excludedNamespaceScopedResources?: string[];
  labelSelector?: LabelSelector;
  orLabelSelectors?: LabelSelector[];
  snapshotVolumes?: boolean;
  ttl?: GoDuration;
  includeClusterResources?: boolean;
  hooks?: BackupHooks;
  storageLocation?: string;
  volumeSnapshotLocations?: string[];
  defaultVolumesToRestic?: boolean;
  defaultVolumesToFsBackup?: boolean;
  orderedResources?: Record<string, string>;
  csiSnapshotTimeout?: GoDuration;
  itemOperationTimeout?: GoDuration;
  resourcePolicy?: TypedLocalObjectReference;
  snapshotMoveData?: boolean;
  datamover?: string;
  uploaderConfig?: UploaderConfigForBackup;
  volumeGroupSnapshotLabelKey?: string;
}

export interface BackupProgress {
  totalItems?: number;
  itemsBackedUp?: number;
}

export interface HookStatus {
  hooksAttempted?: number;
  hooksFailed?: number;
}

export interface BackupStatus {
  /** Deprecated; always 1. */
  version?: number;
  formatVersion?: string;
  expiration?: VeleroTime | null;
  phase?: BackupPhase;
  queuePosition?: number;
  validationErrors?: string[];
  startTimestamp?: VeleroTime | null;
  completionTimestamp?: VeleroTime | null;
  volumeSnapshotsAttempted?: number;
  volumeSnapshotsCompleted?: number;
  failureReason?: string;
  warnings?: number;
  errors?: number;
  progress?: BackupProgress;
  csiVolumeSnapshotsAttempted?: number;
  csiVolumeSnapshotsCompleted?: number;
  backupItemOperationsAttempted?: number;
  backupItemOperationsCompleted?: number;
  backupItemOperationsFailed?: number;
  hookStatus?: HookStatus;
}

export type Backup = CustomObject<'Backup', BackupSpec, BackupStatus>;

// ---------------------------------------------------------------------------------------------
// Schedule (§1.6)

export const SCHEDULE_PHASES = ['New', 'Enabled', 'FailedValidation'] as const;
export type SchedulePhase = (typeof SCHEDULE_PHASES)[number];

export interface ScheduleSpec {
  schedule: string;
  template: BackupSpec;
  useOwnerReferencesInBackup?: boolean;
  paused?: boolean;
  skipImmediately?: boolean;
}

export interface ScheduleStatus {
  phase?: SchedulePhase;
  lastBackup?: VeleroTime | null;
  lastSkipped?: VeleroTime | null;
  validationErrors?: string[];
}

export type Schedule = CustomObject<'Schedule', ScheduleSpec, ScheduleStatus>;

// ---------------------------------------------------------------------------------------------
// Restore (§1.7)

export const RESTORE_PHASES = [
  'New',
  'FailedValidation',
  'InProgress',
  'WaitingForPluginOperations',
  'WaitingForPluginOperationsPartiallyFailed',
  'Finalizing',
  'FinalizingPartiallyFailed',
  'Completed',
  'PartiallyFailed',
  'Failed',
] as const;
export type RestorePhase = (typeof RESTORE_PHASES)[number];

export const EXISTING_RESOURCE_POLICIES = ['none', 'update'] as const;
export type ExistingResourcePolicy = (typeof EXISTING_RESOURCE_POLICIES)[number];

export interface RestoreExecHook {
  container?: string;
  command: string[];
  onError?: HookErrorMode;
  execTimeout?: GoDuration;
  waitTimeout?: GoDuration;
  waitForReady?: boolean;
}

export interface RestoreInitHook {
  /** Container specs, free-form (core/v1 Container). */
  initContainers?: Record<string, unknown>[];
  timeout?: GoDuration;
}

export interface RestoreResourceHook {
  exec?: RestoreExecHook;
  init?: RestoreInitHook;
}

export interface RestoreResourceHookSpec {
  name: string;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  labelSelector?: LabelSelector;
  postHooks?: RestoreResourceHook[];
}

export interface RestoreHooks {
  resources?: RestoreResourceHookSpec[];
}

export interface RestoreStatusSpec {
  includedResources?: string[];
  excludedResources?: string[];
}

export interface UploaderConfigForRestore {
  writeSparseFiles?: boolean;
  parallelFilesDownload?: number;
}

export interface RestoreSpec {
  backupName?: string;
  scheduleName?: string;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  namespaceMapping?: Record<string, string>;
  labelSelector?: LabelSelector;
  orLabelSelectors?: LabelSelector[];
  restorePVs?: boolean;
  restoreStatus?: RestoreStatusSpec;
  preserveNodePorts?: boolean;
  includeClusterResources?: boolean;
  hooks?: RestoreHooks;
  existingResourcePolicy?: ExistingResourcePolicy;
  itemOperationTimeout?: GoDuration;
  resourceModifier?: TypedLocalObjectReference;
  uploaderConfig?: UploaderConfigForRestore;
}

export interface RestoreProgress {
  totalItems?: number;
  itemsRestored?: number;
}

export interface RestoreStatus {
  phase?: RestorePhase;
  validationErrors?: string[];
  warnings?: number;
  errors?: number;
  failureReason?: string;
  startTimestamp?: VeleroTime | null;
  completionTimestamp?: VeleroTime | null;
  progress?: RestoreProgress;
  restoreItemOperationsAttempted?: number;
  restoreItemOperationsCompleted?: number;
  restoreItemOperationsFailed?: number;
  hookStatus?: HookStatus;
}

export type Restore = CustomObject<'Restore', RestoreSpec, RestoreStatus>;

/** Added on first reconcile; deleting the Restore then deletes `restores/<name>/` (§1.7). */
export const RESTORE_EXTERNAL_RESOURCES_FINALIZER = 'restores.velero.io/external-resources-finalizer';

/** Appended to every Restore's `spec.excludedResources` (§1.7). */
export const NON_RESTORABLE_RESOURCES: readonly string[] = [
  'nodes',
  'events',
  'events.events.k8s.io',
  'backups.velero.io',
  'restores.velero.io',
  'resticrepositories.velero.io',
  'csinodes.storage.k8s.io',
  'volumeattachments.storage.k8s.io',
  'backuprepositories.velero.io',
];

// ---------------------------------------------------------------------------------------------
// BackupStorageLocation (§1.8)

export const BSL_PHASES = ['Available', 'Unavailable'] as const;
export type BackupStorageLocationPhase = (typeof BSL_PHASES)[number];

export const BSL_ACCESS_MODES = ['ReadOnly', 'ReadWrite'] as const;
export type BackupStorageLocationAccessMode = (typeof BSL_ACCESS_MODES)[number];

export interface ObjectStorageLocation {
  bucket: string;
  prefix?: string;
  /** Deprecated, base64 PEM. */
  caCert?: string;
  caCertRef?: SecretKeySelector;
}

export interface BackupStorageLocationSpec {
  provider: string;
  objectStorage: ObjectStorageLocation;
  config?: Record<string, string>;
  credential?: SecretKeySelector;
  default?: boolean;
  accessMode?: BackupStorageLocationAccessMode;
  backupSyncPeriod?: GoDuration;
  validationFrequency?: GoDuration;
}

export interface BackupStorageLocationStatus {
  phase?: BackupStorageLocationPhase;
  lastSyncedTime?: VeleroTime | null;
  lastValidationTime?: VeleroTime | null;
  message?: string;
  /** Deprecated, unused. */
  lastSyncedRevision?: string;
  /** Deprecated, unused. */
  accessMode?: BackupStorageLocationAccessMode;
}

export type BackupStorageLocation = CustomObject<'BackupStorageLocation', BackupStorageLocationSpec, BackupStorageLocationStatus>;

/** Lifeboat's provider for a directory storage location: `objectStorage.bucket` is a directory path. */
export const FS_PROVIDER = 'lifeboat.io/fs';
/** Accepted as an alias of FS_PROVIDER. */
export const LOCAL_PROVIDER = 'local';
export const AWS_PROVIDER = 'aws';

// ---------------------------------------------------------------------------------------------
// DeleteBackupRequest (§1.9)

export const DELETE_BACKUP_REQUEST_PHASES = ['New', 'InProgress', 'Processed'] as const;
export type DeleteBackupRequestPhase = (typeof DELETE_BACKUP_REQUEST_PHASES)[number];

export interface DeleteBackupRequestSpec {
  backupName: string;
}

export interface DeleteBackupRequestStatus {
  phase?: DeleteBackupRequestPhase;
  errors?: string[];
}

export type DeleteBackupRequest = CustomObject<'DeleteBackupRequest', DeleteBackupRequestSpec, DeleteBackupRequestStatus>;

// ---------------------------------------------------------------------------------------------
// VolumeSnapshotLocation

export const VSL_PHASES = ['Available', 'Unavailable'] as const;
export type VolumeSnapshotLocationPhase = (typeof VSL_PHASES)[number];

export interface VolumeSnapshotLocationSpec {
  provider: string;
  config?: Record<string, string>;
  credential?: SecretKeySelector;
}

export interface VolumeSnapshotLocationStatus {
  phase?: VolumeSnapshotLocationPhase;
}

export type VolumeSnapshotLocation = CustomObject<'VolumeSnapshotLocation', VolumeSnapshotLocationSpec, VolumeSnapshotLocationStatus>;

// ---------------------------------------------------------------------------------------------
// PodVolumeBackup / PodVolumeRestore (minimal: a resource-only engine only carries them around)

export const POD_VOLUME_PHASES = ['New', 'Accepted', 'Prepared', 'InProgress', 'Canceling', 'Canceled', 'Completed', 'Failed'] as const;
export type PodVolumePhase = (typeof POD_VOLUME_PHASES)[number];

export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface PodVolumeOperationProgress {
  totalBytes?: number;
  bytesDone?: number;
}

export interface PodVolumeBackupSpec {
  node: string;
  pod: ObjectReference;
  volume: string;
  backupStorageLocation: string;
  repoIdentifier?: string;
  uploaderType?: string;
  tags?: Record<string, string>;
  uploaderSettings?: Record<string, string>;
  cancel?: boolean;
}

export interface PodVolumeBackupStatus {
  phase?: PodVolumePhase;
  path?: string;
  snapshotID?: string;
  message?: string;
  startTimestamp?: VeleroTime | null;
  completionTimestamp?: VeleroTime | null;
  progress?: PodVolumeOperationProgress;
  [key: string]: unknown;
}

export type PodVolumeBackup = CustomObject<'PodVolumeBackup', PodVolumeBackupSpec, PodVolumeBackupStatus>;

export interface PodVolumeRestoreSpec {
  pod: ObjectReference;
  volume: string;
  backupStorageLocation: string;
  repoIdentifier?: string;
  uploaderType?: string;
  snapshotID: string;
  sourceNamespace: string;
  uploaderSettings?: Record<string, string>;
  cancel?: boolean;
}

export interface PodVolumeRestoreStatus {
  phase?: PodVolumePhase;
  message?: string;
  startTimestamp?: VeleroTime | null;
  completionTimestamp?: VeleroTime | null;
  progress?: PodVolumeOperationProgress;
  [key: string]: unknown;
}

export type PodVolumeRestore = CustomObject<'PodVolumeRestore', PodVolumeRestoreSpec, PodVolumeRestoreStatus>;

// ---------------------------------------------------------------------------------------------
// DownloadRequest (how the velero CLI fetches logs/results through pre-signed URLs)

export const DOWNLOAD_TARGET_KINDS = [
  'BackupLog',
  'BackupContents',
  'BackupVolumeSnapshots',
  'BackupItemOperations',
  'BackupResourceList',
  'BackupResults',
  'RestoreLog',
  'RestoreResults',
  'RestoreResourceList',
  'RestoreItemOperations',
  'CSIBackupVolumeSnapshots',
  'CSIBackupVolumeSnapshotContents',
  'BackupVolumeInfos',
  'RestoreVolumeInfo',
] as const;
export type DownloadTargetKind = (typeof DOWNLOAD_TARGET_KINDS)[number];

export const DOWNLOAD_REQUEST_PHASES = ['New', 'Processed'] as const;
export type DownloadRequestPhase = (typeof DOWNLOAD_REQUEST_PHASES)[number];

export interface DownloadRequestSpec {
  target: { kind: DownloadTargetKind; name: string };
}

export interface DownloadRequestStatus {
  phase?: DownloadRequestPhase;
  downloadURL?: string;
  expiration?: VeleroTime | null;
}

export type DownloadRequest = CustomObject<'DownloadRequest', DownloadRequestSpec, DownloadRequestStatus>;

// ---------------------------------------------------------------------------------------------
// ServerStatusRequest

export const SERVER_STATUS_REQUEST_PHASES = ['New', 'Processed'] as const;
export type ServerStatusRequestPhase = (typeof SERVER_STATUS_REQUEST_PHASES)[number];

export interface PluginInfo {
  name: string;
  kind: string;
}

export interface ServerStatusRequestStatus {
  phase?: ServerStatusRequestPhase;
  processedTimestamp?: VeleroTime | null;
  serverVersion?: string;
  plugins?: PluginInfo[];
}

export type ServerStatusRequest = CustomObject<'ServerStatusRequest', Record<string, never>, ServerStatusRequestStatus>;

// ---------------------------------------------------------------------------------------------
// Labels and annotations (§1.10)

export const LABEL_BACKUP_NAME = 'velero.io/backup-name';
export const LABEL_RESTORE_NAME = 'velero.io/restore-name';
export const LABEL_SCHEDULE_NAME = 'velero.io/schedule-name';
export const LABEL_STORAGE_LOCATION = 'velero.io/storage-location';
export const LABEL_BACKUP_UID = 'velero.io/backup-uid';
export const LABEL_EXCLUDE_FROM_BACKUP = 'velero.io/exclude-from-backup';
export const LABEL_GC_FAILURE = 'velero.io/gc-failure';
export const GC_FAILURE_BSL_NOT_FOUND = 'BSLNotFound';
export const GC_FAILURE_BSL_CANNOT_GET = 'BSLCannotGet';
export const GC_FAILURE_BSL_READ_ONLY = 'BSLReadOnly';

export const ANNOTATION_RESTORE_STATUS = 'velero.io/restore-status';
export const ANNOTATION_SOURCE_CLUSTER_K8S_GITVERSION = 'velero.io/source-cluster-k8s-gitversion';
export const ANNOTATION_SOURCE_CLUSTER_K8S_MAJOR_VERSION = 'velero.io/source-cluster-k8s-major-version';
export const ANNOTATION_SOURCE_CLUSTER_K8S_MINOR_VERSION = 'velero.io/source-cluster-k8s-minor-version';
export const ANNOTATION_RESOURCE_TIMEOUT = 'velero.io/resource-timeout';
export const ANNOTATION_POD_VOLUME_TIMEOUT = 'velero.io/pod-volume-timeout';
export const ANNOTATION_MUST_INCLUDE_ADDITIONAL_ITEMS = 'backup.velero.io/must-include-additional-items';
export const ANNOTATION_SKIP_FROM_BACKUP = 'velero.io/skip-from-backup';

/** Default `spec.volumeGroupSnapshotLabelKey` (§1.4). */
export const DEFAULT_VOLUME_GROUP_SNAPSHOT_LABEL_KEY = 'velero.io/volume-group';
