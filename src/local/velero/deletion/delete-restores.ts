import type { Logger } from 'pino';
import { RESTORES, type Restore } from '../../../api/velero/index.js';
import { isNotFound, type Clock, type KubeClient } from '../../../kube/index.js';
import { errorMessage } from './aggregate-errors.js';

export interface RestoreDeletionOptions {
  /** How long to wait for the restores' finalizers to remove them. Velero: 1 minute. */
  waitMs: number;
  /** How often to look. Velero: 1 second. */
  pollMs: number;
}

/**
 * Deletes the Restore objects made from a backup (spec/velero.md §6.4). Their files under
 * `restores/<name>/` are removed by the restore finalizer, so this only waits — for a bounded
 * time — until the objects are gone. Returns the errors to record on the request.
 */
export async function deleteRestoresOfBackup(
  client: KubeClient,
  namespace: string,
  backupName: string,
  clock: Clock,
  opts: RestoreDeletionOptions,
  log: Logger,
  signal: AbortSignal,
): Promise<string[]> {
  const errors: string[] = [];
  let restores: Restore[];
  try {
    restores = await restoresOf(client, namespace, backupName, signal);
  } catch (err) {
    // Velero logs a failed listing and carries on with the deletion.
    log.error({ err: errorMessage(err) }, 'error listing restore API objects');
    return errors;
  }
  for (const restore of restores) {
    const name = restore.metadata.name ?? '';
    log.info({ restore: `${namespace}/${name}` }, 'deleting restore referencing backup');
    try {
      await client.delete(RESTORES, name, { namespace, signal });
    } catch (err) {
      if (!isNotFound(err)) errors.push(`error deleting restore ${namespace}/${name}: ${errorMessage(err)}`);
    }
  }

  const deadline = clock.now() + opts.waitMs;
  for (;;) {
    let remaining: number;
    try {
      remaining = (await restoresOf(client, namespace, backupName, signal)).length;
    } catch (err) {
      errors.push(`error deleting restore ${errorMessage(err)}: ${errorMessage(err)}`);
      break;
    }
    if (remaining === 0) break;
    if (clock.now() >= deadline || signal.aborted) {
      log.error({ remaining }, 'restores of the backup were not deleted in time');
      errors.push('error deleting restore context deadline exceeded: context deadline exceeded');
      break;
    }
    await clock.sleep(opts.pollMs, signal);
  }
  return errors;
}

async function restoresOf(client: KubeClient, namespace: string, backupName: string, signal: AbortSignal): Promise<Restore[]> {
  const out: Restore[] = [];
  for await (const restore of client.listAll<Restore>(RESTORES, { namespace, signal })) {
    if (restore.spec?.backupName === backupName) out.push(restore);
  }
  return out;
}
