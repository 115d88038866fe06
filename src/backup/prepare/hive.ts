// Hive preparation (hub-backup.md §2.8 step 2): the secrets a ClusterDeployment or ClusterPool
// needs are labelled so the credentials backup carries them, and pool-created ClusterDeployments
// are marked so that Hive's creation webhook lets the restore re-create them. Import secrets
// (`<namespace>-import`) are kept out, so a resumed cluster is not stuck Pending Import.
import type { Logger } from 'pino';
import { BACKUP_LABEL_VALUES, LABEL_BACKUP, LABEL_DISABLE_CREATION_WEBHOOK_FOR_DR } from '../../api/backup/index.js';
import { CLUSTER_DEPLOYMENTS, CLUSTER_POOLS, type ClusterDeployment, type ClusterPool } from '../../api/ocm/index.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../../kube/index.js';
import { CONFIGMAPS, SECRETS, type MetaOnly } from '../msa/index.js';
import { labelForBackup, labelReferenced, removeBackupLabel } from './label-object.js';

export interface HivePassResult {
  labelled: number;
  markedDeployments: number;
}

async function listOrNone<T>(client: KubeClient, ref: ResourceRef, signal?: AbortSignal): Promise<T[]> {
  try {
    return (await client.list<T & MetaOnly>(ref, { signal })).items;
  } catch (err) {
    // No Hive API on this hub: no ClusterDeployments or ClusterPools (decision 6).
    if (isNotFound(err)) return [];
    throw err;
  }
}

/** Labels `clusterpool` on the secrets named after `prefix`, except bootstrap and import secrets. */
async function labelPoolSecrets(client: KubeClient, namespace: string, prefix: string, log: Logger, signal?: AbortSignal): Promise<number> {
  let labelled = 0;
  const secrets = (await client.list<MetaOnly>(SECRETS, { namespace, signal })).items;
  for (const secret of secrets) {
    const name = secret.metadata.name ?? '';
    if (name === `${namespace}-import`) {
      if (secret.metadata.labels?.[LABEL_BACKUP] === BACKUP_LABEL_VALUES.clusterPool) await removeBackupLabel(client, SECRETS, secret, log, signal);
      continue;
    }
    if (name.startsWith(prefix) && !name.includes('-bootstrap-')) {
      if (await labelForBackup(client, SECRETS, secret, BACKUP_LABEL_VALUES.clusterPool, log, signal)) labelled++;
    }
  }
  return labelled;
}

async function prepareDeployment(client: KubeClient, cd: ClusterDeployment, log: Logger, signal?: AbortSignal): Promise<HivePassResult> {
  const namespace = cd.metadata.namespace ?? '';
  const name = cd.metadata.name ?? '';
  const spec = cd.spec;
  let labelled = 0;
  const count = (done: boolean): void => {
    if (done) labelled++;
  };
  for (const bundle of spec?.certificateBundles ?? []) {
    count(await labelReferenced(client, SECRETS, namespace, bundle.certificateSecretRef?.name, BACKUP_LABEL_VALUES.certificateBundle, log, signal));
  }
  count(await labelReferenced(client, SECRETS, namespace, spec?.pullSecretRef?.name, BACKUP_LABEL_VALUES.pullSecret, log, signal));
  count(await labelReferenced(client, SECRETS, namespace, spec?.provisioning?.manifestsSecretRef?.name, BACKUP_LABEL_VALUES.manifestsSecret, log, signal));
  count(
    await labelReferenced(client, CONFIGMAPS, namespace, spec?.provisioning?.manifestsConfigMapRef?.name, BACKUP_LABEL_VALUES.manifestsConfigMap, log, signal),
  );

  let marked = 0;
  if (spec?.clusterPoolRef) {
    labelled += await labelPoolSecrets(client, namespace, name, log, signal);
    if (!cd.metadata.labels?.[LABEL_DISABLE_CREATION_WEBHOOK_FOR_DR]) {
      await client.patch(
        CLUSTER_DEPLOYMENTS,
        name,
        { metadata: { labels: { [LABEL_DISABLE_CREATION_WEBHOOK_FOR_DR]: 'true' } } },
        { type: 'merge', namespace, signal },
      );
      log.info({ namespace, name, label: LABEL_DISABLE_CREATION_WEBHOOK_FOR_DR }, 'pool ClusterDeployment marked for re-creation on restore');
      marked++;
    }
  }
  return { labelled, markedDeployments: marked };
}

export async function prepareHiveResources(client: KubeClient, localCluster: string, log: Logger, signal?: AbortSignal): Promise<HivePassResult> {
  const result: HivePassResult = { labelled: 0, markedDeployments: 0 };
  for (const cd of await listOrNone<ClusterDeployment>(client, CLUSTER_DEPLOYMENTS, signal)) {
    if (cd.metadata.namespace === localCluster) continue;
    const one = await prepareDeployment(client, cd, log, signal);
    result.labelled += one.labelled;
    result.markedDeployments += one.markedDeployments;
  }
  for (const pool of await listOrNone<ClusterPool>(client, CLUSTER_POOLS, signal)) {
    if (pool.metadata.namespace === localCluster) continue;
    result.labelled += await labelPoolSecrets(client, pool.metadata.namespace ?? '', pool.metadata.name ?? '', log, signal);
  }
  return result;
}
