// Backups as Velero leaves them, for the schedule, gc, deletion and sync tests: a finished Backup
// object, and its files in a store.
import { BACKUPS, BACKUP_FORMAT_VERSION, LABEL_STORAGE_LOCATION, VELERO_API_VERSION, type Backup, type BackupPhase } from '../../src/api/velero/index.js';
import type { KubeClient, KubeObject } from '../../src/kube/index.js';
import type { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { backupContentsKey, backupLogKey, backupMetadataKey } from '../../src/local/velero/layout.js';
import { VELERO_NS } from '../support/index.js';

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A finished Backup as Velero stores it: in phase Completed, labelled with its location. */
export function completedBackup(
  name: string,
  startMs: number,
  extra: { labels?: Record<string, string>; location?: string; ttlMs?: number; phase?: BackupPhase } = {},
): Backup {
  const location = extra.location ?? 'default';
  const ttlMs = extra.ttlMs ?? 720 * 3600_000;
  return {
    apiVersion: VELERO_API_VERSION,
    kind: 'Backup',
    metadata: { name, namespace: VELERO_NS, labels: { ...extra.labels, [LABEL_STORAGE_LOCATION]: location } },
    spec: { storageLocation: location, ttl: '720h0m0s', hooks: {}, metadata: {}, includedNamespaces: ['*'] },
    status: {
      version: 1,
      formatVersion: BACKUP_FORMAT_VERSION,
      phase: extra.phase ?? 'Completed',
      startTimestamp: rfc3339(startMs),
      completionTimestamp: rfc3339(startMs + 5000),
      expiration: rfc3339(startMs + ttlMs),
      progress: { totalItems: 3, itemsBackedUp: 3 },
      errors: 0,
      warnings: 0,
    },
  };
}

/** Places a backup's files in a store the way the engine leaves them: contents first, metadata last. */
export async function placeBackupFiles(store: FsObjectStore, backup: Backup): Promise<void> {
  const name = backup.metadata.name ?? '';
  await store.put(backupContentsKey(name), Buffer.from('not really a tarball'));
  await store.put(backupLogKey(name), Buffer.from('not really a log'));
  await store.put(backupMetadataKey(name), JSON.stringify(backup, null, 2));
}

export async function createBackupObject(client: KubeClient, backup: Backup): Promise<Backup> {
  return client.create<Backup>(BACKUPS, backup as Backup & KubeObject);
}
