// Several writers share a ManagedCluster's status (the hub registration and import controllers, the
// cluster's own agent): each sets only its own conditions, with the resourceVersion precondition
// of a status update, and re-reads on a conflict instead of overwriting the others' conditions.
import { MANAGED_CLUSTERS, type ManagedCluster } from '../../api/ocm/index.js';
import { isConflict, isNotFound, setCondition, type Condition, type ConditionInput, type KubeClient } from '../../kube/index.js';

const CONFLICT_RETRIES = 5;

export interface ConditionWrite {
  /** The conditions to set; lastTransitionTime moves only when a status changes. */
  conditions: ConditionInput[];
  /** Skip the write unless the current object passes (checked on every attempt). */
  when?: (cluster: ManagedCluster) => boolean;
  signal?: AbortSignal;
}

/** Sets conditions on a ManagedCluster's status; true when something was written. */
export async function setClusterConditions(client: KubeClient, name: string, write: ConditionWrite): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    let cluster: ManagedCluster;
    try {
      cluster = await client.get<ManagedCluster>(MANAGED_CLUSTERS, name, { signal: write.signal });
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    if (write.when && !write.when(cluster)) return false;
    const before = (cluster.status?.conditions ?? []) as Condition[];
    let after = before;
    for (const input of write.conditions) after = setCondition(after, input, Date.now());
    if (JSON.stringify(after) === JSON.stringify(before)) return false;
    try {
      await client.updateStatus(MANAGED_CLUSTERS, { ...cluster, status: { ...cluster.status, conditions: after } }, { signal: write.signal });
      return true;
    } catch (err) {
      if (!isConflict(err) || attempt >= CONFLICT_RETRIES) throw err;
    }
  }
}

export function conditionOf(cluster: ManagedCluster | undefined, type: string): Condition | undefined {
  return (cluster?.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}
