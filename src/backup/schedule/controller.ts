// Wires the BackupSchedule reconciler into the runtime: BackupSchedules in every namespace, and
// the velero Schedules they control (§0.1: the velero objects live in the CR's namespace).
// Beyond upstream, a schedule that failed validation is looked at again as soon as its cause may be
// gone — a storage location or a Restore changed — instead of only after the 60-second failure
// interval, and a CRD installed in a backed-up API group updates the schedules at once instead of
// at the next 5-minute pass.
import { ACM_RESTORES, BACKUP_SCHEDULES, BackupSchedulePhases, type BackupSchedule } from '../../api/backup/index.js';
import { BACKUP_STORAGE_LOCATIONS, SCHEDULES } from '../../api/velero/index.js';
import { CUSTOM_RESOURCE_DEFINITIONS as CRDS, type ControllerSpec, type KubeObject, type ReconcileRequest } from '../../kube/index.js';
import { shouldBackupApiGroup } from '../selection/index.js';
import { BackupScheduleReconciler, type BackupScheduleReconcilerOptions } from './reconciler.js';

export const BACKUP_SCHEDULE_CONTROLLER = 'backupschedule';

export type BackupScheduleControllerOptions = BackupScheduleReconcilerOptions;

export function backupScheduleController(opts: BackupScheduleControllerOptions = {}): ControllerSpec {
  const reconciler = new BackupScheduleReconciler(opts);
  /** Requests for the chosen BackupSchedules, each woken past the generation gate. */
  const wake = (schedules: readonly KubeObject[]): ReconcileRequest[] =>
    schedules.map((bsch) => {
      const request = { namespace: bsch.metadata?.namespace ?? '', name: bsch.metadata?.name ?? '' };
      reconciler.wake(request);
      return request;
    });
  const failedValidation = (bsch: KubeObject): boolean => (bsch as BackupSchedule).status?.phase === BackupSchedulePhases.FailedValidation;
  return {
    name: BACKUP_SCHEDULE_CONTROLLER,
    for: BACKUP_SCHEDULES,
    owns: [SCHEDULES],
    watches: [
      // Any namespace: "no storage location anywhere" is one of the failures (§2.2 step 5).
      { target: BACKUP_STORAGE_LOCATIONS, map: (_location, primaries) => wake(primaries().filter(failedValidation)) },
      {
        target: ACM_RESTORES,
        map: (restore, primaries) => wake(primaries().filter((b) => failedValidation(b) && b.metadata?.namespace === restore.metadata?.namespace)),
      },
      {
        target: CRDS,
        map: (crd, primaries) => (shouldBackupApiGroup((crd as { spec?: { group?: string } }).spec?.group ?? '') ? wake(primaries()) : []),
      },
    ],
    reconciler,
  };
}
