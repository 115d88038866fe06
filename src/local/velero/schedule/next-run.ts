import type { Schedule } from '../../../api/velero/index.js';
import type { CronSchedule } from '../../../util/cron.js';

export interface RunDecision {
  /** The run the schedule waits for; undefined when the cron never fires again. */
  nextRunMs: number | undefined;
  /** Velero's rule: due once the clock is strictly past the next run. */
  due: boolean;
}

/**
 * When a schedule runs next (spec/velero.md §6.1): one cron slot after the last backup, or after
 * creation when there is none — so a new schedule never backs up at once — or after the last skip
 * when that is later. Any number of missed slots therefore yields a single catch-up backup.
 */
export function nextRun(schedule: Schedule, cron: CronSchedule, nowMs: number): RunDecision {
  let lastMs = parseTime(schedule.status?.lastBackup) ?? parseTime(schedule.metadata.creationTimestamp) ?? 0;
  const skippedMs = parseTime(schedule.status?.lastSkipped);
  if (skippedMs !== undefined && skippedMs > lastMs) lastMs = skippedMs;
  const next = cron.next(new Date(lastMs));
  if (!next) return { nextRunMs: undefined, due: false };
  return { nextRunMs: next.getTime(), due: nowMs > next.getTime() };
}

function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
