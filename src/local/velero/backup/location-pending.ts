// A Backup created in the moment between a BackupStorageLocation's creation and its first
// validation (typically right after `lifeboat up` starts) would fail validation for good on an
// "Unavailable" location that nobody has looked at yet. Such a Backup waits for that first
// validation instead; a location that was validated and found Unavailable still fails it.
import { BACKUP_STORAGE_LOCATIONS, type Backup, type BackupStorageLocation } from '../../../api/velero/index.js';
import type { KubeClient } from '../../../kube/index.js';

/** How long a Backup waits for its location's first validation before it is judged anyway. */
export const FIRST_VALIDATION_WAIT_MS = 2 * 60_000;

/** Whether the location this Backup will use exists but has never been validated. */
export async function locationAwaitingFirstValidation(client: KubeClient, backup: Backup, nowMs: number, signal?: AbortSignal): Promise<boolean> {
  const created = Date.parse(backup.metadata.creationTimestamp ?? '');
  if (Number.isFinite(created) && nowMs - created > FIRST_VALIDATION_WAIT_MS) return false;
  const namespace = backup.metadata.namespace ?? '';
  let locations: BackupStorageLocation[];
  try {
    locations = (await client.list<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, { namespace, signal })).items;
  } catch {
    return false; // prepareBackup reports the problem
  }
  const wanted = backup.spec?.storageLocation;
  const location = wanted
    ? locations.find((l) => l.metadata.name === wanted)
    : (locations.find((l) => l.spec?.default === true) ?? locations.find((l) => l.metadata.name === 'default'));
  return location !== undefined && !location.status?.phase;
}
