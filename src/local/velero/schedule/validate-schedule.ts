import type { Schedule } from '../../../api/velero/index.js';
import { parseCron, type CronSchedule } from '../../../util/cron.js';

export const EMPTY_SCHEDULE_ERROR = 'Schedule must be a non-empty valid Cron expression';

export type ScheduleValidation = { cron: CronSchedule; errors: [] } | { cron: undefined; errors: string[] };

/**
 * Velero's checks on `spec.schedule` (spec/velero.md §1.6), with its messages. The template is not
 * validated here: a bad template shows up as FailedValidation Backups, as with Velero.
 */
export function validateSchedule(schedule: Schedule, timeZone?: string): ScheduleValidation {
  const expression = schedule.spec?.schedule ?? '';
  if (expression === '') return { cron: undefined, errors: [EMPTY_SCHEDULE_ERROR] };
  try {
    return { cron: parseCron(expression, { timeZone }), errors: [] };
  } catch (err) {
    return { cron: undefined, errors: [`invalid schedule: ${(err as Error).message}`] };
  }
}
