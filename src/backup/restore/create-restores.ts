// Creating a pass's velero restores (hub-backup.md §4.5): in creation order, each with its event
// (decision 4) and its name recorded in status; AlreadyExists is how repeated passes converge; the
// managed-clusters restore waits behind the credentials / PVC gate.
import type { Logger } from 'pino';
import {
  AcmRestorePhases,
  EVENT_ACTION_CREATE_RESTORE,
  EVENT_REASON_VELERO_RESTORE_CREATED,
  msgNothingToDo,
  msgRestoreStarted,
  type AcmRestore,
  type AcmRestoreStatus,
} from '../../api/backup/index.js';
import { RESTORES, type Backup, type Restore } from '../../api/velero/index.js';
import { isAlreadyExists, type EventRecorder, type KubeClient } from '../../kube/index.js';
import { planVeleroRestores } from './plan.js';
import { activationGateWait } from './pvc-gate.js';
import type { RestoreKey, RestoreMode } from './restore-keys.js';
import { errorText } from '../../util/errors.js';

export interface CreateOutcome {
  /** Velero restores created in this pass. */
  created: number;
  /** A create failed for another reason than AlreadyExists: no cleanup in this pass. */
  createFailed: boolean;
  /** The pass stops: a credentials, resources or managed-clusters backup was not found. */
  error?: string;
  /** The gate is closed: the pass stops before the managed-clusters restore. */
  wait?: string;
}

export interface CreateContext {
  client: KubeClient;
  events: EventRecorder;
  log: Logger;
  signal?: AbortSignal;
}

/** The status field that names each key's restore; the activation subsets are not recorded. */
function recordName(status: AcmRestoreStatus, key: RestoreKey, name: string): void {
  if (key === 'managedClusters') status.veleroManagedClustersRestoreName = name;
  else if (key === 'credentials') status.veleroCredentialsRestoreName = name;
  else if (key === 'resources') status.veleroResourcesRestoreName = name;
  else if (key === 'resourcesGeneric') status.veleroGenericResourcesRestoreName = name;
}

/** Creates the planned restores; updates `status` (names, and the phase when something started). */
export async function createVeleroRestores(
  ctx: CreateContext,
  restore: AcmRestore,
  status: AcmRestoreStatus,
  mode: RestoreMode,
  backups: readonly Backup[],
): Promise<CreateOutcome> {
  const { client, log, signal } = ctx;
  const name = restore.metadata.name ?? '';
  const namespace = restore.metadata.namespace ?? '';
  const plan = planVeleroRestores(restore, mode, backups);
  if (plan.kind === 'error') return { created: 0, createFailed: false, error: plan.message };
  if (plan.kind === 'nothing') {
    for (const s of plan.skipped) log.info({ key: s.key, reason: s.reason }, 'restore not created');
    status.phase = AcmRestorePhases.Finished;
    status.lastMessage = msgNothingToDo(name);
    return { created: 0, createFailed: false };
  }
  for (const s of plan.skipped) log.info({ key: s.key, reason: s.reason }, 'restore not created');
  const withClusters = plan.restores.some((p) => p.key === 'managedClusters');
  let created = 0;
  let createFailed = false;
  for (const { key, restore: velero } of plan.restores) {
    const veleroName = velero.metadata.name ?? '';
    try {
      await client.create<Restore>(RESTORES, velero, { namespace, signal });
      created++;
      recordName(status, key, veleroName);
      ctx.events.event(restore, 'Normal', EVENT_REASON_VELERO_RESTORE_CREATED, veleroName, EVENT_ACTION_CREATE_RESTORE);
      log.info({ veleroRestore: veleroName, backup: velero.spec?.backupName, key }, 'velero restore created');
    } catch (err) {
      if (isAlreadyExists(err)) {
        if (key === 'credentials' || key === 'resourcesGeneric') recordName(status, key, veleroName);
      } else {
        if (signal?.aborted) throw err;
        createFailed = true;
        log.error({ veleroRestore: veleroName, err: errorText(err) }, 'velero restore could not be created');
      }
    }
    if (key === 'credentialsActive' && withClusters) {
      const wait = await activationGateWait(client, namespace, veleroName, signal);
      if (wait) return { created, createFailed, wait };
    }
  }
  if (created > 0) {
    status.phase = AcmRestorePhases.Started;
    status.lastMessage = msgRestoreStarted(name);
  }
  return { created, createFailed };
}
