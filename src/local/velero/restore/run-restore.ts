// Executes one velero.io/v1 Restore against a cluster (spec/velero.md §5): validation, the backup
// tarball streamed from its storage location into a private temp directory, the items restored
// in Velero's order, the restore's files written back to the storage location, and the final
// status. Writes to the Restore object itself are left to the caller (the controller).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { BackupStorageLocation, Restore, RestoreProgress, RestoreSpec, RestoreStatus } from '../../../api/velero/index.js';
import { systemClock, type Clock, type KubeClient } from '../../../kube/index.js';
import { readTarGz } from '../archive/index.js';
import { formatVeleroTime } from '../backup/duration.js';
import { backupContentsKey } from '../layout.js';
import type { ObjectStore } from '../object-store/index.js';
import { extractBackup, type BackupContents } from './backup-contents.js';
import { putRestoreLog, putRestoreOutputs } from './restore-files.js';
import { RestoreLog } from './restore-log.js';
import { RestoredItems } from './restored-items.js';
import { ContentsRestorer } from './restorer.js';
import { ResultBuilder, type RestoreResults } from './results.js';
import { validateRestore } from './validate.js';

/** Velero's --resource-timeout and --terminating-resource-timeout default. */
export const DEFAULT_RESOURCE_TIMEOUT_MS = 10 * 60_000;

/** Opens the store of the backup's storage location once validation has found it. */
export type StoreOpener = (location: BackupStorageLocation) => Promise<ObjectStore & { close?(): void }>;

export interface RunRestoreOptions {
  client: KubeClient;
  restore: Restore;
  /** The backup's storage location as a store, or how to open it from the BackupStorageLocation. */
  store: ObjectStore | StoreOpener;
  log: Logger;
  clock?: Clock;
  signal?: AbortSignal;
  /** Where the tarball is unpacked (a private directory is made inside); default the OS temp dir. */
  tempDir?: string;
  resourceTimeoutMs?: number;
  /** Called once validation passed, before anything is read or restored: persist `InProgress` here. */
  onStarted?(update: RestoreUpdate): Promise<void>;
  /** Called at most once a second while items are restored. */
  onProgress?(progress: RestoreProgress): void;
}

export interface RestoreUpdate {
  /** The spec after Velero's mutations (§1.7): persist it with the status. */
  spec: RestoreSpec;
  status: RestoreStatus;
}

