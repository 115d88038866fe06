// What an administrator does on a hub to bring a simulated cluster under management, done through
// the hub's API: an imported cluster is a ManagedCluster accepted by the hub and listing the
// cluster's API URL; a hive-created one additionally has its ClusterDeployment (installed) and
// the admin kubeconfig Secret hive keeps for it. Existing objects are left as they are, so a
// restart (or a hub that restored them from a backup) keeps what is there.
import { randomUUID } from 'node:crypto';
import { LABEL_HIVE_SECRET_TYPE } from '../../api/backup/index.js';
import { CLUSTER_DEPLOYMENTS, CLUSTER_MANAGEMENT_ADDONS, MANAGED_CLUSTERS } from '../../api/ocm/index.js';
import { SECRETS, type KubeClient } from '../../kube/index.js';
import type { ManagedClusterApi } from './agent/cluster-api.js';
import { LABEL_CLUSTER_NAME, MSA_ADDON_NAME } from './constants.js';
import { renderKubeconfig } from './kubeconfig.js';
import { createIfAbsent, ensureNamespace, getIfExists } from './objects.js';

export interface SimulatedClusterRegistration {
  api: ManagedClusterApi;
  hive: boolean;
  /** `spec.leaseDurationSeconds` of a ManagedCluster created here. */
  leaseDurationSeconds: number;
}

export function adminKubeconfigSecretName(cluster: string): string {
  return `${cluster}-admin-kubeconfig`;
}

/** Creates what is missing of the cluster's hub-side objects. */
export async function registerSimulatedCluster(hub: KubeClient, reg: SimulatedClusterRegistration): Promise<void> {
  const { api } = reg;
  const name = api.name;
  await createIfAbsent(hub, MANAGED_CLUSTERS, {
    apiVersion: 'cluster.open-cluster-management.io/v1',
    kind: 'ManagedCluster',
    metadata: { name, labels: { name } },
    spec: {
      hubAcceptsClient: true,
      leaseDurationSeconds: reg.leaseDurationSeconds,
      managedClusterClientConfigs: [{ url: api.url, caBundle: Buffer.from(api.caCert).toString('base64') }],
    },
  });
  await ensureNamespace(hub, name, { [LABEL_CLUSTER_NAME]: name });
  if (!reg.hive) return;
  const secretName = adminKubeconfigSecretName(name);
  // Hive's admin kubeconfig: a credential of the cluster itself that never expires.
  if (!(await getIfExists(hub, SECRETS, secretName, name))) {
    const kubeconfig = renderKubeconfig({ server: api.url, caCert: api.caCert, token: api.issueToken('system:admin'), clusterName: name });
    await createIfAbsent(hub, SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secretName, namespace: name, labels: { [LABEL_HIVE_SECRET_TYPE]: 'kubeconfig', 'hive.openshift.io/cluster-deployment-name': name } },
      type: 'Opaque',
      data: { kubeconfig: Buffer.from(kubeconfig).toString('base64') },
    });
  }
  await createIfAbsent(hub, CLUSTER_DEPLOYMENTS, {
    apiVersion: 'hive.openshift.io/v1',
    kind: 'ClusterDeployment',
    metadata: { name, namespace: name },
    spec: {
      clusterName: name,
      baseDomain: 'lifeboat.local',
      platform: { none: {} },
      installed: true,
      clusterMetadata: { clusterID: randomUUID(), infraID: `${name}-sim`, adminKubeconfigSecretRef: { name: secretName } },
    },
  });
}

/** The managed-serviceaccount add-on registered on the hub (its hub half; agents are per cluster). */
export async function registerMsaAddon(hub: KubeClient): Promise<void> {
  await createIfAbsent(hub, CLUSTER_MANAGEMENT_ADDONS, {
    apiVersion: 'addon.open-cluster-management.io/v1alpha1',
    kind: 'ClusterManagementAddOn',
    metadata: { name: MSA_ADDON_NAME },
    spec: { addOnMeta: { displayName: 'managed-serviceaccount', description: 'managed-serviceaccount add-on (Lifeboat stand-in)' } },
  });
}
