// A velero Restore run without writes: what it would create and update on the cluster as it is now
// (`lifeboat restore preview`). The backup is read from its storage location and restored through
// the same ContentsRestorer as a real restore, in plan mode.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Restore } from '../../../api/velero/index.js';
import { systemClock, type KubeClient } from '../../../kube/index.js';
import { readTarGz } from '../archive/index.js';
import { backupContentsKey } from '../layout.js';
import type { ObjectStore } from '../object-store/index.js';
import { extractBackup } from './backup-contents.js';
import { RestorePlanRecorder, type PlannedItem } from './plan-recorder.js';
import { RestoreLog } from './restore-log.js';
import { RestoredItems } from './restored-items.js';
import { ContentsRestorer } from './restorer.js';
import { ResultBuilder } from './results.js';
import { DEFAULT_RESOURCE_TIMEOUT_MS } from './run-restore.js';
import { completeSpec } from './validate.js';

export interface PlanRestoreOptions {
  client: KubeClient;
  /** The velero Restore as it would be created (its spec.backupName names the backup). */
  restore: Restore;
  /** The storage location holding the backup. */
  store: ObjectStore;
  log: Logger;
  tempDir?: string;
  signal?: AbortSignal;
}

export async function planRestore(opts: PlanRestoreOptions): Promise<PlannedItem[]> {
  const spec = completeSpec(opts.restore.spec);
  const backupName = spec.backupName ?? '';
  const namespace = opts.restore.metadata.namespace ?? '';
  const work = await mkdtemp(path.join(opts.tempDir ?? tmpdir(), 'lifeboat-restore-plan-'));
  const log = new RestoreLog(path.join(work, 'restore.log'), opts.log, `${namespace}/${opts.restore.metadata.name ?? ''}`, () => Date.now());
  const recorder = new RestorePlanRecorder();
  let contents;
  try {
    const contentsDir = path.join(work, 'contents');
    await mkdir(contentsDir, { mode: 0o700 });
    contents = await extractBackup(readTarGz(await opts.store.get(backupContentsKey(backupName))), contentsDir, log);
    await new ContentsRestorer({
      client: opts.client,
      clock: systemClock,
      spec,
      restoreName: opts.restore.metadata.name ?? '',
      restoreNamespace: namespace,
      backupName,
      contents,
      log,
      warnings: new ResultBuilder(),
      errors: new ResultBuilder(),
      restored: new RestoredItems(),
      resourceTimeoutMs: DEFAULT_RESOURCE_TIMEOUT_MS,
      plan: recorder,
      signal: opts.signal,
    }).run();
    return recorder.items;
  } finally {
    contents?.close();
    await log.close().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}
