import { rm } from 'node:fs/promises';
import {
  BACKUP_STORAGE_LOCATIONS,
  FS_PROVIDER,
  VELERO_API_VERSION,
  type BackupStorageLocation,
  type BackupStorageLocationSpec,
} from '../../src/api/velero/index.js';
import type { KubeClient } from '../../src/kube/index.js';
import { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { tempDir } from './temp.js';
import type { Teardown } from './teardown.js';

/** The namespace of the velero.io objects on a test hub started with a storage location. */
export const VELERO_NS = 'velero';

export interface LocationOptions {
  /** Default `default`. */
  name?: string;
  /** A directory shared with other hubs (left in place); otherwise a fresh one, removed at teardown. */
  dir?: string;
  /** Sets spec.default, which Backups without a storageLocation go to. */
  default?: boolean;
}

export interface StorageLocation {
  name: string;
  dir: string;
  store: FsObjectStore;
}

/** Creates a BackupStorageLocation and marks it as the BSL controller would after validating it. */
export async function createLocation(
  client: KubeClient,
  name: string,
  spec: BackupStorageLocationSpec,
  phase: 'Available' | 'Unavailable' = 'Available',
): Promise<BackupStorageLocation> {
  const bsl: BackupStorageLocation = { apiVersion: VELERO_API_VERSION, kind: 'BackupStorageLocation', metadata: { name, namespace: VELERO_NS }, spec };
  await client.create(BACKUP_STORAGE_LOCATIONS, bsl);
  return client.patch<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, name, { status: { phase } }, { type: 'merge', namespace: VELERO_NS });
}

/** An Available directory BackupStorageLocation in the velero namespace (which must exist). */
export async function addStorageLocation(client: KubeClient, teardown: Teardown, opts: LocationOptions): Promise<StorageLocation> {
  const name = opts.name ?? 'default';
  let dir = opts.dir;
  if (dir === undefined) {
    const own = await tempDir('velero-store');
    teardown.add(() => rm(own, { recursive: true, force: true }));
    dir = own;
  }
  await createLocation(client, name, { provider: FS_PROVIDER, objectStorage: { bucket: dir }, ...(opts.default ? { default: true } : {}) });
  return { name, dir, store: new FsObjectStore(dir) };
}
