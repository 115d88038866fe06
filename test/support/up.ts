import { rm } from 'node:fs/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_BACKUP_NAMESPACE } from '../../src/api/backup/index.js';
import { DEFAULT_COLLISION_CHECK_INTERVAL_MS } from '../../src/backup/collision/index.js';
import { ensureNamespace, ensureStorageLocation } from '../../src/cli/local-storage.js';
import { startOperator } from '../../src/cli/run-operator.js';
import type { KubeClient } from '../../src/kube/index.js';
import { UP_CRD_SETS, installCrdSets } from './crds.js';
import { testLog } from './log.js';
import { tempDir } from './temp.js';
import type { Teardown } from './teardown.js';

export interface UpOptions {
  /** The directory of the storage location; otherwise a fresh one, removed at teardown. */
  storageDir?: string;
  /** Run the BackupSchedule controller, the collision check and the metrics too (`--no-backup-controllers` when false). Default true. */
  backupControllers?: boolean;
  /** Default 60 s, as `lifeboat up`. */
  backupSyncIntervalMs?: number;
  collisionCheckIntervalMs?: number;
}

/**
 * What `lifeboat up` adds to its hub, in this process: its CRDs, the backup namespace, the
 * storage location `default` owned by the DataProtectionApplication, and the operator's
 * controllers with the Velero-compatible engine.
 */
export async function runUp(client: KubeClient, kubeConfig: KubeConfig, teardown: Teardown, opts: UpOptions): Promise<void> {
  let dir = opts.storageDir;
  if (dir === undefined) {
    const own = await tempDir('up-storage');
    teardown.add(() => rm(own, { recursive: true, force: true }));
    dir = own;
  }
  await installCrdSets(client, UP_CRD_SETS);
  await ensureNamespace(client, DEFAULT_BACKUP_NAMESPACE);
  await ensureStorageLocation(client, DEFAULT_BACKUP_NAMESPACE, { kind: 'fs', dir });
  const operator = await startOperator(kubeConfig, {
    backupNamespace: DEFAULT_BACKUP_NAMESPACE,
    veleroEngine: true,
    backupSyncIntervalMs: opts.backupSyncIntervalMs ?? 60_000,
    collisionCheckIntervalMs: opts.collisionCheckIntervalMs ?? DEFAULT_COLLISION_CHECK_INTERVAL_MS,
    backupControllers: opts.backupControllers ?? true,
    leaderElection: false,
    log: testLog(),
  });
  teardown.add(() => operator.stop());
}
