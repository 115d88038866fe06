// The files of `backups/<name>/` besides the tarball (spec/velero.md §2.2), and
// `velero-backup.json`, which is written last so that a syncing Velero never sees a backup
// without its contents (§11).
import { gzipSync } from 'node:zlib';
import type { Backup } from '../../../api/velero/types.js';
import {
  backupItemOperationsKey,
  backupLogKey,
  backupMetadataKey,
  backupPodVolumeBackupsKey,
  backupResourceListKey,
  backupResultsKey,
  backupVolumeInfoKey,
  backupVolumeSnapshotsKey,
} from '../layout.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { BackupResults } from './backup-log.js';
import { encodeGoJson } from './go-json.js';

export interface SideFiles {
  /** Gzipped text log. */
  log: Buffer;
  resourceList: Record<string, string[]>;
  results: BackupResults;
}

function gzipJson(value: unknown): Buffer {
  return gzipSync(Buffer.from(encodeGoJson(value), 'utf8'));
}

/** Everything but the tarball and velero-backup.json, in a fixed order. */
export async function putSideFiles(store: ObjectStore, name: string, files: SideFiles): Promise<void> {
  await store.put(backupLogKey(name), files.log);
  await store.put(backupResourceListKey(name), gzipJson(files.resourceList));
  await store.put(backupResultsKey(name), gzipJson({ errors: files.results.errors, warnings: files.results.warnings }));
  await store.put(backupItemOperationsKey(name), gzipJson([]));
  // A resource-only backup has neither; Velero writes its nil slices as null.
  await store.put(backupVolumeSnapshotsKey(name), gzipJson(null));
  await store.put(backupPodVolumeBackupsKey(name), gzipJson(null));
  await store.put(backupVolumeInfoKey(name), gzipJson([]));
}

/** The Backup as velero-backup.json holds it: kind and apiVersion first, pretty-printed. */
export function backupMetadataJson(backup: Backup): string {
  const { apiVersion, kind, metadata, spec, status, ...rest } = backup;
  return `${JSON.stringify({ kind: kind ?? 'Backup', apiVersion: apiVersion ?? 'velero.io/v1', metadata, spec, status, ...rest }, null, 2)}\n`;
}

export async function putBackupMetadata(store: ObjectStore, backup: Backup): Promise<void> {
  await store.put(backupMetadataKey(backup.metadata.name ?? ''), backupMetadataJson(backup));
}

/** Side files, then velero-backup.json (the tarball is already stored). */
export async function persistBackupFiles(store: ObjectStore, backup: Backup, files: SideFiles): Promise<void> {
  await putSideFiles(store, backup.metadata.name ?? '', files);
  await putBackupMetadata(store, backup);
}
