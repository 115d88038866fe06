// Wires the VolSync add-on reconciler: ManagedClusters are the primaries; a change to any
// ManagedClusterAddOn (or the ManifestWork it owns) looks at the cluster of its namespace again.
import { MANAGED_CLUSTER_ADDONS, MANAGED_CLUSTERS, MANIFEST_WORKS } from '../../api/ocm/index.js';
import type { ControllerSpec, KubeObject, ReconcileRequest } from '../../kube/index.js';
import { VolSyncAddOnReconciler } from './reconciler.js';

export const VOLSYNC_ADDON_CONTROLLER = 'volsync-addon';

export function volsyncAddOnController(): ControllerSpec {
  const clusterOfNamespace = (obj: KubeObject): ReconcileRequest[] => (obj.metadata?.namespace ? [{ namespace: '', name: obj.metadata.namespace }] : []);
  return {
    name: VOLSYNC_ADDON_CONTROLLER,
    for: MANAGED_CLUSTERS,
    watches: [
      { target: MANAGED_CLUSTER_ADDONS, map: clusterOfNamespace },
      { target: MANIFEST_WORKS, map: clusterOfNamespace },
    ],
    reconciler: new VolSyncAddOnReconciler(),
  };
}
