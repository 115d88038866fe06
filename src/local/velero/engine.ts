import type { Logger } from 'pino';
import type { KubeClient } from '../../kube/index.js';
import type { ControllerSpec } from '../../kube/runtime/contract.js';
import { BackupController, failInterruptedBackups } from './backup/index.js';
import { RestoreController, failInterruptedRestores } from './restore/index.js';
import { bslValidationController } from './bsl/index.js';
import { scheduleController } from './schedule/index.js';
import { gcController } from './gc/index.js';
import { deletionController } from './deletion/index.js';
import { backupSyncController } from './sync/index.js';

export interface VeleroEngineOptions {
  /** The namespace whose velero.io objects the engine executes (Velero's own namespace). */
  namespace: string;
  /** Backup sync period (Velero's --backup-sync-period, default 1 minute). */
  syncIntervalMs?: number;
  /** How often expired backups are collected (default 1 hour). */
  gcFrequencyMs?: number;
  log: Logger;
}

/**
 * Work a previous run left half done: backups and restores still InProgress were interrupted by a
 * crash and are marked Failed before anything else runs, never reported Completed (decision 12).
 */
export async function prepareVeleroEngine(client: KubeClient, namespace: string, log: Logger): Promise<void> {
  const backups = await failInterruptedBackups(client, namespace, { log });
  const restores = await failInterruptedRestores(client, namespace, { log });
  if (backups.length + restores.length > 0) log.warn({ namespace, backups, restores }, 'marked interrupted backups and restores Failed');
}

/** Every controller of Lifeboat's Velero-compatible engine, for one Velero namespace. */
export function veleroEngineControllers(opts: VeleroEngineOptions): ControllerSpec[] {
  const { namespace, log } = opts;
  return [
    bslValidationController(namespace, { log }),
    new BackupController(namespace, { log }).controllerSpec(),
    new RestoreController(namespace, { log }).controllerSpec(),
    scheduleController({ namespace, log }),
    gcController({ namespace, log, ...(opts.gcFrequencyMs ? { frequencyMs: opts.gcFrequencyMs } : {}) }),
    deletionController({ namespace, log }),
    backupSyncController({ namespace, log, ...(opts.syncIntervalMs ? { defaultSyncPeriodMs: opts.syncIntervalMs } : {}) }),
  ];
}
