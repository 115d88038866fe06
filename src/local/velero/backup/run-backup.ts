// Executes one velero.io/v1 Backup against the API and a storage location, writing Velero's own
// layout (spec/velero.md §1.3–1.5, §2, §3, §4, §11): validation and defaults first, then every
// selected object streamed into `<name>.tar.gz`, then the side files, then velero-backup.json.
import type { Logger } from 'pino';
import type { Backup, BackupStorageLocation } from '../../../api/velero/types.js';
import { systemClock, type Clock, type KubeClient } from '../../../kube/index.js';
import { createTarGzUpload, type TarGzUpload } from '../archive/upload.js';
import { discoverApiResources } from '../filters/api-resources.js';
import { NamespaceFilter } from '../filters/namespace-filter.js';
import { resourceFilterForSpec, usesOldResourceFilters, type OldResourceFilter, type ScopedResourceFilter } from '../filters/resource-filter.js';
import { backupContentsKey, backupMetadataKey } from '../layout.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { openObjectStore } from '../object-store/open-store.js';
import { ArchiveWriteError, BackupArchive } from './backup-archive.js';
import { BackupLog } from './backup-log.js';
import { apiBackupReporter, type BackupReporter } from './backup-status.js';
import { ItemCollector } from './collect-items.js';
import { formatVeleroTime } from './duration.js';
import { CORE_NAMESPACES, listObjects } from './list-pages.js';
import { NamespaceTracker } from './namespace-tracker.js';
import { persistBackupFiles } from './persist-backup.js';
import { prepareBackup } from './prepare-backup.js';
import { AUTO_EXCLUDED_CLUSTER_SCOPED, AUTO_EXCLUDED_NAMESPACE_SCOPED, VELERO_SERVER_DEFAULTS, type BackupServerDefaults } from './server-defaults.js';

/** Opens the store of a validated storage location; the default opens it from the BSL spec. */
export type StoreOpener = (bsl: BackupStorageLocation) => Promise<ObjectStore & { close?(): void }>;

export interface RunBackupOptions {
  client: KubeClient;
  /** The Backup as read from the API (phase `""` or `New`). */
  backup: Backup;
  /** The storage location's store, or how to open it. Default: openObjectStore on the resolved BSL. */
  store?: ObjectStore | StoreOpener;
  log: Logger;
  clock?: Clock;
  signal?: AbortSignal;
  /** Where start and progress are reported; default patches the Backup. `null`: nowhere. */
  reporter?: BackupReporter | null;
  defaults?: Partial<BackupServerDefaults>;
  /** How often status.progress is reported. Default 3 s. */
  progressIntervalMs?: number;
}

