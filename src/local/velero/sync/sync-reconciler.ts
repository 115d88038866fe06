import { pino, type Logger } from 'pino';
import { BACKUP_STORAGE_LOCATIONS, type BackupStorageLocation } from '../../../api/velero/index.js';
import { isNotFound, type KubeClient } from '../../../kube/index.js';
import type { ReconcileContext, ReconcileRequest, ReconcileResult, Reconciler } from '../../../kube/runtime/contract.js';
import { formatVeleroTime } from '../backup/duration.js';
import { openObjectStore, type OpenedObjectStore } from '../object-store/open-store.js';
import { syncBackups } from './sync-backups.js';
import { DEFAULT_BACKUP_SYNC_PERIOD_MS, syncPeriodMs } from './sync-period.js';

/** Velero checks every location once a minute whether its sync is due. */
export const SYNC_CHECK_PERIOD_MS = 60_000;

export interface BackupSyncReconcilerOptions {
  log?: Logger;
  /** Velero's `--backup-sync-period`, used when a location sets none; 0 disables sync. Default 1 min. */
  defaultSyncPeriodMs?: number;
  /** How a storage location becomes a store; default openObjectStore. */
  openStore?: (bsl: BackupStorageLocation, client: KubeClient) => Promise<OpenedObjectStore>;
}

/**
 * Velero's backup sync controller (spec/velero.md §6.5), keyed by BackupStorageLocation: once per
 * sync period, and only while the location is Available, the Backups of the namespace are made to
 * match what the location holds; then `status.lastSyncedTime` records the round.
 * `spec.accessMode` does not matter: a ReadOnly location is synced too (restore-only hubs).
 */
export class BackupSyncReconciler implements Reconciler {
  private readonly log: Logger;
  private readonly defaultPeriodMs: number;
  private readonly openStore: (bsl: BackupStorageLocation, client: KubeClient) => Promise<OpenedObjectStore>;

  constructor(opts: BackupSyncReconcilerOptions = {}) {
    this.log = opts.log ?? pino({ level: 'silent' });
    this.defaultPeriodMs = opts.defaultSyncPeriodMs ?? DEFAULT_BACKUP_SYNC_PERIOD_MS;
    this.openStore = opts.openStore ?? openObjectStore;
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const { client, signal } = ctx;
    let location: BackupStorageLocation;
    try {
      location = await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, req.name, { namespace: req.namespace, signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const log = this.log.child({ backupLocation: `${req.namespace}/${req.name}` });
    const period = syncPeriodMs(location, this.defaultPeriodMs);
    // A change of the location's spec brings it back here.
    if (period === undefined) return;

    const now = ctx.clock.now();
    const lastSynced = location.status?.lastSyncedTime ? Date.parse(location.status.lastSyncedTime) : NaN;
    if (!Number.isNaN(lastSynced) && now < lastSynced + period) return { requeueAfterMs: lastSynced + period - now };
    if (location.status?.phase !== 'Available') {
      log.debug({ phase: location.status?.phase }, 'backup storage location is not available; not syncing');
      return { requeueAfterMs: SYNC_CHECK_PERIOD_MS };
    }

    let store: OpenedObjectStore;
    try {
      store = await this.openStore(location, client);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'error getting backup store for this location');
      return { requeueAfterMs: SYNC_CHECK_PERIOD_MS };
    }
    try {
      const report = await syncBackups(client, req.namespace, location, store, now, log, signal);
      if (report.created.length + report.deleted.length > 0) log.info({ created: report.created, deleted: report.deleted }, 'backup sync round done');
    } catch (err) {
      log.error({ err: (err as Error).message }, 'error listing backups in backup store');
      return { requeueAfterMs: SYNC_CHECK_PERIOD_MS };
    } finally {
      store.close();
    }

    await client.patch(
      BACKUP_STORAGE_LOCATIONS,
      req.name,
      { status: { lastSyncedTime: formatVeleroTime(now) } },
      { type: 'merge', namespace: req.namespace, signal },
    );
    return { requeueAfterMs: period };
  }
}
