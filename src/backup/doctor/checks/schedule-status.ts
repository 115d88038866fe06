// acm-backup-clusters-collision-report and acm-backup-phase-validation: the BackupSchedule and
// Restore phases the operator reports when something needs a person.

import { ACM_RESTORES, BACKUP_SCHEDULES, BackupSchedulePhases, AcmRestorePhases, type AcmRestore, type BackupSchedule } from '../../../api/backup/index.js';
import { apiName, listIfServed } from '../api.js';
import { qualifiedName } from '../describe.js';
import { fail, pass, type CheckDefinition } from '../types.js';

function describePhase(obj: BackupSchedule | AcmRestore): string {
  const phase = obj.status?.phase ? `is ${obj.status.phase}` : 'has no phase yet (the controller has not reconciled it)';
  return `${obj.kind} ${qualifiedName(obj)} ${phase}${obj.status?.lastMessage ? `: ${obj.status.lastMessage}` : ''}`;
}

export const backupCollisionReport: CheckDefinition = {
  id: 'acm-backup-clusters-collision-report',
  title: 'no backup collision',
  async run({ client }) {
    const schedules = await listIfServed<BackupSchedule>(client, BACKUP_SCHEDULES);
    if (schedules === undefined) return fail(`the ${apiName(BACKUP_SCHEDULES)} API is not served: apply deploy/crds/backup/`);
    const collided = schedules.filter((s) => s.status?.phase === BackupSchedulePhases.BackupCollision);
    if (collided.length === 0) return pass('no BackupSchedule is in BackupCollision');
    return fail(`${collided.map(describePhase).join('; ')}`);
  },
};

const BAD_SCHEDULE_PHASES = new Set<string>([BackupSchedulePhases.FailedValidation, BackupSchedulePhases.Failed, '']);
const BAD_RESTORE_PHASES = new Set<string>([AcmRestorePhases.Error, '']);

export const backupPhaseValidation: CheckDefinition = {
  id: 'acm-backup-phase-validation',
  title: 'BackupSchedule and Restore phases healthy',
  async run({ client }) {
    const schedules = await listIfServed<BackupSchedule>(client, BACKUP_SCHEDULES);
    const restores = await listIfServed<AcmRestore>(client, ACM_RESTORES);
    if (schedules === undefined || restores === undefined)
      return fail(`the ${apiName(BACKUP_SCHEDULES)} or ${apiName(ACM_RESTORES)} API is not served: apply deploy/crds/backup/`);
    const bad = [
      ...schedules.filter((s) => BAD_SCHEDULE_PHASES.has(s.status?.phase ?? '')),
      ...restores.filter((r) => BAD_RESTORE_PHASES.has(r.status?.phase ?? '')),
    ];
    if (bad.length === 0) return pass(`${schedules.length} BackupSchedule(s) and ${restores.length} Restore(s), none failed`);
    return fail(bad.map(describePhase).join('; '));
  },
};
