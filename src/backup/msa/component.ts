// Is the ManagedServiceAccount component on (hub-backup.md §5.1.1)? Both its API must be served and
// its ClusterManagementAddOn must exist; an absent API means "off", never a failure (decision 6).
import { MSA_ADDON_NAME } from '../../api/backup/index.js';
import { CLUSTER_MANAGEMENT_ADDONS, MSA_API_VERSION } from '../../api/ocm/index.js';
import { isNoKindMatch, isNotFound, type KubeClient } from '../../kube/index.js';

export async function isMsaApiServed(client: KubeClient): Promise<boolean> {
  try {
    await client.resolve({ apiVersion: MSA_API_VERSION, kind: 'ManagedServiceAccount' });
    return true;
  } catch (err) {
    if (isNoKindMatch(err)) return false;
    throw err;
  }
}

export async function isMsaComponentEnabled(client: KubeClient, signal?: AbortSignal): Promise<boolean> {
  if (!(await isMsaApiServed(client))) return false;
  try {
    await client.get(CLUSTER_MANAGEMENT_ADDONS, MSA_ADDON_NAME, { signal });
    return true;
  } catch (err) {
    // NotFound also covers a hub without the ClusterManagementAddOn API at all.
    if (isNotFound(err)) return false;
    throw err;
  }
}
