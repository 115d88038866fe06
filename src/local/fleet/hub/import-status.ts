// Stand-in for the import controller's import-status part: every ManagedCluster gets
// `ManagedClusterImportSucceeded=False` (`ManagedClusterWaitForImporting`) until it is imported,
// and `True` (`ManagedClusterImported`, "Import succeeded") once its agent runs against this hub.
// Upstream judges that by the klusterlet ManifestWorks becoming available, which needs a work agent
// connected to this hub; the stand-in judges it by the agent's own Joined and Available conditions.
// An `immediate-import` annotation with an empty value is then marked `Completed`.
import { ANNOTATION_IMMEDIATE_IMPORT } from '../../../api/backup/index.js';
import { MANAGED_CLUSTERS, MANAGED_CLUSTER_CONDITION_AVAILABLE, MANAGED_CLUSTER_CONDITION_JOINED, type ManagedCluster } from '../../../api/ocm/index.js';
import { isTrue, type Condition, type KubeClient } from '../../../kube/index.js';
import { conditionOf, setClusterConditions } from '../cluster-conditions.js';
import {
  CONDITION_IMPORT_SUCCEEDED,
  IMMEDIATE_IMPORT_COMPLETED,
  MESSAGE_IMPORTED,
  MESSAGE_WAIT_FOR_IMPORTING,
  REASON_IMPORTED,
  REASON_WAIT_FOR_IMPORTING,
} from '../constants.js';

export async function reconcileImportStatus(hub: KubeClient, cluster: ManagedCluster, signal: AbortSignal): Promise<void> {
  const name = cluster.metadata.name ?? '';
  if (cluster.metadata.deletionTimestamp) return;
  if (!conditionOf(cluster, CONDITION_IMPORT_SUCCEEDED)) {
    await setClusterConditions(hub, name, {
      conditions: [{ type: CONDITION_IMPORT_SUCCEEDED, status: 'False', reason: REASON_WAIT_FOR_IMPORTING, message: MESSAGE_WAIT_FOR_IMPORTING }],
      when: (c) => !conditionOf(c, CONDITION_IMPORT_SUCCEEDED),
      signal,
    });
    return;
  }
  const conditions = cluster.status?.conditions as Condition[] | undefined;
  if (!isTrue(conditions, MANAGED_CLUSTER_CONDITION_JOINED) || !isTrue(conditions, MANAGED_CLUSTER_CONDITION_AVAILABLE)) return;
  if (!isTrue(conditions, CONDITION_IMPORT_SUCCEEDED))
    await setClusterConditions(hub, name, {
      conditions: [{ type: CONDITION_IMPORT_SUCCEEDED, status: 'True', reason: REASON_IMPORTED, message: MESSAGE_IMPORTED }],
      signal,
    });
  if (cluster.metadata.annotations?.[ANNOTATION_IMMEDIATE_IMPORT] === '')
    await hub.patch(
      MANAGED_CLUSTERS,
      name,
      { metadata: { annotations: { [ANNOTATION_IMMEDIATE_IMPORT]: IMMEDIATE_IMPORT_COMPLETED } } },
      { type: 'merge', signal },
    );
}
