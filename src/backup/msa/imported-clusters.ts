// prepareImportedClusters (hub-backup.md §5.1.3): for each imported cluster, the add-on, the
// ManifestWork and the ManagedServiceAccount whose token lets another hub re-import the cluster
// after a restore. Hive-created and local clusters are re-imported otherwise and are left alone.
import type { Logger } from 'pino';
import {
  AUTO_IMPORT_ACCOUNT,
  AUTO_IMPORT_ACCOUNT_PAIR,
  LABEL_HIVE_SECRET_TYPE,
  LABEL_IS_MANAGED_SERVICEACCOUNT,
  LABEL_LOCAL_CLUSTER,
  MSA_ADDON_NAME,
} from '../../api/backup/index.js';
import {
  DEFAULT_ADDON_INSTALL_NAMESPACE,
  MANAGED_CLUSTER_ADDONS,
  MANAGED_CLUSTERS,
  MANAGED_SERVICE_ACCOUNTS,
  MSA_API_VERSION,
  type ManagedCluster,
  type ManagedClusterAddOn,
  type ManagedServiceAccount,
} from '../../api/ocm/index.js';
import { isAlreadyExists, isNotFound, type KubeClient } from '../../kube/index.js';
import { SECRETS } from './core.js';
import { IMPORT_BINDING, IMPORT_PAIR_BINDING, IMPORT_PAIR_WORK, IMPORT_WORK, deleteLegacyWorks, ensureImportWork } from './manifest-work.js';
import { shouldCreatePairToken } from './pair-token.js';
import { listMsaSecrets } from './secrets.js';

export interface PrepareImportedClustersInput {
  client: KubeClient;
  validity: string;
  nowMs: number;
  log: Logger;
  signal?: AbortSignal;
}

export interface PrepareImportedClustersResult {
  importedClusters: string[];
  /** ManagedServiceAccounts created in this pass. */
  createdMsas: number;
}

export async function listManagedClusters(client: KubeClient, signal?: AbortSignal): Promise<ManagedCluster[]> {
  try {
    return (await client.list<ManagedCluster>(MANAGED_CLUSTERS, { signal })).items;
  } catch (err) {
    // No ManagedCluster API: no managed clusters (decision 6).
    if (isNotFound(err)) return [];
    throw err;
  }
}

export function isLocalCluster(cluster: ManagedCluster): boolean {
  return cluster.metadata.labels?.[LABEL_LOCAL_CLUSTER] === 'true';
}

/** Hive labels the secrets of clusters it created; one such secret in the namespace is enough. */
async function isHiveCreated(client: KubeClient, cluster: string, signal?: AbortSignal): Promise<boolean> {
  const list = await client.list(SECRETS, { namespace: cluster, labelSelector: LABEL_HIVE_SECRET_TYPE, limit: 1, signal });
  return list.items.length > 0;
}

/** An imported cluster: neither the hub's own cluster nor one Hive created (§5.1.3). */
export async function isImportedCluster(client: KubeClient, cluster: ManagedCluster, signal?: AbortSignal): Promise<boolean> {
  if (isLocalCluster(cluster)) return false;
  return !(await isHiveCreated(client, cluster.metadata.name ?? '', signal));
}

