// The storage checks of hub-backup.md §2.2 steps 5–6. A usable location is Available and owned by
// something (normally the OADP DataProtectionApplication, decision 16): a hand-made one is not.
import { BACKUP_STORAGE_LOCATIONS, type BackupStorageLocation } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';

export type StorageCheck = 'ok' | 'none' | 'unavailable';

export function isUsableLocation(bsl: BackupStorageLocation): boolean {
  return (bsl.metadata.ownerReferences ?? []).some((ref) => Boolean(ref.kind)) && bsl.status?.phase === 'Available';
}

export async function checkStorageLocation(client: KubeClient, namespace: string, signal?: AbortSignal): Promise<StorageCheck> {
  let all: BackupStorageLocation[];
  try {
    all = (await client.list<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, { signal })).items;
  } catch (err) {
    if (signal?.aborted) throw err;
    return 'none';
  }
  if (all.length === 0) return 'none';
  return all.some((bsl) => bsl.metadata.namespace === namespace && isUsableLocation(bsl)) ? 'ok' : 'unavailable';
}
