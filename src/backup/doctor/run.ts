// Runs every check of the `backup-restore-enabled` policy, in the policy's template order.

import { KubeApiError, KubeTimeoutError, type KubeClient } from '../../kube/index.js';
import { isEmbeddedHub } from './api.js';
import { autoImportAccountSecret, autoImportBackupLabel } from './checks/auto-import.js';
import { backupInProgressReport, backupScheduleCronEnabled, managedClustersBackupsAvailable, resourcesBackupsAvailable } from './checks/backups.js';
import { clusterBackupEnabled } from './checks/installer.js';
import { customOadpChannelValidation, oadpChannelValidation, oadpOperatorExists } from './checks/oadp-subscription.js';
import { backupPodRunning, oadpPodRunning, veleroPodRunning } from './checks/pods.js';
import { backupCollisionReport, backupPhaseValidation } from './checks/schedule-status.js';
import { backupStorageLocationAvailable, dataProtectionApplicationAvailable } from './checks/storage.js';
import { vmConfigSetup } from './checks/vm-config.js';
import type { CheckContext, CheckDefinition, CheckResult, DoctorOptions } from './types.js';

export const CHECKS: readonly CheckDefinition[] = Object.freeze([
  clusterBackupEnabled,
  autoImportBackupLabel,
  autoImportAccountSecret,
  vmConfigSetup,
  backupPodRunning,
  oadpPodRunning,
  veleroPodRunning,
  dataProtectionApplicationAvailable,
  backupStorageLocationAvailable,
  backupScheduleCronEnabled,
  managedClustersBackupsAvailable,
  resourcesBackupsAvailable,
  backupInProgressReport,
  backupCollisionReport,
  backupPhaseValidation,
  oadpOperatorExists,
  oadpChannelValidation,
  customOadpChannelValidation,
]);

/**
 * Every check, one after another (they are small reads; running them in sequence keeps the load
 * on the API server low). A check whose reads the API refuses reports `fail` with the API's
 * error, so one broken API never hides the other results; an unreachable server or rejected
 * credentials throw instead, since then no check can be judged.
 */
export async function runDoctor(client: KubeClient, opts: DoctorOptions): Promise<CheckResult[]> {
  const ctx: CheckContext = { client, backupNamespace: opts.backupNamespace, now: opts.now ?? new Date(), embeddedHub: await isEmbeddedHub(client) };
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    try {
      results.push({ id: check.id, title: check.title, ...(await check.run(ctx)) });
    } catch (err) {
      if (cannotJudgeAnyCheck(err)) throw err;
      results.push({ id: check.id, title: check.title, status: 'fail', reason: `could not read the cluster: ${(err as Error).message}` });
    }
  }
  return results;
}

/** All applicable checks passed. */
export function doctorPassed(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.status !== 'fail');
}

/** The server is gone, too slow, or does not accept these credentials. */
function cannotJudgeAnyCheck(err: unknown): boolean {
  if (err instanceof KubeTimeoutError) return true;
  if (err instanceof KubeApiError) return err.code === 401;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
