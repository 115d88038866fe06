// The backup operator's Prometheus gauges, computed from the API when Prometheus scrapes (never
// from controller memory, so they are right after a restart and on a passive hub alike).

import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { BACKUP_SCHEDULE_PHASES, BACKUP_SCHEDULES, LABEL_BACKUP_SCHEDULE_TYPE, RESOURCE_TYPES, type BackupSchedule } from '../api/backup/index.js';
import type { Backup } from '../api/velero/index.js';
import type { KubeClient } from '../kube/index.js';
import { listIfServed } from './doctor/api.js';
import { completedAt, isCompleted, listBackups, startedAt } from './doctor/backups.js';
import { runDoctor, type CheckResult, type CheckStatus } from './doctor/index.js';

export interface BackupMetricsOptions {
  /** Where the velero Backups are (Velero's namespace). */
  backupNamespace: string;
  /**
   * The doctor reads ~20 lists; its results are reused for this long so that frequent scrapes do
   * not load the API server. Default 60 s; 0 recomputes on every scrape.
   */
  doctorMaxAgeMs?: number;
  /** Read failures are logged here; the affected series are then absent from that scrape. */
  log?: Logger;
  now?: () => Date;
}

const CHECK_STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'not-applicable'];

/** Registers the gauges on `registry` (the Manager's `metrics`). */
export function registerBackupMetrics(registry: Registry, client: KubeClient, opts: BackupMetricsOptions): void {
  const now = opts.now ?? (() => new Date());
  const namespace = opts.backupNamespace;
  // prom-client starts every collect of one scrape together: they share one listing of the Backups.
  const backups = shortLived(() => listBackups(client, namespace, LABEL_BACKUP_SCHEDULE_TYPE), 0);
  const doctor = shortLived(() => runDoctor(client, { backupNamespace: namespace, now: now() }), opts.doctorMaxAgeMs ?? 60_000);
  const guard = async (what: string, gauge: Gauge<string>, fill: () => Promise<void>) => {
    gauge.reset();
    try {
      await fill();
    } catch (err) {
      gauge.reset();
      opts.log?.warn({ err: (err as Error).message, metric: what }, 'could not compute backup metric');
    }
  };

  new Gauge({
    name: 'lifeboat_backupschedule_phase',
    help: 'Phase of each BackupSchedule: 1 for its current phase, 0 for the others (all 0 before the first reconcile).',
    labelNames: ['namespace', 'name', 'phase'],
    registers: [registry],
    async collect() {
      await guard('lifeboat_backupschedule_phase', this, async () => {
        // No BackupSchedule API yet (CRDs not applied) means no schedules, not an error.
        for (const schedule of (await listIfServed<BackupSchedule>(client, BACKUP_SCHEDULES)) ?? []) {
          const labels = { namespace: schedule.metadata.namespace ?? '', name: schedule.metadata.name ?? '' };
          for (const phase of BACKUP_SCHEDULE_PHASES) this.set({ ...labels, phase }, schedule.status?.phase === phase ? 1 : 0);
        }
      });
    },
  });

  new Gauge({
    name: 'lifeboat_backup_last_completed_timestamp_seconds',
    help: 'Completion time (Unix seconds) of the newest Completed velero Backup of each backup-schedule-type.',
    labelNames: ['namespace', 'type'],
    registers: [registry],
    async collect() {
      await guard('lifeboat_backup_last_completed_timestamp_seconds', this, async () => {
        for (const [type, at] of newestCompletedByType(await backups())) this.set({ namespace, type }, at / 1000);
      });
    },
  });

  new Gauge({
    name: 'lifeboat_backup_recovery_point_age_seconds',
    help: 'Seconds since the newest Completed hub backup (not counting validation heartbeats) was started: the data a restore now would lose. Absent when there is none.',
    labelNames: ['namespace'],
    registers: [registry],
    async collect() {
      await guard('lifeboat_backup_recovery_point_age_seconds', this, async () => {
        const point = recoveryPoint(await backups());
        if (point !== undefined) this.set({ namespace }, Math.max(0, (now().getTime() - point) / 1000));
      });
    },
  });

  new Gauge({
    name: 'lifeboat_doctor_check',
    help: 'Result of each backup-restore-enabled policy check (lifeboat doctor): 1 for its current status, 0 for the others.',
    labelNames: ['check', 'status'],
    registers: [registry],
    async collect() {
      await guard('lifeboat_doctor_check', this, async () => {
        const results: CheckResult[] = await doctor();
        for (const r of results) for (const status of CHECK_STATUSES) this.set({ check: r.id, status }, r.status === status ? 1 : 0);
      });
    },
  });
}

/** Newest completion time (ms) per `backup-schedule-type` label value, Completed backups only. */
function newestCompletedByType(backups: readonly Backup[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const b of backups) {
    const type = b.metadata.labels?.[LABEL_BACKUP_SCHEDULE_TYPE];
    const at = isCompleted(b) ? completedAt(b) : undefined;
    if (!type || at === undefined) continue;
    if (at > (newest.get(type) ?? -Infinity)) newest.set(type, at);
  }
  return newest;
}

/**
 * When the data of the newest restorable backup was taken. The start time, not the completion
 * time: objects changed while the backup ran may be missing from it, so this errs on the old side.
 */
function recoveryPoint(backups: readonly Backup[]): number | undefined {
  let point: number | undefined;
  for (const b of backups) {
    if (!isCompleted(b) || b.metadata.labels?.[LABEL_BACKUP_SCHEDULE_TYPE] === RESOURCE_TYPES.validation) continue;
    const at = startedAt(b);
    if (at !== undefined && (point === undefined || at > point)) point = at;
  }
  return point;
}

/**
 * Shares one in-flight call between callers, then reuses its result for `maxAgeMs` after it
 * settled (0: only while in flight). A failed call is never reused.
 */
function shortLived<T>(load: () => Promise<T>, maxAgeMs: number): () => Promise<T> {
  let cached: { value: Promise<T>; settledAt?: number } | undefined;
  return () => {
    if (cached && (cached.settledAt === undefined || Date.now() - cached.settledAt < maxAgeMs)) return cached.value;
    const entry: { value: Promise<T>; settledAt?: number } = { value: load() };
    cached = entry;
    entry.value.then(
      () => (entry.settledAt = Date.now()),
      () => {
        if (cached === entry) cached = undefined;
      },
    );
    return entry.value;
  };
}
