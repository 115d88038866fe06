// Where each velero.io/v1 kind lives in the API, in the shape src/kube's ResourceRef expects
// (structurally: src/api imports nothing of ours), so callers need no discovery round-trip.

export interface VeleroResource {
  readonly group: 'velero.io';
  readonly version: 'v1';
  readonly plural: string;
  readonly namespaced: true;
  readonly kind: string;
}

function veleroResource(kind: string, plural: string): VeleroResource {
  return { group: 'velero.io', version: 'v1', plural, namespaced: true, kind };
}

export const BACKUPS = veleroResource('Backup', 'backups');
export const RESTORES = veleroResource('Restore', 'restores');
export const SCHEDULES = veleroResource('Schedule', 'schedules');
export const BACKUP_STORAGE_LOCATIONS = veleroResource('BackupStorageLocation', 'backupstoragelocations');
export const VOLUME_SNAPSHOT_LOCATIONS = veleroResource('VolumeSnapshotLocation', 'volumesnapshotlocations');
export const DELETE_BACKUP_REQUESTS = veleroResource('DeleteBackupRequest', 'deletebackuprequests');
export const POD_VOLUME_BACKUPS = veleroResource('PodVolumeBackup', 'podvolumebackups');
export const POD_VOLUME_RESTORES = veleroResource('PodVolumeRestore', 'podvolumerestores');
export const DOWNLOAD_REQUESTS = veleroResource('DownloadRequest', 'downloadrequests');
export const SERVER_STATUS_REQUESTS = veleroResource('ServerStatusRequest', 'serverstatusrequests');
