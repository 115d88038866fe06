// The checks of hub-backup.md §2.2 steps 4–8, in that order; the first failure decides the phase
// and message the user sees.
import {
  ACM_RESTORES,
  MSG_BSL_NOT_FOUND,
  MSG_CRON_EMPTY,
  MSG_MSA_NOT_ENABLED,
  MSG_SCHEDULE_BSL_NOT_AVAILABLE,
  isRestoreFinished,
  msgCronInvalid,
  msgInvalidMsaTtl,
  msgInvalidVeleroTtl,
  msgRestoreActiveBlocksSchedule,
  type AcmRestore,
  type BackupSchedule,
} from '../../api/backup/index.js';
import type { KubeClient } from '../../kube/index.js';
import { parseCron } from '../../util/cron.js';
import { isApiAbsent } from '../hub-identity.js';
import { msaTtlOf, veleroTtlOf } from '../spec-durations.js';
import { isMsaComponentEnabled } from '../msa/index.js';
import { checkStorageLocation } from './storage-location.js';

export interface ValidationFailure {
  message: string;
  /** Whether to look again after the failure interval; a bad spec waits for the user's edit instead. */
  requeue: boolean;
  /** The MSA component is disabled: its artefacts are cleaned up as well. */
  msaDisabled?: boolean;
}

/**
 * §2.2 step 8, and Lifeboat's check of the two durations, which upstream's decoder makes (a value
 * time.ParseDuration refuses, overflow included, leaves the CR undecodable there). The message
 * names the field and the value: `invalid veleroTtl: time: invalid duration "999999999999h"`.
 */
export function validateSpec(backupSchedule: BackupSchedule): string | undefined {
  const cron = backupSchedule.spec.veleroSchedule ?? '';
  if (cron === '') return MSG_CRON_EMPTY;
  try {
    parseCron(cron);
  } catch (err) {
    return msgCronInvalid(errorText(err));
  }
  try {
    veleroTtlOf(backupSchedule.spec);
  } catch (err) {
    return msgInvalidVeleroTtl(errorText(err));
  }
  try {
    msaTtlOf(backupSchedule.spec);
  } catch (err) {
    return msgInvalidMsaTtl(errorText(err));
  }
  return undefined;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function activeRestore(client: KubeClient, namespace: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const restores = await client.list<AcmRestore>(ACM_RESTORES, { namespace, signal });
    return restores.items.find((r) => !isRestoreFinished(r.status?.phase))?.metadata.name;
  } catch (err) {
    if (isApiAbsent(err)) return undefined;
    throw err;
  }
}

export async function validateBackupSchedule(client: KubeClient, backupSchedule: BackupSchedule, signal?: AbortSignal): Promise<ValidationFailure | undefined> {
  const namespace = backupSchedule.metadata.namespace ?? '';
  if (backupSchedule.spec.paused !== true) {
    const restore = await activeRestore(client, namespace, signal);
    if (restore !== undefined) return { message: msgRestoreActiveBlocksSchedule(restore), requeue: true };
  }
  const storage = await checkStorageLocation(client, namespace, signal);
  if (storage === 'none') return { message: MSG_BSL_NOT_FOUND, requeue: true };
  if (storage === 'unavailable') return { message: MSG_SCHEDULE_BSL_NOT_AVAILABLE, requeue: true };
  if (backupSchedule.spec.useManagedServiceAccount === true && !(await isMsaComponentEnabled(client, signal))) {
    return { message: MSG_MSA_NOT_ENABLED, requeue: true, msaDisabled: true };
  }
  const specError = validateSpec(backupSchedule);
  if (specError !== undefined) return { message: specError, requeue: false };
  return undefined;
}
