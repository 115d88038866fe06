// backup-schedule-cron-enabled, acm-managed-clusters-schedule-backups-available,
// acm-resources-schedule-backups-available, acm-backup-in-progress-report.

import { MANAGED_CLUSTERS_SCHEDULE, RESOURCES_SCHEDULE, VALIDATION_SCHEDULE } from '../../../api/backup/index.js';
import { backupsOfSchedule, completedAt, isCompleted, listBackups, newest, startedAt } from '../backups.js';
import { formatAge, listNames, nameOf, timeOf } from '../describe.js';
import { fail, pass, type CheckDefinition } from '../types.js';

export const backupScheduleCronEnabled: CheckDefinition = {
  id: 'backup-schedule-cron-enabled',
  title: 'backup schedule is running (validation backup current)',
  async run({ client, backupNamespace, now }) {
    const backups = await backupsOfSchedule(client, backupNamespace, VALIDATION_SCHEDULE);
    if (backups.length === 0) {
      return fail(
        `no backup of ${VALIDATION_SCHEDULE} in ${backupNamespace}: there is no BackupSchedule there, or its velero schedules are not producing backups (check kubectl get backupschedule,schedules.velero.io -n ${backupNamespace})`,
      );
    }
    // The validation backup's TTL is one cron interval plus 5 minutes (§2.3.1): once the newest
    // has expired, the cron has stopped firing even if the operator has not deleted it yet.
    const current = backups.filter((b) => {
      const expires = timeOf(b.status?.expiration);
      return expires === undefined || expires > now.getTime();
    });
    const latest = newest(current) ?? current[0];
    if (latest) {
      const taken = startedAt(latest);
      return pass(`validation backup ${nameOf(latest)}${taken !== undefined ? ` was taken ${formatAge(now.getTime() - taken)} ago` : ''} and has not expired`);
    }
    const last = newest(backups) ?? backups[0];
    const expired = timeOf(last.status?.expiration) ?? now.getTime();
    return fail(
      `the newest validation backup ${nameOf(last)} expired ${formatAge(now.getTime() - expired)} ago and no newer one exists: the backup schedule has stopped running (check the BackupSchedule phase, the velero Schedule ${VALIDATION_SCHEDULE} and Velero)`,
    );
  },
};

function completedBackupsCheck(id: string, schedule: string, what: string): CheckDefinition {
  return {
    id,
    title: `a Completed ${what} backup exists`,
    async run({ client, backupNamespace, now }) {
      const backups = await backupsOfSchedule(client, backupNamespace, schedule);
      const completed = newest(backups.filter(isCompleted), completedAt);
      if (completed) {
        const at = completedAt(completed);
        return pass(`${nameOf(completed)} completed${at !== undefined ? ` ${formatAge(now.getTime() - at)} ago` : ''}`);
      }
      if (backups.length === 0) return fail(`no backup of ${schedule} in ${backupNamespace}: the BackupSchedule has not produced one yet, or is not running`);
      const latest = newest(backups) ?? backups[0];
      const why = latest.status?.failureReason ?? latest.status?.validationErrors?.join('; ');
      return fail(
        `none of the ${backups.length} backups of ${schedule} is Completed; the newest, ${nameOf(latest)}, is ${latest.status?.phase ?? 'not started'}${why ? `: ${why}` : ''} (see velero backup logs ${nameOf(latest)})`,
      );
    },
  };
}

export const managedClustersBackupsAvailable = completedBackupsCheck(
  'acm-managed-clusters-schedule-backups-available',
  MANAGED_CLUSTERS_SCHEDULE,
  'managed-clusters',
);
export const resourcesBackupsAvailable = completedBackupsCheck('acm-resources-schedule-backups-available', RESOURCES_SCHEDULE, 'resources');

export const backupInProgressReport: CheckDefinition = {
  id: 'acm-backup-in-progress-report',
  title: 'no backup stuck in progress',
  async run({ client, backupNamespace, now }) {
    const running = (await listBackups(client, backupNamespace)).filter((b) => b.status?.phase === 'InProgress');
    if (running.length === 0) return pass(`no Backup is InProgress in ${backupNamespace}`);
    const described = running.map((b) => {
      const since = startedAt(b);
      return `${nameOf(b)}${since !== undefined ? ` (for ${formatAge(now.getTime() - since)})` : ''}`;
    });
    return fail(`Backup ${listNames(described)} is InProgress: expected while a backup runs; if it stays there, Velero is stuck (check its logs)`);
  },
};
