import type { Logger } from 'pino';
import { backupDir, backupMetadataKey } from '../layout.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { aggregateMessage, errorMessage } from './aggregate-errors.js';

/**
 * Deletes every object under `backups/<name>/` (Velero's DeleteBackup). `velero-backup.json` goes
 * last: until then the backup still "exists" for every syncing hub, so a deletion that fails half
 * way leaves a backup that another DeleteBackupRequest can finish, never unreachable debris.
 * Returns the error message to record, or undefined when everything is gone.
 */
export async function deleteBackupFiles(store: ObjectStore, backupName: string, log: Logger): Promise<string | undefined> {
  const metadataKey = backupMetadataKey(backupName);
  const keys: string[] = [];
  try {
    for await (const key of store.list(backupDir(backupName))) keys.push(key);
  } catch (err) {
    return errorMessage(err);
  }
  const ordered = [...keys.filter((k) => k !== metadataKey), ...keys.filter((k) => k === metadataKey)];
  const failures: string[] = [];
  for (const key of ordered) {
    // The metadata stays while anything else could not be removed, so the backup remains deletable.
    if (key === metadataKey && failures.length > 0) break;
    try {
      log.debug({ key }, 'deleting object');
      await store.delete(key);
    } catch (err) {
      failures.push(errorMessage(err));
    }
  }
  return aggregateMessage(failures);
}
