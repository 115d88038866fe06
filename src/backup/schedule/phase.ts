// The BackupSchedule phase read off its velero Schedules (hub-backup.md §2.7): the first schedule,
// in list order, that is not enabled decides.
import {
  BackupSchedulePhases,
  MSG_SCHEDULES_ENABLED,
  MSG_SCHEDULES_FAILED_VALIDATION,
  MSG_SCHEDULES_INITIALIZED,
  MSG_SCHEDULES_NOT_ENABLED,
  type BackupSchedulePhase,
} from '../../api/backup/index.js';
import type { Schedule } from '../../api/velero/index.js';

export interface PhaseAndMessage {
  phase: BackupSchedulePhase;
  message: string;
}

export function phaseFromSchedules(schedules: readonly Schedule[]): PhaseAndMessage {
  if (schedules.length === 0) return { phase: BackupSchedulePhases.New, message: MSG_SCHEDULES_INITIALIZED };
  for (const schedule of schedules) {
    const phase = schedule.status?.phase ?? '';
    if (phase === '') return { phase: BackupSchedulePhases.Unknown, message: MSG_SCHEDULES_NOT_ENABLED };
    if (phase === 'New') return { phase: BackupSchedulePhases.New, message: MSG_SCHEDULES_INITIALIZED };
    if (phase === 'FailedValidation') return { phase: BackupSchedulePhases.FailedValidation, message: MSG_SCHEDULES_FAILED_VALIDATION };
  }
  return { phase: BackupSchedulePhases.Enabled, message: MSG_SCHEDULES_ENABLED };
}
