// Removing the auto-import artefacts (hub-backup.md §5.1.5) when `useManagedServiceAccount` is off
// or the MSA component is disabled: the MSAs this operator created, their add-ons, ManifestWorks
// and token secrets. Every missing API means "none of those objects" (decision 6).
import type { Logger } from 'pino';
import { AUTO_IMPORT_ACCOUNT, LABEL_ADDON_NAME_WORK, LABEL_IS_MANAGED_SERVICEACCOUNT, MSA_ADDON_NAME } from '../../api/backup/index.js';
import { MANAGED_CLUSTER_ADDONS, MANAGED_SERVICE_ACCOUNTS, MANIFEST_WORKS } from '../../api/ocm/index.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../../kube/index.js';
import { SECRETS, type MetaOnly } from './core.js';
import { isLocalCluster, listManagedClusters } from './imported-clusters.js';
import { listMsaSecrets } from './secrets.js';

export interface CleanupOptions {
  /** Delete the ManagedServiceAccounts too; false when their API is not served. */
  deleteMsas: boolean;
  log: Logger;
  signal?: AbortSignal;
}

async function listOrNone(client: KubeClient, ref: ResourceRef, labelSelector: string, signal?: AbortSignal): Promise<MetaOnly[]> {
  try {
    return (await client.list<MetaOnly>(ref, { labelSelector, signal })).items;
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

async function deleteAll(client: KubeClient, ref: ResourceRef, objects: MetaOnly[], log: Logger, signal?: AbortSignal): Promise<number> {
  let deleted = 0;
  for (const obj of objects) {
    if (obj.metadata.deletionTimestamp) continue;
    const namespace = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    try {
      await client.delete(ref, name, { namespace, signal });
      deleted++;
      log.info({ kind: ref.kind, namespace, name }, 'auto-import artefact deleted');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return deleted;
}

export async function cleanupMsaArtifacts(client: KubeClient, opts: CleanupOptions): Promise<number> {
  const { log, signal } = opts;
  let deleted = 0;
  if (opts.deleteMsas) {
    const local = (await listManagedClusters(client, signal)).filter(isLocalCluster).map((c) => c.metadata.name);
    const msas = await listOrNone(client, MANAGED_SERVICE_ACCOUNTS, `${LABEL_IS_MANAGED_SERVICEACCOUNT} in (${AUTO_IMPORT_ACCOUNT})`, signal);
    deleted += await deleteAll(
      client,
      MANAGED_SERVICE_ACCOUNTS,
      msas.filter((m) => !local.includes(m.metadata.namespace)),
      log,
      signal,
    );
  }
  const addons = await listOrNone(client, MANAGED_CLUSTER_ADDONS, `${LABEL_IS_MANAGED_SERVICEACCOUNT}=${AUTO_IMPORT_ACCOUNT}`, signal);
  deleted += await deleteAll(client, MANAGED_CLUSTER_ADDONS, addons, log, signal);
  const works = await listOrNone(client, MANIFEST_WORKS, `${LABEL_ADDON_NAME_WORK}=${MSA_ADDON_NAME}`, signal);
  deleted += await deleteAll(client, MANIFEST_WORKS, works, log, signal);
  deleted += await deleteAll(client, SECRETS, await listMsaSecrets(client, undefined, signal), log, signal);
  return deleted;
}
