import type { Backup, PodVolumeBackup } from '../../../api/velero/index.js';
import { backupMetadataKey, backupPodVolumeBackupsKey } from '../layout.js';
import { ObjectNotFoundError, type ObjectStore } from '../object-store/object-store.js';
import { readGzipObject, readObject } from '../object-store/read-object.js';
import { STORAGE_READ_LIMITS } from '../storage-limits.js';
import { decodeStoredBackup, decodeStoredPodVolumeBackups } from './decode-stored.js';

/**
 * The Backup stored in `backups/<name>/velero-backup.json`, or undefined when that file does not
 * exist (a prefix being written or being deleted). A file that is too large, not a regular file,
 * or not a velero.io/v1 Backup with the CRD's field types rejects with an error naming it: the
 * backup is skipped, never synced.
 */
export async function readBackupMetadata(store: ObjectStore, backupName: string): Promise<Backup | undefined> {
  const key = backupMetadataKey(backupName);
  let json: Buffer;
  try {
    json = await readObject(store, key, STORAGE_READ_LIMITS.backupMetadataBytes);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) return undefined;
    throw err;
  }
  return decodeStoredBackup(key, json);
}

/** The PodVolumeBackups recorded with a backup (`<name>-podvolumebackups.json.gz`); none when absent or `null`. */
export async function readPodVolumeBackups(store: ObjectStore, backupName: string): Promise<PodVolumeBackup[]> {
  const key = backupPodVolumeBackupsKey(backupName);
  let json: Buffer;
  try {
    json = await readGzipObject(store, key);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) return [];
    throw err;
  }
  return decodeStoredPodVolumeBackups(key, json);
}