/** Ensures the `managed-serviceaccount` add-on and returns the namespace its agent runs in. */
async function ensureAddon(input: PrepareImportedClustersInput, cluster: string): Promise<string> {
  const { client, log, signal } = input;
  try {
    const addon = await client.get<ManagedClusterAddOn>(MANAGED_CLUSTER_ADDONS, MSA_ADDON_NAME, { namespace: cluster, signal });
    return addon.status?.namespace || DEFAULT_ADDON_INSTALL_NAMESPACE;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const addon: ManagedClusterAddOn = {
    apiVersion: 'addon.open-cluster-management.io/v1alpha1',
    kind: 'ManagedClusterAddOn',
    metadata: { name: MSA_ADDON_NAME, namespace: cluster, labels: { [LABEL_IS_MANAGED_SERVICEACCOUNT]: AUTO_IMPORT_ACCOUNT } },
    // No installNamespace: the add-on's default applies.
    spec: {},
  };
  try {
    await client.create(MANAGED_CLUSTER_ADDONS, addon, { signal });
    log.info({ namespace: cluster, name: MSA_ADDON_NAME }, 'ManagedClusterAddOn for auto-import created');
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  return DEFAULT_ADDON_INSTALL_NAMESPACE;
}

async function getMsa(client: KubeClient, cluster: string, name: string, signal?: AbortSignal): Promise<ManagedServiceAccount | undefined> {
  try {
    return await client.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, name, { namespace: cluster, signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function alignValidity(input: PrepareImportedClustersInput, msa: ManagedServiceAccount): Promise<void> {
  if (msa.spec?.rotation?.validity === input.validity) return;
  const namespace = msa.metadata.namespace ?? '';
  const name = msa.metadata.name ?? '';
  await input.client.patch(
    MANAGED_SERVICE_ACCOUNTS,
    name,
    { spec: { rotation: { validity: input.validity } } },
    { type: 'merge', namespace, signal: input.signal },
  );
  input.log.info({ namespace, name, validity: input.validity, previous: msa.spec?.rotation?.validity }, 'ManagedServiceAccount token validity updated');
}

async function createMsa(input: PrepareImportedClustersInput, cluster: string, name: string): Promise<boolean> {
  const { client, log, signal } = input;
  // A secret left with the MSA's name would be mistaken for the new account's token.
  try {
    await client.delete(SECRETS, name, { namespace: cluster, signal });
    log.info({ namespace: cluster, name }, 'stale secret named like the ManagedServiceAccount deleted');
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const msa: ManagedServiceAccount = {
    apiVersion: MSA_API_VERSION,
    kind: 'ManagedServiceAccount',
    metadata: { name, namespace: cluster, labels: { [LABEL_IS_MANAGED_SERVICEACCOUNT]: AUTO_IMPORT_ACCOUNT } },
    spec: { rotation: { validity: input.validity, enabled: true } },
  };
  try {
    await client.create(MANAGED_SERVICE_ACCOUNTS, msa, { signal });
  } catch (err) {
    if (isAlreadyExists(err)) return false;
    throw err;
  }
  log.info({ namespace: cluster, name, validity: input.validity }, 'ManagedServiceAccount for auto-import created');
  return true;
}

async function prepareCluster(input: PrepareImportedClustersInput, cluster: string): Promise<number> {
  const { client, log, signal } = input;
  const installNamespace = await ensureAddon(input, cluster);
  await deleteLegacyWorks(client, cluster, log, signal);
  await ensureImportWork(client, cluster, { work: IMPORT_WORK, binding: IMPORT_BINDING, serviceAccount: AUTO_IMPORT_ACCOUNT }, installNamespace, log, signal);

  let created = 0;
  const main = await getMsa(client, cluster, AUTO_IMPORT_ACCOUNT, signal);
  if (main) await alignValidity(input, main);
  else if (await createMsa(input, cluster, AUTO_IMPORT_ACCOUNT)) created++;

  const pair = await getMsa(client, cluster, AUTO_IMPORT_ACCOUNT_PAIR, signal);
  if (pair) await alignValidity(input, pair);
  else if (shouldCreatePairToken(await listMsaSecrets(client, cluster, signal), input.nowMs)) {
    await ensureImportWork(
      client,
      cluster,
      { work: IMPORT_PAIR_WORK, binding: IMPORT_PAIR_BINDING, serviceAccount: AUTO_IMPORT_ACCOUNT_PAIR },
      installNamespace,
      log,
      signal,
    );
    if (await createMsa(input, cluster, AUTO_IMPORT_ACCOUNT_PAIR)) created++;
  }
  return created;
}

export async function prepareImportedClusters(input: PrepareImportedClustersInput): Promise<PrepareImportedClustersResult> {
  const result: PrepareImportedClustersResult = { importedClusters: [], createdMsas: 0 };
  for (const cluster of await listManagedClusters(input.client, input.signal)) {
    if (!(await isImportedCluster(input.client, cluster, input.signal))) continue;
    const name = cluster.metadata.name ?? '';
    result.importedClusters.push(name);
    result.createdMsas += await prepareCluster(input, name);
  }
  input.log.info({ importedClusters: result.importedClusters.length, createdMsas: result.createdMsas }, 'imported clusters prepared for auto-import');
  return result;
}
