// Stand-in for the hub half of open-cluster-management registration (the ManagedCluster controller
// and the cluster lease controller): an accepted cluster gets its namespace, the
// `HubAcceptedManagedCluster` condition and a `managed-cluster-lease`; a cluster whose agent stops
// renewing that lease for five lease durations turns `ManagedClusterConditionAvailable=Unknown`.
// A restored ManagedCluster (no status) is accepted like any other, so without a joining agent it
// shows `Pending Import`: accepted, not joined.
import type { Logger } from 'pino';
import { MANAGED_CLUSTER_CONDITION_AVAILABLE, MANAGED_CLUSTER_CONDITION_HUB_ACCEPTED, type ManagedCluster } from '../../../api/ocm/index.js';
import { LEASE_RESOURCE, NAMESPACES, isAlreadyExists, isNotFound, microTime, type KubeClient, type Lease } from '../../../kube/index.js';
import { conditionOf, setClusterConditions } from '../cluster-conditions.js';
import { ensureNamespace, getIfExists } from '../objects.js';
import {
  CLUSTER_LEASE_NAME,
  DEFAULT_LEASE_DURATION_SECONDS,
  LABEL_CLUSTER_NAME,
  LEASE_DURATION_TIMES,
  MESSAGE_HUB_ACCEPTED,
  MESSAGE_LEASE_UPDATE_STOPPED,
  REASON_HUB_ACCEPTED,
  REASON_LEASE_UPDATE_STOPPED,
} from '../constants.js';

export function leaseDurationMs(cluster: ManagedCluster): number {
  const seconds = cluster.spec?.leaseDurationSeconds;
  return (typeof seconds === 'number' && seconds > 0 ? seconds : DEFAULT_LEASE_DURATION_SECONDS) * 1000;
}

export interface RegistrationInputs {
  hub: KubeClient;
  cluster: ManagedCluster;
  lease: Lease | undefined;
  now: number;
  log: Logger;
  signal: AbortSignal;
}

/** One pass for one cluster; returns when to look at its lease again, if ever. */
export async function reconcileRegistration(i: RegistrationInputs): Promise<number | undefined> {
  const { cluster, hub, signal } = i;
  const name = cluster.metadata.name ?? '';
  if (cluster.metadata.deletionTimestamp) return undefined;
  const accepted = conditionOf(cluster, MANAGED_CLUSTER_CONDITION_HUB_ACCEPTED);
  const accepts = cluster.spec?.hubAcceptsClient === true;
  if (accepts && accepted?.status !== 'True') {
    await ensureClusterNamespace(hub, name, signal);
    await setClusterConditions(hub, name, {
      conditions: [{ type: MANAGED_CLUSTER_CONDITION_HUB_ACCEPTED, status: 'True', reason: REASON_HUB_ACCEPTED, message: MESSAGE_HUB_ACCEPTED }],
      signal,
    });
    i.log.info({ cluster: name }, 'managed cluster accepted');
  } else if (!accepts && accepted?.status === 'True') {
    await setClusterConditions(hub, name, {
      conditions: [{ type: MANAGED_CLUSTER_CONDITION_HUB_ACCEPTED, status: 'False', reason: 'HubClusterAdminDenied', message: 'Denied by hub cluster admin' }],
      signal,
    });
  }
  // Like upstream, a cluster never accepted has no lease and is never marked Unknown.
  if (!accepted && !accepts) return undefined;
  return checkLease(i);
}

async function ensureClusterNamespace(client: KubeClient, name: string, signal: AbortSignal): Promise<void> {
  const existing = await getIfExists(client, NAMESPACES, name, undefined, signal);
  if (!existing) await ensureNamespace(client, name, { [LABEL_CLUSTER_NAME]: name }, signal);
  else if (existing.metadata?.labels?.[LABEL_CLUSTER_NAME] !== name)
    await client.patch(NAMESPACES, name, { metadata: { labels: { [LABEL_CLUSTER_NAME]: name } } }, { type: 'merge', signal });
}

async function checkLease(i: RegistrationInputs): Promise<number | undefined> {
  const { cluster, hub, lease, now, signal } = i;
  const name = cluster.metadata.name ?? '';
  if (!lease) {
    try {
      await hub.create<Lease>(
        LEASE_RESOURCE,
        {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: CLUSTER_LEASE_NAME, namespace: name, labels: { [LABEL_CLUSTER_NAME]: name } },
          spec: { holderIdentity: CLUSTER_LEASE_NAME, renewTime: microTime(now) },
        },
        { signal },
      );
    } catch (err) {
      // The namespace may be gone (cluster being removed) or the lease just created by a peer.
      if (!isAlreadyExists(err) && !isNotFound(err)) throw err;
    }
    return undefined;
  }
  const grace = LEASE_DURATION_TIMES * leaseDurationMs(cluster);
  const renewed = Date.parse(lease.spec?.renewTime ?? '') || 0;
  const expiresAt = renewed + grace;
  if (now < expiresAt) return expiresAt - now;
  if (conditionOf(cluster, MANAGED_CLUSTER_CONDITION_AVAILABLE)?.status !== 'Unknown') {
    await setClusterConditions(hub, name, {
      conditions: [
        { type: MANAGED_CLUSTER_CONDITION_AVAILABLE, status: 'Unknown', reason: REASON_LEASE_UPDATE_STOPPED, message: MESSAGE_LEASE_UPDATE_STOPPED },
      ],
      signal,
    });
    i.log.info({ cluster: name }, 'registration agent stopped updating its lease');
  }
  return grace;
}
