// Where the BackupSchedule controller hands over to work owned by other modules: prepareForBackup
// (hub-backup.md §2.8), backup collision detection (§3, decision 2) and the MSA cleanup of §2.2
// step 7. They are injectable so a caller can observe or replace them; the defaults are the real ones.
import type { Logger } from 'pino';
import type { BackupSchedule } from '../../api/backup/index.js';
import type { ReconcileContext } from '../../kube/index.js';
import { checkBackupCollision } from '../collision/index.js';
import { cleanupMsaArtifacts } from '../msa/index.js';
import { prepareForBackup } from '../prepare/index.js';

export interface BackupScheduleHooks {
  /** Labels what must be backed up (MSA, hive, agent-install, baremetal). A throw aborts the pass, which is retried. */
  prepareForBackup(ctx: ReconcileContext, backupSchedule: BackupSchedule): Promise<void>;
  /**
   * The collision message, or undefined when this hub still owns the storage. On a collision the
   * phase is already `BackupCollision` and the velero Schedules are deleted when this returns
   * (decision 2); the controller then stops.
   */
  checkCollision(ctx: ReconcileContext, backupSchedule: BackupSchedule): Promise<string | undefined>;
  /** useManagedServiceAccount is set but the component is disabled: remove what the MSA preparation created, not the MSAs. */
  cleanupDisabledManagedServiceAccount(ctx: ReconcileContext, backupSchedule: BackupSchedule): Promise<void>;
}

/** The real implementations, logging through `log`. */
export function defaultHooks(log: Logger): BackupScheduleHooks {
  return {
    prepareForBackup: (ctx, backupSchedule) => prepareForBackup(ctx, backupSchedule, { log }),
    checkCollision: async (ctx, backupSchedule) => {
      const result = await checkBackupCollision(ctx, backupSchedule, { log });
      return result.collided ? (result.message ?? '') : undefined;
    },
    cleanupDisabledManagedServiceAccount: async (ctx) => {
      await cleanupMsaArtifacts(ctx.client, { deleteMsas: false, log, signal: ctx.signal });
    },
  };
}