export interface RestoreOutcome extends RestoreUpdate {
  /** What went into `restore-<name>-results.gz`; absent when the restore did not run. */
  results?: RestoreResults;
  /** What went into `restore-<name>-resource-list.json.gz`. */
  resourceList?: Record<string, string[]>;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isStoreOpener(store: ObjectStore | StoreOpener): store is StoreOpener {
  return typeof store === 'function';
}

export async function runRestore(opts: RunRestoreOptions): Promise<RestoreOutcome> {
  const { client, restore, signal } = opts;
  const clock = opts.clock ?? systemClock;
  const namespace = restore.metadata.namespace ?? '';
  const name = restore.metadata.name ?? '';
  const log = opts.log.child({ restore: `${namespace}/${name}` });

  const validated = await validateRestore(client, restore, signal);
  const { spec } = validated;
  if (validated.validationErrors.length > 0 || !validated.backup || !validated.location) {
    log.warn({ validationErrors: validated.validationErrors }, 'restore failed validation');
    return { spec, status: { phase: 'FailedValidation', validationErrors: validated.validationErrors } };
  }
  const backupName = validated.backup.metadata.name ?? '';
  const startTimestamp = formatVeleroTime(clock.now());
  await opts.onStarted?.({ spec, status: { phase: 'InProgress', startTimestamp } });
  const failed = (failureReason: string): RestoreOutcome => {
    log.error({ failureReason }, 'restore failed');
    return { spec, status: { phase: 'Failed', failureReason, startTimestamp, completionTimestamp: formatVeleroTime(clock.now()) } };
  };

  let store: ObjectStore & { close?(): void };
  try {
    store = isStoreOpener(opts.store) ? await opts.store(validated.location) : opts.store;
  } catch (err) {
    return failed(`error getting backup store: ${errMessage(err)}`);
  }
  const work = await mkdtemp(path.join(opts.tempDir ?? tmpdir(), 'lifeboat-restore-'));
  const restoreLog = new RestoreLog(path.join(work, 'restore.log'), log, `${namespace}/${name}`, () => clock.now());
  let contents: BackupContents | undefined;
  try {
    const warnings = new ResultBuilder();
    const errors = new ResultBuilder();
    const restored = new RestoredItems();
    restoreLog.info(`Reading backup ${namespace}/${backupName} from ${store.description}`);

    let source: Readable;
    try {
      source = await store.get(backupContentsKey(backupName));
    } catch (err) {
      restoreLog.error(`error downloading backup: ${errMessage(err)}`);
      return failed(`error downloading backup: ${errMessage(err)}`);
    }
    // A failing source is a download failure (Failed); a source that delivers bad bytes is a
    // corrupt archive (an error of the restore, as in Velero).
    let downloadError: unknown;
    source.on('error', (err) => (downloadError ??= err));
    const contentsDir = path.join(work, 'contents');
    await mkdir(contentsDir, { mode: 0o700 });
    try {
      contents = await extractBackup(readTarGz(source), contentsDir, restoreLog);
    } catch (err) {
      throwIfAborted(signal);
      if (downloadError) return failed(`error downloading backup: ${errMessage(downloadError)}`);
      const message = `error extracting backup ${backupName}: ${errMessage(err)}`;
      restoreLog.error(message);
      errors.addVelero(message);
    }

    if (contents && !contents.resources) {
      warnings.addVelero(`zero items to be restored: directory ${JSON.stringify(contents.resourcesDir)}: does not exist`);
    } else if (contents) {
      await new ContentsRestorer({
        client,
        clock,
        spec,
        restoreName: name,
        restoreNamespace: namespace,
        backupName,
        contents,
        log: restoreLog,
        warnings,
        errors,
        restored,
        resourceTimeoutMs: opts.resourceTimeoutMs ?? DEFAULT_RESOURCE_TIMEOUT_MS,
        onProgress: opts.onProgress,
        signal,
      }).run();
    }

    const results: RestoreResults = { errors: errors.toJSON(), warnings: warnings.toJSON() };
    const resourceList = restored.resourceList();
    restoreLog.info(`Restored ${restored.size} items out of an estimated total of ${restored.size} (estimate will change throughout the restore)`);
    try {
      await putRestoreOutputs(store, name, results, resourceList);
    } catch (err) {
      // As in Velero: the restore happened; its files are a report, their loss is logged.
      log.error({ err: errMessage(err) }, 'error uploading restore results to backup storage');
    }
    const status: RestoreStatus = {
      phase: errors.count > 0 ? 'PartiallyFailed' : 'Completed',
      startTimestamp,
      completionTimestamp: formatVeleroTime(clock.now()),
      progress: { totalItems: restored.size, itemsRestored: restored.size },
    };
    if (warnings.count > 0) status.warnings = warnings.count;
    if (errors.count > 0) status.errors = errors.count;
    log.info({ phase: status.phase, items: restored.size, warnings: warnings.count, errors: errors.count }, 'restore finished');
    return { spec, status, results, resourceList };
  } catch (err) {
    throwIfAborted(signal);
    return failed(`error running restore: ${errMessage(err)}`);
  } finally {
    await putRestoreLog(store, name, restoreLog).catch((err: unknown) => log.error({ err: errMessage(err) }, 'error uploading restore log to backup storage'));
    contents?.close();
    await rm(work, { recursive: true, force: true });
    if (isStoreOpener(opts.store)) store.close?.();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the restore was aborted');
}
