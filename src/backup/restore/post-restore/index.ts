// What a Restore does once the managed clusters are restored and it is Finished (hub-backup.md §5.2).
import type { Logger } from 'pino';
import type { AcmRestore } from '../../../api/backup/index.js';
import type { Restore } from '../../../api/velero/index.js';
import type { KubeClient } from '../../../kube/index.js';
import { findLocalClusterName, hubIdentity } from '../../hub-identity.js';
import { recordActivation } from './activation-backup.js';
import { autoImportClusters } from './auto-import.js';
import { deleteObservabilitySignerSecret } from './observability.js';

export { activationBackup, recordActivation } from './activation-backup.js';
export { autoImportClusters } from './auto-import.js';
export { pickTokenSecret, readToken } from './msa-token.js';
export { OBSERVABILITY_NAMESPACE, OBSERVABILITY_SIGNER_SECRET } from './observability.js';

/** Runs the three steps in order; returns the auto-import messages for status.messages. */
export async function runPostRestoreTasks(
  client: KubeClient,
  restore: AcmRestore,
  managedClustersRestore: Restore | undefined,
  nowMs: number,
  log: Logger,
  signal?: AbortSignal,
): Promise<string[]> {
  await deleteObservabilitySignerSecret(client, log, signal);
  await recordActivation(client, restore, managedClustersRestore, await hubIdentity(client, signal), nowMs, log, signal);
  return autoImportClusters(client, await findLocalClusterName(client, { signal, log }), nowMs, log, signal);
}
