import { gunzipSync } from 'node:zlib';
import { VELERO_API_VERSION, type Backup, type PodVolumeBackup } from '../../../api/velero/index.js';
import { backupMetadataKey, backupPodVolumeBackupsKey } from '../layout.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { readObject } from '../object-store/read-object.js';

/** A `velero-backup.json` that is not a velero.io/v1 Backup: the backup is skipped, never synced. */
export class InvalidBackupMetadataError extends Error {
  override readonly name = 'InvalidBackupMetadataError';
}

/**
 * The Backup stored in `backups/<name>/velero-backup.json`, or undefined when that file does not
 * exist (a prefix being written or being deleted). Checked as Velero's decoder checks it: a JSON
 * object of apiVersion `velero.io/v1`, kind `Backup`.
 */
export async function readBackupMetadata(store: ObjectStore, backupName: string): Promise<Backup | undefined> {
  const key = backupMetadataKey(backupName);
  if (!(await store.exists(key))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readObject(store, key)).toString('utf8'));
  } catch (err) {
    throw new InvalidBackupMetadataError(`error decoding ${key}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidBackupMetadataError(`error decoding ${key}: not a JSON object`);
  const obj = parsed as { apiVersion?: unknown; kind?: unknown; metadata?: unknown };
  if (obj.apiVersion !== VELERO_API_VERSION || obj.kind !== 'Backup') {
    throw new InvalidBackupMetadataError(`error decoding ${key}: expected ${VELERO_API_VERSION} Backup, found ${String(obj.apiVersion)} ${String(obj.kind)}`);
  }
  if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null)) {
    throw new InvalidBackupMetadataError(`error decoding ${key}: metadata is not an object`);
  }
  const backup = parsed as Backup;
  backup.metadata ??= {};
  return backup;
}

/** The PodVolumeBackups recorded with a backup (`<name>-podvolumebackups.json.gz`); none when absent or `null`. */
export async function readPodVolumeBackups(store: ObjectStore, backupName: string): Promise<PodVolumeBackup[]> {
  const key = backupPodVolumeBackupsKey(backupName);
  if (!(await store.exists(key))) return [];
  const parsed: unknown = JSON.parse(gunzipSync(await readObject(store, key)).toString('utf8'));
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) throw new InvalidBackupMetadataError(`error decoding ${key}: not a JSON array`);
  return parsed.filter((item): item is PodVolumeBackup => typeof item === 'object' && item !== null && typeof item.metadata === 'object');
}
