// The Restore's Prometheus gauges, computed from the API at scrape time like the backup gauges
// (../metrics.ts): the phase, when the last sync cycle (or the restore) completed, and how old the
// newest restored backup is — on a passive hub, how far behind the primary it is.
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { ACM_RESTORE_PHASES, ACM_RESTORES, type AcmRestore } from '../../api/backup/index.js';
import { BACKUPS, RESTORES, type Backup, type Restore } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';
import { listIfServed } from '../doctor/api.js';
import { trackedNames } from './tracked.js';

export interface RestoreMetricsOptions {
  log?: Logger;
  now?: () => Date;
}

const RESTORED = ['Completed', 'PartiallyFailed'];

function ms(value: string | null | undefined): number | undefined {
  const t = Date.parse(value ?? '');
  return Number.isNaN(t) ? undefined : t;
}

/**
 * When the data of the newest backup a Restore has restored was taken: the start time of the
 * backups behind its tracked, finished velero restores.
 */
export function newestRestoredBackupStart(restore: AcmRestore, veleroRestores: readonly Restore[], backups: readonly Backup[]): number | undefined {
  let newest: number | undefined;
  for (const name of trackedNames(restore.status)) {
    const velero = veleroRestores.find((r) => r.metadata.name === name && r.metadata.namespace === restore.metadata.namespace);
    if (!velero || !RESTORED.includes(velero.status?.phase ?? '')) continue;
    const backup = backups.find((b) => b.metadata.name === velero.spec?.backupName && b.metadata.namespace === restore.metadata.namespace);
    const at = backup ? (ms(backup.status?.startTimestamp) ?? ms(backup.metadata.creationTimestamp)) : undefined;
    if (at !== undefined && (newest === undefined || at > newest)) newest = at;
  }
  return newest;
}

export function registerRestoreMetrics(registry: Registry, client: KubeClient, opts: RestoreMetricsOptions = {}): void {
  const now = opts.now ?? (() => new Date());
  const restores = async (): Promise<AcmRestore[]> => (await listIfServed<AcmRestore>(client, ACM_RESTORES)) ?? [];
  const fill = async (gauge: Gauge<string>, metric: string, body: () => Promise<void>): Promise<void> => {
    gauge.reset();
    try {
      await body();
    } catch (err) {
      gauge.reset();
      opts.log?.warn({ err: (err as Error).message, metric }, 'could not compute restore metric');
    }
  };
  const labelsOf = (r: AcmRestore) => ({ namespace: r.metadata.namespace ?? '', name: r.metadata.name ?? '' });

  new Gauge({
    name: 'lifeboat_restore_phase',
    help: 'Phase of each Restore: 1 for its current phase, 0 for the others (all 0 before the first reconcile).',
    labelNames: ['namespace', 'name', 'phase'],
    registers: [registry],
    async collect() {
      await fill(this, 'lifeboat_restore_phase', async () => {
        for (const r of await restores()) for (const phase of ACM_RESTORE_PHASES) this.set({ ...labelsOf(r), phase }, r.status?.phase === phase ? 1 : 0);
      });
    },
  });

  new Gauge({
    name: 'lifeboat_restore_last_sync_timestamp_seconds',
    help: 'When each Restore last completed (status.completionTimestamp, Unix seconds): the end of the last sync cycle of a passive Restore.',
    labelNames: ['namespace', 'name'],
    registers: [registry],
    async collect() {
      await fill(this, 'lifeboat_restore_last_sync_timestamp_seconds', async () => {
        for (const r of await restores()) {
          const at = ms(r.status?.completionTimestamp);
          if (at !== undefined) this.set(labelsOf(r), at / 1000);
        }
      });
    },
  });

  new Gauge({
    name: 'lifeboat_restore_backup_age_seconds',
    help: 'Seconds since the newest backup each Restore has restored was taken: how far a passive hub is behind the primary. Absent before the first restore completes.',
    labelNames: ['namespace', 'name'],
    registers: [registry],
    async collect() {
      await fill(this, 'lifeboat_restore_backup_age_seconds', async () => {
        const all = await restores();
        if (all.length === 0) return;
        const [veleroRestores, backups] = await Promise.all([listIfServed<Restore>(client, RESTORES), listIfServed<Backup>(client, BACKUPS)]);
        for (const r of all) {
          const at = newestRestoredBackupStart(r, veleroRestores ?? [], backups ?? []);
          if (at !== undefined) this.set(labelsOf(r), Math.max(0, (now().getTime() - at) / 1000));
        }
      });
    },
  });
}
