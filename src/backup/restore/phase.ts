// The Restore's phase read off its velero restores (hub-backup.md §4.6, `setRestorePhase`). A pure
// function: the first tracked restore still running decides; once all are done, sync mode makes
// the Restore Enabled and a one-shot restore Finished.
import {
  AcmRestorePhases,
  MSG_FINISHED,
  MSG_FINISHED_WITH_ERRORS,
  MSG_SYNC_ENABLED,
  isRestoreEnabled,
  msgNothingToDo,
  msgRestoreStarted,
  msgVeleroRestoreFailed,
  msgVeleroRestoreRunning,
  msgVeleroRestoreStarted,
  type AcmRestore,
  type AcmRestorePhase,
} from '../../api/backup/index.js';
import type { Restore } from '../../api/velero/index.js';
import { allSkipped, isSkip } from './spec-values.js';
import { hasValidSyncOptions } from './sync-options.js';
import { countedRestores } from './tracked.js';

export interface PhaseDecision {
  phase: AcmRestorePhase;
  message: string;
  /** A sync cycle just ended: delta cleanup runs and completionTimestamp is set (§4.2 step 11). */
  cleanupOnEnabled: boolean;
}

const FINISHED_VELERO_PHASES = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'];

export function computePhase(restore: AcmRestore, owned: readonly Restore[]): PhaseDecision {
  const current = restore.status?.phase ?? '';
  const unchanged: PhaseDecision = { phase: current, message: restore.status?.lastMessage ?? '', cleanupOnEnabled: false };
  const name = restore.metadata.name ?? '';
  if (current === AcmRestorePhases.Enabled && restore.spec.syncRestoreWithNewBackups === true) return unchanged;
  if (owned.length === 0) {
    return allSkipped(restore.spec)
      ? { phase: AcmRestorePhases.Finished, message: msgNothingToDo(name), cleanupOnEnabled: false }
      : { phase: AcmRestorePhases.Started, message: msgRestoreStarted(name), cleanupOnEnabled: false };
  }
  const validSync = hasValidSyncOptions(restore.spec);
  let partial = false;
  let allFinished = true;
  for (const velero of countedRestores(restore.status, owned)) {
    const veleroName = velero.metadata.name ?? '';
    const phase: string = velero.status?.phase ?? '';
    if (phase === '' || phase === 'New') return { phase: AcmRestorePhases.Started, message: msgVeleroRestoreStarted(veleroName), cleanupOnEnabled: false };
    if (phase === 'InProgress') return { phase: AcmRestorePhases.Running, message: msgVeleroRestoreRunning(veleroName), cleanupOnEnabled: false };
    if (phase === 'Failed' || phase === 'FailedValidation') {
      const enabled = isRestoreEnabled(current) || validSync;
      return {
        phase: enabled ? AcmRestorePhases.EnabledWithErrors : AcmRestorePhases.Error,
        message: msgVeleroRestoreFailed(veleroName),
        cleanupOnEnabled: enabled,
      };
    }
    if (phase.includes('PartiallyFailed')) partial = true;
    if (!FINISHED_VELERO_PHASES.includes(phase)) allFinished = false;
  }
  if (validSync && isSkip(restore.spec.veleroManagedClustersBackupName)) {
    return { phase: AcmRestorePhases.Enabled, message: MSG_SYNC_ENABLED, cleanupOnEnabled: true };
  }
  if (allFinished) {
    return partial
      ? { phase: AcmRestorePhases.FinishedWithErrors, message: MSG_FINISHED_WITH_ERRORS, cleanupOnEnabled: false }
      : { phase: AcmRestorePhases.Finished, message: MSG_FINISHED, cleanupOnEnabled: false };
  }
  return unchanged;
}
