// Who this hub is (decision 1, hub-backup.md §0.4) and which ManagedCluster is the hub itself (§0.5).
// The identity labels every velero Schedule and Backup; collision detection compares it between
// hubs, so it must be a real, stable value on every Kubernetes — never upstream's `unknown`.
import type { Logger } from 'pino';
import { CLUSTER_VERSIONS, MANAGED_CLUSTERS, type ClusterVersion, type ManagedCluster } from '../api/ocm/index.js';
import { DEFAULT_LOCAL_CLUSTER_NAME, LABEL_LOCAL_CLUSTER } from '../api/backup/index.js';
import { isNoKindMatch, isNotFound, type KubeClient, type KubeObject } from '../kube/index.js';
import { NAMESPACES } from '../kube/index.js';

/** True when the error only says "this API is not served here" (decision 6: an absent API means none). */
export function isApiAbsent(err: unknown): boolean {
  return isNotFound(err) || isNoKindMatch(err);
}

/**
 * `spec.clusterID` of the first ClusterVersion, else the uid of the `kube-system` Namespace.
 * Any other API error is thrown: a wrong identity would label backups as another hub's.
 */
export async function hubIdentity(client: KubeClient, signal?: AbortSignal): Promise<string> {
  try {
    const versions = await client.list<ClusterVersion & KubeObject>(CLUSTER_VERSIONS, { signal });
    const clusterID = versions.items[0]?.spec?.clusterID;
    if (typeof clusterID === 'string' && clusterID.trim() !== '') return clusterID;
  } catch (err) {
    if (!isApiAbsent(err)) throw err;
  }
  const kubeSystem = await client.get(NAMESPACES, 'kube-system', { signal });
  const uid = kubeSystem.metadata?.uid;
  if (!uid) throw new Error('the kube-system Namespace has no metadata.uid: cannot tell which hub this is');
  return uid;
}

/**
 * Name of the first ManagedCluster labelled `local-cluster=true`; `''` when there is none or the
 * ManagedCluster API is not served. Other errors are thrown so callers can fail closed.
 */
export async function findLocalClusterName(client: KubeClient, opts: { signal?: AbortSignal; log?: Logger } = {}): Promise<string> {
  let clusters: ManagedCluster[];
  try {
    clusters = (await client.list<ManagedCluster & KubeObject>(MANAGED_CLUSTERS, { labelSelector: `${LABEL_LOCAL_CLUSTER}=true`, signal: opts.signal })).items;
  } catch (err) {
    if (isApiAbsent(err)) return '';
    throw err;
  }
  if (clusters.length > 1)
    opts.log?.warn({ localClusters: clusters.map((c) => c.metadata?.name) }, 'several ManagedClusters are labelled local-cluster=true; using the first');
  return clusters[0]?.metadata?.name ?? '';
}

/** What the velero schedules exclude: the local cluster's name, or `local-cluster` when it cannot be found (§0.5). */
export async function localClusterNameOrDefault(client: KubeClient, opts: { signal?: AbortSignal; log?: Logger } = {}): Promise<string> {
  try {
    return (await findLocalClusterName(client, opts)) || DEFAULT_LOCAL_CLUSTER_NAME;
  } catch (err) {
    opts.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot look up the local cluster; excluding namespace local-cluster');
    return DEFAULT_LOCAL_CLUSTER_NAME;
  }
}
