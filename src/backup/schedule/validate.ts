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
  msgInvalidVeleroTtl,
  msgRestoreActiveBlocksSchedule,
  type AcmRestore,
  type BackupSchedule,
} from '../../api/backup/index.js';
import type { KubeClient } from '../../kube/index.js';
import { parseCron } from '../../util/cron.js';
import { parseDuration } from '../../util/duration.js';
import { isApiAbsent } from '../hub-identity.js';
import { isMsaComponentEnabled } from '../msa/index.js';
import { checkStorageLocation } from './storage-location.js';

export interface ValidationFailure {
  message: string;
  /** Whether to look again after the failure interval; a bad spec waits for the user's edit instead. */
  requeue: boolean;
  /** The MSA component is disabled: its artefacts are cleaned up as well. */
  msaDisabled?: boolean;
}

/** §2.2 step 8, and Lifeboat's check that veleroTtl is a Go duration (upstream fails decoding the CR). */
export function validateSpec(backupSchedule: BackupSchedule): string | undefined {
  const cron = backupSchedule.spec.veleroSchedule ?? '';
  if (cron === '') return MSG_CRON_EMPTY;
  try {
    parseCron(cron);
  } catch (err) {
    return msgCronInvalid(err instanceof Error ? err.message : String(err));
  }
  const ttl = backupSchedule.spec.veleroTtl;
  if (ttl !== undefined && ttl !== null && ttl !== '') {
    try {
      parseDuration(ttl);
    } catch (err) {
      return msgInvalidVeleroTtl(err instanceof Error ? err.message : String(err));
    }
  }
  return undefined;
}

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
