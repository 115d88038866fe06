// Post-restore step 1 (hub-backup.md §5.2): the observability signer's client certificate belongs
// to the old hub; deleting it lets observability issue a new one (the ACM-8406 workaround).
import type { Logger } from 'pino';
import { SECRETS, isNotFound, type KubeClient } from '../../../kube/index.js';
import { errorText } from '../../../util/errors.js';

export const OBSERVABILITY_NAMESPACE = 'open-cluster-management-addon-observability';
export const OBSERVABILITY_SIGNER_SECRET = 'observability-controller-open-cluster-management.io-observability-signer-client-cert';

export async function deleteObservabilitySignerSecret(client: KubeClient, log: Logger, signal?: AbortSignal): Promise<void> {
  try {
    await client.delete(SECRETS, OBSERVABILITY_SIGNER_SECRET, { namespace: OBSERVABILITY_NAMESPACE, signal });
    log.info({ namespace: OBSERVABILITY_NAMESPACE, name: OBSERVABILITY_SIGNER_SECRET }, 'observability signer client certificate deleted');
  } catch (err) {
    if (!isNotFound(err)) log.warn({ err: errorText(err) }, 'could not delete the observability signer client certificate');
  }
}
