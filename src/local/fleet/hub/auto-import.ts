// Stand-in for the import controller's auto-import: an `auto-import-secret` in a cluster's namespace
// (server+token or a kubeconfig) is used to reach the managed cluster and apply the import. A
// secret labelled `cluster.open-cluster-management.io/restore-auto-import-secret=true` (what a
// restore creates) only replaces the cluster's bootstrap hub kubeconfig, so its klusterlet moves to
// this hub. The secret is deleted when the import is done or has failed for good, unless it carries
// the keeping annotation; `autoImportRetry` bounds the attempts.
import type { Logger } from 'pino';
import { ANNOTATION_KEEPING_AUTO_IMPORT_SECRET, LABEL_RESTORE_AUTO_IMPORT_SECRET } from '../../../api/backup/index.js';
import type { ManagedCluster } from '../../../api/ocm/index.js';
import { SECRETS, isNotFound, type KubeClient } from '../../../kube/index.js';
import { setClusterConditions } from '../cluster-conditions.js';
import {
  ANNOTATION_AUTO_IMPORT_CURRENT_RETRY,
  ANNOTATION_DISABLE_AUTO_IMPORT,
  AUTO_IMPORT_RETRY_KEY,
  AUTO_IMPORT_SECRET,
  AUTO_IMPORT_SECRET_TYPE_KUBECONFIG,
  AUTO_IMPORT_SECRET_TYPE_KUBETOKEN,
  CONDITION_IMPORT_SUCCEEDED,
  REASON_IMPORT_FAILED,
} from '../constants.js';
import type { ImportCredentials } from './import-apply.js';
import { resourcesApplied, runImport } from './import-flow.js';
import { secretValue, type SecretObject } from '../objects.js';

/** Which client the secret yields, by its type (and for Opaque, by its keys). */
function credentialsOf(secret: SecretObject): (() => ImportCredentials) | string {
  const fromKubeconfig = (): ImportCredentials => {
    const kubeconfig = secretValue(secret, 'kubeconfig');
    if (!kubeconfig) throw new Error('kubeconfig is missing');
    return { kind: 'kubeconfig', kubeconfig };
  };
  const fromToken = (): ImportCredentials => {
    const token = secretValue(secret, 'token');
    const server = secretValue(secret, 'server');
    if (token === undefined || server === undefined) throw new Error('kube token or server is missing');
    return { kind: 'token', server, token };
  };
  const type = secret.type ?? 'Opaque';
  if (type === 'Opaque') {
    if (secret.data?.kubeconfig !== undefined) return fromKubeconfig;
    if (secret.data?.token !== undefined && secret.data?.server !== undefined) return fromToken;
    return 'kubeconfig or token/server pair is missing';
  }
  if (type === AUTO_IMPORT_SECRET_TYPE_KUBECONFIG) return fromKubeconfig;
  if (type === AUTO_IMPORT_SECRET_TYPE_KUBETOKEN) return fromToken;
  return `unsupported secret type ${type}`;
}

async function failForGood(hub: KubeClient, cluster: string, message: string, signal: AbortSignal): Promise<void> {
  await setClusterConditions(hub, cluster, {
    conditions: [{ type: CONDITION_IMPORT_SUCCEEDED, status: 'False', reason: REASON_IMPORT_FAILED, message }],
    signal,
  });
}

/** Deletes the auto-import-secret unless it asks to be kept. */
async function retireSecret(hub: KubeClient, secret: SecretObject, log: Logger, signal: AbortSignal): Promise<void> {
  const where = { namespace: secret.metadata.namespace, name: secret.metadata.name };
  if (secret.metadata.annotations?.[ANNOTATION_KEEPING_AUTO_IMPORT_SECRET] !== undefined) {
    log.info(where, 'the auto import secret is saved');
    return;
  }
  try {
    await hub.delete(SECRETS, AUTO_IMPORT_SECRET, { namespace: secret.metadata.namespace, signal });
    log.info(where, 'the auto import secret is deleted');
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** One pass for one cluster; returns a delay after which to look again, if any. */
export async function reconcileAutoImport(
  hub: KubeClient,
  cluster: ManagedCluster,
  secret: SecretObject | undefined,
  log: Logger,
  signal: AbortSignal,
): Promise<number | undefined> {
  const name = cluster.metadata.name ?? '';
  if (!secret || cluster.metadata.deletionTimestamp) return undefined;
  if (cluster.metadata.annotations?.[ANNOTATION_DISABLE_AUTO_IMPORT] !== undefined) return undefined;
  const source = `${name}/${AUTO_IMPORT_SECRET}`;

  const lastRetryText = secret.metadata.annotations?.[ANNOTATION_AUTO_IMPORT_CURRENT_RETRY];
  const lastRetry = lastRetryText ? Number(lastRetryText) : 0;
  if (!Number.isInteger(lastRetry)) throw new Error(`${source}: annotation ${ANNOTATION_AUTO_IMPORT_CURRENT_RETRY} is not an integer`);
  const retryText = secretValue(secret, AUTO_IMPORT_RETRY_KEY);
  const totalRetry = retryText ? Number(retryText) : 1;
  if (!Number.isInteger(totalRetry)) {
    await failForGood(hub, name, `AutoImportSecretInvalid ${source}; please check the value ${AUTO_IMPORT_RETRY_KEY}`, signal);
    return undefined;
  }
  const credentials = credentialsOf(secret);
  if (typeof credentials === 'string') {
    await failForGood(hub, name, `AutoImportSecretInvalid ${source}; ${credentials}`, signal);
    return undefined;
  }

  const outcome = await runImport({
    hub,
    cluster,
    source: { namespace: name, name: AUTO_IMPORT_SECRET },
    credentials,
    bootstrapOnly: (secret.metadata.labels?.[LABEL_RESTORE_AUTO_IMPORT_SECRET] ?? '').toLowerCase() === 'true',
    lastRetry,
    totalRetry,
    signal,
  });
  // Re-applying unchanged resources leaves the condition as it is (the import status owns it then).
  if (!resourcesApplied(outcome.condition) || outcome.modified) await setClusterConditions(hub, name, { conditions: [outcome.condition], signal });
  if (outcome.error) log.warn({ cluster: name, err: outcome.error.message, retry: outcome.currentRetry }, 'auto-import failed, will retry');
  if (outcome.condition.reason === REASON_IMPORT_FAILED || resourcesApplied(outcome.condition)) {
    if (outcome.condition.reason === REASON_IMPORT_FAILED) log.warn({ cluster: name, message: outcome.condition.message }, 'auto-import failed');
    else log.info({ cluster: name, modified: outcome.modified }, 'auto-import applied the import resources');
    await retireSecret(hub, secret, log, signal);
    return undefined;
  }
  if (lastRetry < outcome.currentRetry && outcome.currentRetry < totalRetry) {
    const annotations = { ...secret.metadata.annotations, [ANNOTATION_AUTO_IMPORT_CURRENT_RETRY]: String(outcome.currentRetry) };
    await hub.update(SECRETS, { ...secret, metadata: { ...secret.metadata, annotations } }, { signal });
  }
  if (outcome.error) throw outcome.error;
  return outcome.requeueAfterMs;
}