function noError(): undefined {
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs the backup and returns it in its terminal phase: `FailedValidation`, `Completed`,
 * `PartiallyFailed` (errors were logged) or `Failed` (with `failureReason`). The caller writes
 * that status to the API. Throws only when `signal` aborts: the Backup then stays InProgress and
 * failInterruptedBackups marks it Failed at the next start, as Velero does.
 */
export async function runBackup(opts: RunBackupOptions): Promise<Backup> {
  const clock = opts.clock ?? systemClock;
  const { client, signal } = opts;
  const namespace = opts.backup.metadata.namespace ?? '';
  const name = opts.backup.metadata.name ?? '';
  const log = opts.log.child({ backup: `${namespace}/${name}` });
  const reporter = opts.reporter === undefined ? apiBackupReporter(client, opts.backup, log, signal) : opts.reporter;
  const defaults: BackupServerDefaults = { ...VELERO_SERVER_DEFAULTS, ...opts.defaults };

  const prepared = await prepareBackup(opts.backup, { client, clock, defaults, signal });
  const backup = prepared.backup;
  await reporter?.started(backup);
  if (prepared.validationErrors.length > 0) {
    log.warn({ validationErrors: prepared.validationErrors }, 'backup failed validation');
    return backup;
  }
  log.info({ storageLocation: backup.spec?.storageLocation }, 'backup started');

  const status = (backup.status ??= {});
  const fail = (reason: string): Backup => {
    status.phase = 'Failed';
    status.failureReason = reason;
    status.completionTimestamp = formatVeleroTime(clock.now());
    log.error({ failureReason: reason }, 'backup failed');
    return backup;
  };

  let store: ObjectStore & { close?(): void };
  try {
    store = await resolveStore(opts.store, prepared.storageLocation, client);
  } catch (err) {
    return fail(errorMessage(err));
  }
  try {
    try {
      if (await store.exists(backupMetadataKey(name))) return fail('backup already exists in object storage');
    } catch (err) {
      return fail(`error checking if backup already exists in object storage: ${errorMessage(err)}`);
    }
    return await execute({ ...opts, clock, log, reporter, defaults }, backup, store);
  } finally {
    store.close?.();
  }
}

async function resolveStore(
  given: RunBackupOptions['store'],
  bsl: BackupStorageLocation | undefined,
  client: KubeClient,
): Promise<ObjectStore & { close?(): void }> {
  if (given && typeof given !== 'function') return given;
  if (!bsl) throw new Error('the backup storage location could not be read');
  return given ? given(bsl) : openObjectStore(bsl, client);
}

interface ExecuteOptions extends RunBackupOptions {
  clock: Clock;
  reporter: BackupReporter | null;
  defaults: BackupServerDefaults;
}

async function execute(opts: ExecuteOptions, backup: Backup, store: ObjectStore): Promise<Backup> {
  const { client, clock, log, signal, reporter, defaults } = opts;
  const spec = backup.spec ?? {};
  const status = (backup.status ??= {});
  const name = backup.metadata.name ?? '';
  const backupLog = new BackupLog(`${backup.metadata.namespace ?? ''}/${name}`, clock, log);

  const tarball: TarGzUpload = createTarGzUpload(store, backupContentsKey(name), { now: () => new Date(clock.now()) });
  const archive = new BackupArchive(tarball);
  let collector: ItemCollector | undefined;
  let fatal: unknown;

  const stopProgress = new AbortController();
  const progressLoop = reportProgressPeriodically(() => collector?.progress, reporter, clock, opts.progressIntervalMs ?? 3000, stopProgress.signal);
  try {
    backupLog.info('Writing backup version file');
    await archive.writeVersion();

    const catalog = await discoverApiResources(client, signal);
    const existing = new Set<string>();
    const namespacesResource = catalog.byGroupResource('namespaces') ?? CORE_NAMESPACES;
    for await (const page of listObjects(client, namespacesResource, { pageSize: defaults.pageSize, signal })) {
      for (const ns of page) if (ns.metadata?.name) existing.add(ns.metadata.name);
    }
    const namespaceFilter = NamespaceFilter.forBackup(spec.includedNamespaces ?? [], spec.excludedNamespaces ?? [], [...existing]);
    if (namespaceFilter.wildcardExpanded) {
      const resolved = [...existing].filter((ns) => namespaceFilter.shouldInclude(ns));
      if (resolved.length === 0) backupLog.warn('no namespaces matched the resolution of wildcard patterns ');
      backupLog.info('Successfully expanded wildcard patterns', {
        expandedIncludes: namespaceFilter.includes.join(','),
        expandedExcludes: namespaceFilter.excludes.join(','),
      });
    }
    backupLog.info(`Including namespaces: ${namespaceFilter.includesString()}`);
    backupLog.info(`Excluding namespaces: ${namespaceFilter.excludesString()}`);

    const resourceFilter = resourceFilterForSpec(catalog, spec, namespaceFilter, [...AUTO_EXCLUDED_NAMESPACE_SCOPED, ...AUTO_EXCLUDED_CLUSTER_SCOPED]);
    logResourceFilter(backupLog, spec, resourceFilter);
    if (spec.hooks?.resources?.length) backupLog.warn('Backup hooks are not run by this engine: it executes no pods');
    if (spec.resourcePolicy)
      backupLog.warn(`Resource policies are not supported by this engine; ${spec.resourcePolicy.kind}/${spec.resourcePolicy.name} is ignored`);

    const tracker = new NamespaceTracker(namespaceFilter, spec.labelSelector, spec.orLabelSelectors);
    for await (const page of listObjects(client, namespacesResource, { pageSize: defaults.pageSize, signal })) {
      for (const ns of page) tracker.considerNamespace(ns);
    }

    collector = new ItemCollector({
      client,
      catalog,
      spec,
      resourceFilter,
      namespaceFilter,
      tracker,
      existingNamespaces: existing,
      archive,
      log: backupLog,
      pageSize: defaults.pageSize,
      signal,
    });
    await collector.run();
    await tarball.finish();
  } catch (err) {
    fatal = err;
    // A failed tarball write reports the writer's state; the store's own error says why.
    if (err instanceof ArchiveWriteError) fatal = (await tarball.finish().then(noError, (cause: unknown) => cause)) ?? err;
    await tarball.abort(err instanceof Error ? err : new Error(String(err)));
  } finally {
    stopProgress.abort();
    await progressLoop;
  }
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the backup was aborted');

  const written = archive.count;
  status.progress = { totalItems: written, itemsBackedUp: written };
  status.hookStatus = {};
  if (fatal !== undefined) backupLog.error('backup failed', { error: fatal });
  backupLog.info(`Backed up a total of ${written} items`);
  if (backupLog.warnings > 0) status.warnings = backupLog.warnings;
  if (backupLog.errors > 0) status.errors = backupLog.errors;
  status.phase = fatal !== undefined ? 'Failed' : backupLog.errors > 0 ? 'PartiallyFailed' : 'Completed';
  if (fatal !== undefined) status.failureReason = errorMessage(fatal);
  status.completionTimestamp = formatVeleroTime(clock.now());

  const files = { log: await backupLog.finish(), resourceList: archive.resourceList(), results: backupLog.results() };
  try {
    await persistBackupFiles(store, backup, files);
  } catch (err) {
    // A Failed backup keeps its own reason; a backup that could not be stored fails for that.
    if (fatal === undefined) {
      status.phase = 'Failed';
      status.failureReason = errorMessage(err);
    }
    log.error({ err: errorMessage(err) }, 'backup could not be stored');
  }
  log.info(
    { phase: status.phase, items: written, warnings: backupLog.warnings, errors: backupLog.errors, failureReason: status.failureReason },
    'backup finished',
  );
  return backup;
}

function logResourceFilter(log: BackupLog, spec: NonNullable<Backup['spec']>, filter: ReturnType<typeof resourceFilterForSpec>): void {
  if (usesOldResourceFilters(spec)) {
    const old = filter as OldResourceFilter;
    log.info(`Including resources: ${old.resources.includesString()}`);
    log.info(`Excluding resources: ${old.resources.excludesString()}`);
    return;
  }
  const scoped = filter as ScopedResourceFilter;
  log.info(`Including namespace-scoped resources: ${scoped.namespaceScoped.includesString()}`);
  log.info(`Excluding namespace-scoped resources: ${scoped.namespaceScoped.excludesString()}`);
  log.info(`Including cluster-scoped resources: ${scoped.clusterScoped.includes.join(', ')}`);
  log.info(`Excluding cluster-scoped resources: ${scoped.clusterScoped.excludesString()}`);
}

async function reportProgressPeriodically(
  current: () => { totalItems: number; itemsBackedUp: number } | undefined,
  reporter: BackupReporter | null,
  clock: Clock,
  intervalMs: number,
  stop: AbortSignal,
): Promise<void> {
  if (!reporter) return;
  let last = '';
  while (!stop.aborted) {
    await clock.sleep(intervalMs, stop);
    if (stop.aborted) return;
    const p = current();
    if (!p) continue;
    const snapshot = { totalItems: Math.max(p.totalItems, p.itemsBackedUp), itemsBackedUp: p.itemsBackedUp };
    const key = `${snapshot.totalItems}/${snapshot.itemsBackedUp}`;
    if (key === last) continue;
    last = key;
    await reporter.progress(snapshot);
  }
}
