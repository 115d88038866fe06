// One import attempt as the import controller's ImportHelper runs it, shared by the auto-import
// and the hive paths: the `ManagedClusterImportSucceeded` condition it moves through, the retry
// accounting, and how failures read. Upstream also waits for the klusterlet ManifestWorks first;
// the stand-ins have no work agent, so that step is not reproduced.
import type { ManagedCluster } from '../../../api/ocm/index.js';
import type { ConditionInput, KubeClient } from '../../../kube/index.js';
import { SECRETS, isNotFound } from '../../../kube/index.js';
import { conditionOf } from '../cluster-conditions.js';
import {
  CONDITION_IMPORT_SUCCEEDED,
  MESSAGE_RESOURCES_APPLIED,
  MESSAGE_START_IMPORTING,
  MESSAGE_WAIT_FOR_IMPORT_SECRET,
  REASON_IMPORTING,
  REASON_IMPORT_FAILED,
  REASON_WAIT_FOR_IMPORTING,
} from '../constants.js';
import { ApplyErrors, applyImportObjects, managedClusterClient, type ImportCredentials } from './import-apply.js';
import type { SecretObject } from '../objects.js';
import { importSecretName } from './import-secret.js';

/** Upstream requeues a retryable apply failure after 10 s. */
export const IMPORT_RETRY_DELAY_MS = 10_000;

export interface ImportAttempt {
  hub: KubeClient;
  cluster: ManagedCluster;
  /** The Secret the credentials come from, for messages. */
  source: { namespace: string; name: string };
  /** Builds the credentials; throws when the source secret cannot yield any. */
  credentials: () => ImportCredentials;
  /** Only replace the bootstrap kubeconfig (backup-restore auto-import). */
  bootstrapOnly: boolean;
  lastRetry: number;
  /** -1: no limit (the hive path). */
  totalRetry: number;
  signal?: AbortSignal;
}

export interface ImportOutcome {
  condition: ConditionInput;
  modified: boolean;
  currentRetry: number;
  requeueAfterMs?: number;
  /** A failure the caller retries with back-off. */
  error?: Error;
}

function importing(message: string): ConditionInput {
  return { type: CONDITION_IMPORT_SUCCEEDED, status: 'False', reason: REASON_IMPORTING, message };
}

function failed(message: string): ConditionInput {
  return { type: CONDITION_IMPORT_SUCCEEDED, status: 'False', reason: REASON_IMPORT_FAILED, message };
}

export function resourcesApplied(condition: ConditionInput): boolean {
  return condition.type === CONDITION_IMPORT_SUCCEEDED && condition.reason === REASON_IMPORTING && condition.message === MESSAGE_RESOURCES_APPLIED;
}

export async function runImport(a: ImportAttempt): Promise<ImportOutcome> {
  const currentRetry = a.lastRetry;
  const source = `${a.source.namespace}/${a.source.name}`;
  const name = a.cluster.metadata.name ?? '';
  const ic = conditionOf(a.cluster, CONDITION_IMPORT_SUCCEEDED);
  if (!ic || ic.reason === REASON_WAIT_FOR_IMPORTING)
    return { condition: importing(MESSAGE_START_IMPORTING), modified: false, currentRetry, requeueAfterMs: 1 };

  let client: KubeClient;
  try {
    client = managedClusterClient(a.credentials());
  } catch (err) {
    const cause = (err as Error).message;
    if (a.totalRetry === -1)
      return { condition: failed(`Generate kube client by secret ${source}, ${cause}`), modified: false, currentRetry, error: err as Error };
    return { condition: failed(`AutoImportSecretInvalid ${source}; generate kube client by secret error: ${cause}`), modified: false, currentRetry };
  }
  try {
    let importSecret: SecretObject;
    try {
      importSecret = await a.hub.get<SecretObject>(SECRETS, importSecretName(name), { namespace: name, signal: a.signal });
    } catch (err) {
      if (isNotFound(err)) return { condition: importing(MESSAGE_WAIT_FOR_IMPORT_SECRET), modified: false, currentRetry };
      return { condition: importing(`Get import secret failed: ${(err as Error).message}. Will retry`), modified: false, currentRetry, error: err as Error };
    }
    const attempt = currentRetry + 1;
    try {
      const modified = await applyImportObjects(client, importSecret, a.bootstrapOnly);
      return { condition: importing(MESSAGE_RESOURCES_APPLIED), modified, currentRetry: attempt };
    } catch (err) {
      return applyFailure(a, source, attempt, err instanceof ApplyErrors ? err : new ApplyErrors([err]));
    }
  } finally {
    client.close();
  }
}

function applyFailure(a: ImportAttempt, source: string, attempt: number, err: ApplyErrors): ImportOutcome {
  if (a.totalRetry === -1)
    return {
      condition: failed(`Try to import managed cluster, retry times: ${attempt}, error: ${err.message}`),
      modified: false,
      currentRetry: attempt,
      error: err,
    };
  if (err.isAuthError)
    // The credentials themselves are wrong: say so, so that the user provides a correct secret.
    return {
      condition: failed(`AutoImportSecretInvalid ${source}; please check its permission, apply resources error: ${err.message}`),
      modified: false,
      currentRetry: attempt,
    };
  if (err.isInternalError)
    return {
      condition: importing(`Try to import managed cluster, apply resources error: ${err.message}. Will Retry`),
      modified: false,
      currentRetry: a.lastRetry,
      error: err,
    };
  const condition = failed(`Try to import managed cluster, retry times: ${attempt}/${a.totalRetry}, error: ${err.message}`);
  if (attempt < a.totalRetry)
    return { condition: { ...condition, reason: REASON_IMPORTING }, modified: false, currentRetry: attempt, requeueAfterMs: IMPORT_RETRY_DELAY_MS };
  return { condition, modified: false, currentRetry: attempt };
}
