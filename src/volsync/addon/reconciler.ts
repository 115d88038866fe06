// The VolSync add-on on an ACM hub (volsync.md §7). For one ManagedCluster:
// * labelled addons.open-cluster-management.io/volsync=true, it gets the `volsync`
//   ManagedClusterAddOn in its namespace if it has none (never deleted; a cluster being deleted is
//   left alone);
// * the `volsync` add-on, made by us or by hand, gets the ManifestWork that deploys it, following
//   its annotations (Helm chart key, or OLM Subscription overrides such as the channel);
// * an add-on whose name merely looks like VolSync's is reported: nothing deploys it.
import {
  MANAGED_CLUSTER_ADDONS,
  MANAGED_CLUSTERS,
  MANIFEST_WORKS,
  type ManagedCluster,
  type ManagedClusterAddOn,
  type ManifestWork,
} from '../../api/ocm/index.js';
import { isAlreadyExists, isNotFound, type ReconcileContext, type ReconcileRequest, type ReconcileResult, type Reconciler } from '../../kube/index.js';
import { createOrUpdate, setControllerReference } from '../create-or-update.js';
import { DEPLOY_WORK_NAME, LABEL_ADDON_NAMESPACE, LABEL_INSTALL_VOLSYNC, VOLSYNC_ADDON_NAME } from './constants.js';
import { deployPlan, describePlan, type DeployPlan } from './deploy-plan.js';

/** A cluster whose namespace does not exist yet is looked at again after this long. */
const MISSING_NAMESPACE_RETRY_MS = 30_000;

export class VolSyncAddOnReconciler implements Reconciler {
  async reconcile(req: ReconcileRequest, rc: ReconcileContext): Promise<ReconcileResult | void> {
    const { client, signal } = rc;
    let cluster: ManagedCluster;
    try {
      cluster = await client.get<ManagedCluster>(MANAGED_CLUSTERS, req.name, { signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (cluster.metadata.deletionTimestamp) return;
    const namespace = cluster.metadata.name ?? '';
    if (cluster.metadata.labels?.[LABEL_INSTALL_VOLSYNC] === 'true') {
      const created = await this.ensureAddOn(rc, cluster, namespace);
      if (created === 'no-namespace') return { requeueAfterMs: MISSING_NAMESPACE_RETRY_MS };
    }
    const addons = (await client.list<ManagedClusterAddOn>(MANAGED_CLUSTER_ADDONS, { namespace, signal })).items;
    for (const addon of addons) {
      const name = addon.metadata.name ?? '';
      if (name === VOLSYNC_ADDON_NAME) {
        if (!addon.metadata.deletionTimestamp) await this.ensureDeployWork(rc, cluster, addon);
      } else if (name.toLowerCase().includes(VOLSYNC_ADDON_NAME)) {
        rc.events.event(
          addon,
          'Warning',
          'UnknownAddOnName',
          `ManagedClusterAddOn ${name} is not deployed: the VolSync add-on must be named "${VOLSYNC_ADDON_NAME}" (in namespace ${namespace}); ` +
            `rename it, or label ManagedCluster ${namespace} with ${LABEL_INSTALL_VOLSYNC}=true`,
        );
      }
    }
  }

  private async ensureAddOn(rc: ReconcileContext, cluster: ManagedCluster, namespace: string): Promise<'exists' | 'created' | 'no-namespace'> {
    const { client, signal } = rc;
    try {
      await client.get(MANAGED_CLUSTER_ADDONS, VOLSYNC_ADDON_NAME, { namespace, signal });
      return 'exists';
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const addon: ManagedClusterAddOn = {
      apiVersion: `${MANAGED_CLUSTER_ADDONS.group}/${MANAGED_CLUSTER_ADDONS.version}`,
      kind: 'ManagedClusterAddOn',
      metadata: { name: VOLSYNC_ADDON_NAME, namespace },
      spec: {},
    };
    try {
      await client.create(MANAGED_CLUSTER_ADDONS, addon, { signal });
    } catch (err) {
      if (isAlreadyExists(err)) return 'exists';
      if (isNotFound(err)) {
        rc.events.event(cluster, 'Warning', 'AddOnNotCreated', `cannot create ManagedClusterAddOn ${VOLSYNC_ADDON_NAME}: namespace ${namespace} does not exist`);
        return 'no-namespace';
      }
      throw err;
    }
    rc.events.event(cluster, 'Normal', 'AddOnCreated', `created ManagedClusterAddOn ${VOLSYNC_ADDON_NAME} in namespace ${namespace} (label ${LABEL_INSTALL_VOLSYNC}=true)`);
    return 'created';
  }

  private async ensureDeployWork(rc: ReconcileContext, cluster: ManagedCluster, addon: ManagedClusterAddOn): Promise<void> {
    const plan = deployPlan(cluster, addon);
    const { op } = await createOrUpdate<ManifestWork & { metadata: { name: string } }>(
      rc.client,
      MANIFEST_WORKS,
      addon.metadata.namespace,
      DEPLOY_WORK_NAME,
      (work) => {
        setControllerReference(work, {
          apiVersion: addon.apiVersion ?? `${MANAGED_CLUSTER_ADDONS.group}/${MANAGED_CLUSTER_ADDONS.version}`,
          kind: 'ManagedClusterAddOn',
          name: addon.metadata.name ?? '',
          uid: addon.metadata.uid ?? '',
        });
        work.metadata.labels = { ...work.metadata.labels, 'open-cluster-management.io/addon-name': VOLSYNC_ADDON_NAME };
        work.spec = { ...work.spec, workload: { manifests: manifestsOf(plan) } };
      },
      rc.signal,
    );
    if (op !== 'unchanged') rc.events.event(addon, 'Normal', 'AddOnDeployPlanned', describePlan(plan));
  }
}

/**
 * What the managed cluster is asked to apply. Helm mode: the install namespace, labelled so the
 * framework copies the pull secret into it; the chart itself is rendered by the add-on agent.
 * OLM mode: the Subscription.
 */
function manifestsOf(plan: DeployPlan): Record<string, unknown>[] {
  if (plan.mode === 'helm') {
    return [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: plan.namespace, labels: { [LABEL_ADDON_NAMESPACE]: 'true' }, annotations: { 'volsync.backube/helm-chart-key': plan.chartKey } },
      },
    ];
  }
  return [
    {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'Subscription',
      metadata: { name: plan.subscription.name, namespace: plan.namespace },
      spec: plan.subscription,
    },
  ];
}
