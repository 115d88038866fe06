// Post-restore step 3 (hub-backup.md §5.3): every imported cluster that is not Available, has a
// server URL and a usable ManagedServiceAccount token gets an `auto-import-secret` and the
// `immediate-import` annotation, so the import controller reconnects it to this hub. What happened
// to each cluster becomes one message of status.messages, in the spec's words.
import type { Logger } from 'pino';
import {
  ANNOTATION_IMMEDIATE_IMPORT,
  ANNOTATION_KEEPING_AUTO_IMPORT_SECRET,
  AUTO_IMPORT_SECRET,
  LABEL_LOCAL_CLUSTER,
  LABEL_RESTORE_AUTO_IMPORT_SECRET,
  msgAutoImportSecretCreateFailed,
  msgAutoImportSecretCreated,
  msgAutoImportSecretDeleteFailed,
  msgAutoImportSecretDeleted,
  msgClusterAlreadyAvailable,
  msgInvalidMsaToken,
  msgNoMsaSecret,
  msgNoServerUrl,
} from '../../../api/backup/index.js';
import { MANAGED_CLUSTERS, MANAGED_CLUSTER_CONDITION_AVAILABLE, type ManagedCluster } from '../../../api/ocm/index.js';
import { SECRETS, isNotFound, type KubeClient, type KubeObject } from '../../../kube/index.js';
import { isApiAbsent } from '../../hub-identity.js';
import { listTokenSecrets, pickTokenSecret, readToken } from './msa-token.js';
import { errorText } from '../../../util/errors.js';

function isAvailable(cluster: ManagedCluster): boolean {
  return (cluster.status?.conditions ?? []).some((c) => c.type === MANAGED_CLUSTER_CONDITION_AVAILABLE && c.status === 'True');
}

async function listClusters(client: KubeClient, signal?: AbortSignal): Promise<ManagedCluster[]> {
  try {
    return (await client.list<ManagedCluster & KubeObject>(MANAGED_CLUSTERS, { signal })).items;
  } catch (err) {
    if (isApiAbsent(err)) return [];
    throw err;
  }
}

/** Deletes an auto-import-secret an earlier activation created; the message, or undefined if there was none. */
async function deleteOwnAutoImportSecret(client: KubeClient, namespace: string, signal?: AbortSignal): Promise<string | undefined> {
  let existing: KubeObject;
  try {
    existing = await client.get(SECRETS, AUTO_IMPORT_SECRET, { namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  if (existing.metadata?.labels?.[LABEL_RESTORE_AUTO_IMPORT_SECRET] !== 'true') return undefined;
  try {
    await client.delete(SECRETS, AUTO_IMPORT_SECRET, { namespace, signal });
    return msgAutoImportSecretDeleted(namespace);
  } catch (err) {
    return isNotFound(err) ? msgAutoImportSecretDeleted(namespace) : msgAutoImportSecretDeleteFailed(namespace);
  }
}

export async function autoImportClusters(client: KubeClient, localClusterName: string, nowMs: number, log: Logger, signal?: AbortSignal): Promise<string[]> {
  const messages: string[] = [];
  for (const cluster of await listClusters(client, signal)) {
    const name = cluster.metadata?.name ?? '';
    if (name === localClusterName || cluster.metadata?.labels?.[LABEL_LOCAL_CLUSTER] === 'true') continue;
    if (isAvailable(cluster)) {
      messages.push(msgClusterAlreadyAvailable(name));
      continue;
    }
    const url = cluster.spec?.managedClusterClientConfigs?.[0]?.url ?? '';
    if (url === '') {
      messages.push(msgNoServerUrl(name));
      continue;
    }
    const secret = pickTokenSecret(await listTokenSecrets(client, name, signal), nowMs);
    if (!secret) {
      messages.push(msgNoMsaSecret(name));
      continue;
    }
    const token = readToken(secret);
    if (!token) {
      messages.push(msgInvalidMsaToken(name, secret.metadata.name ?? ''));
      continue;
    }
    const deleted = await deleteOwnAutoImportSecret(client, name, signal);
    if (deleted) messages.push(deleted);
    try {
      await client.patch(MANAGED_CLUSTERS, name, { metadata: { annotations: { [ANNOTATION_IMMEDIATE_IMPORT]: '' } } }, { type: 'merge', signal });
    } catch (err) {
      log.warn({ cluster: name, err: errorText(err) }, 'could not annotate the managed cluster for immediate import');
    }
    try {
      await client.create(
        SECRETS,
        {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'Opaque',
          metadata: {
            name: AUTO_IMPORT_SECRET,
            namespace: name,
            labels: { [LABEL_RESTORE_AUTO_IMPORT_SECRET]: 'true' },
            annotations: { [ANNOTATION_KEEPING_AUTO_IMPORT_SECRET]: '' },
          },
          stringData: { autoImportRetry: '5', server: url, token },
        } as KubeObject,
        { namespace: name, signal },
      );
      messages.push(msgAutoImportSecretCreated(name));
      log.info({ cluster: name }, 'auto-import-secret created');
    } catch (err) {
      messages.push(msgAutoImportSecretCreateFailed(name));
      // The API's message may quote the object; the token must never reach the log.
      log.error({ cluster: name, code: (err as { code?: number }).code }, 'could not create the auto-import-secret');
    }
  }
  return messages;
}
