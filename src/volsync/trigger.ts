// Triggers (volsync.md §1.2, §4): manual wins over schedule; neither means continuous. Schedules
// are robfig cron (decision 13) in the controller's local time zone unless the spec has a
// `CRON_TZ=` prefix, and count from the completion of the last sync, so overruns skip slots.
import type { Trigger } from '../api/volsync/index.js';
import { parseCron, type CronSchedule } from '../util/cron.js';

export type TriggerKind = 'manual' | 'schedule' | 'none';

export function triggerKind(trigger: Trigger | undefined): TriggerKind {
  if (trigger?.manual) return 'manual';
  if (trigger?.schedule) return 'schedule';
  return 'none';
}

/** The zone schedules without `CRON_TZ=` use: this process's, as robfig uses time.Local. */
export function controllerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function scheduleOf(trigger: Trigger | undefined): CronSchedule {
  return parseCron(trigger?.schedule ?? '', { timeZone: controllerTimeZone() });
}

/** `cron.Next(lastSyncTime)` for a schedule trigger; undefined for manual and continuous. Throws on a bad cronspec. */
export function nextSyncTime(trigger: Trigger | undefined, lastSyncTime: Date | undefined): Date | undefined {
  if (triggerKind(trigger) !== 'schedule') return undefined;
  return scheduleOf(trigger).next(lastSyncTime ?? new Date(0)) ?? undefined;
}

/** True when a scheduled sync did not finish before the slot after its next one. Throws on a bad cronspec. */
export function missedDeadline(trigger: Trigger | undefined, lastSyncTime: Date | undefined, now: Date): boolean {
  if (triggerKind(trigger) !== 'schedule' || !lastSyncTime) return false;
  const schedule = scheduleOf(trigger);
  const next = schedule.next(lastSyncTime);
  const afterNext = next && schedule.next(next);
  return afterNext !== null && afterNext !== undefined && afterNext.getTime() < now.getTime();
}
