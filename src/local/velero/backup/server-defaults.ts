// What a Velero server supplies when a Backup leaves a field empty (spec/velero.md §0, §1.4).
import { DEFAULT_BSL_NAME, DEFAULT_VOLUME_GROUP_SNAPSHOT_LABEL_KEY } from '../../../api/velero/types.js';

export interface BackupServerDefaults {
  /** `--default-backup-storage-location`, used when no BSL is marked default. */
  backupStorageLocation: string;
  backupTtl: string;
  csiSnapshotTimeout: string;
  itemOperationTimeout: string;
  /** Recorded in the `velero.io/resource-timeout` annotation. */
  resourceTimeout: string;
  defaultVolumesToFsBackup: boolean;
  snapshotMoveData: boolean;
  volumeGroupSnapshotLabelKey: string;
  /** LIST page size (`--client-page-size`). */
  pageSize: number;
}

export const VELERO_SERVER_DEFAULTS: Readonly<BackupServerDefaults> = {
  backupStorageLocation: DEFAULT_BSL_NAME,
  backupTtl: '720h0m0s',
  csiSnapshotTimeout: '10m0s',
  itemOperationTimeout: '4h0m0s',
  resourceTimeout: '10m0s',
  defaultVolumesToFsBackup: false,
  snapshotMoveData: false,
  volumeGroupSnapshotLabelKey: DEFAULT_VOLUME_GROUP_SNAPSHOT_LABEL_KEY,
  pageSize: 500,
};

/** CSI intermediates Velero 1.17+ appends to every backup's excludes (§1.4). */
export const AUTO_EXCLUDED_NAMESPACE_SCOPED = ['volumesnapshots.snapshot.storage.k8s.io'];
export const AUTO_EXCLUDED_CLUSTER_SCOPED = ['volumesnapshotcontents.snapshot.storage.k8s.io'];
