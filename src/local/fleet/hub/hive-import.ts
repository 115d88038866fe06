// Stand-in for the import controller's ClusterDeployment path: a hive-created cluster (a
// ClusterDeployment `<cluster>` in namespace `<cluster>`, installed, with
// `spec.clusterMetadata.adminKubeconfigSecretRef`) is imported with that admin kubeconfig, no token
// needed. This is why hive clusters re-attach to a restored hub by themselves. With the default
// ImportOnly strategy a cluster already imported is left alone unless it carries the
// `immediate-import` annotation with an empty value.
import type { Logger } from 'pino';
import { ANNOTATION_IMMEDIATE_IMPORT } from '../../../api/backup/index.js';
import { MANAGED_CLUSTERS, type ClusterDeployment, type ManagedCluster } from '../../../api/ocm/index.js';
import { isTrue, type Condition, type KubeClient } from '../../../kube/index.js';
import { setClusterConditions } from '../cluster-conditions.js';
import { ANNOTATION_CREATED_VIA, ANNOTATION_DISABLE_AUTO_IMPORT, CONDITION_IMPORT_SUCCEEDED, CREATED_VIA_HIVE } from '../constants.js';
import { resourcesApplied, runImport } from './import-flow.js';
import { secretValue } from '../objects.js';

interface HiveClusterMetadata {
  adminKubeconfigSecretRef?: { name?: string };
}

export interface HiveImportInputs {
  hub: KubeClient;
  cluster: ManagedCluster;
  deployment: ClusterDeployment | undefined;
  /** Whether an auto-import-secret exists: it then takes precedence. */
  hasAutoImportSecret: boolean;
  /** Reads a Secret in the cluster namespace (the admin kubeconfig). */
  readSecret(namespace: string, name: string): Promise<{ data?: Record<string, string> } | undefined>;
  log: Logger;
  signal: AbortSignal;
}

export async function reconcileHiveImport(i: HiveImportInputs): Promise<number | undefined> {
  const { cluster, deployment } = i;
  const name = cluster.metadata.name ?? '';
  if (!deployment || deployment.metadata.deletionTimestamp || cluster.metadata.deletionTimestamp) return undefined;
  const annotations = cluster.metadata.annotations ?? {};
  if (annotations[ANNOTATION_DISABLE_AUTO_IMPORT] !== undefined) return undefined;
  const imported = isTrue(cluster.status?.conditions as Condition[] | undefined, CONDITION_IMPORT_SUCCEEDED);
  if (imported && annotations[ANNOTATION_IMMEDIATE_IMPORT] !== '') return undefined;
  if (!deployment.spec?.installed) return undefined;
  const pool = deployment.spec.clusterPoolRef as { claimedTimestamp?: string } | undefined;
  if (pool && !pool.claimedTimestamp) return undefined;
  if (annotations[ANNOTATION_CREATED_VIA] !== CREATED_VIA_HIVE)
    await i.hub.patch(
      MANAGED_CLUSTERS,
      name,
      { metadata: { annotations: { [ANNOTATION_CREATED_VIA]: CREATED_VIA_HIVE } } },
      { type: 'merge', signal: i.signal },
    );
  if (i.hasAutoImportSecret) return undefined;
  const secretName = (deployment.spec.clusterMetadata as HiveClusterMetadata | undefined)?.adminKubeconfigSecretRef?.name;
  if (!secretName) return undefined;
  const secret = await i.readSecret(name, secretName);
  if (!secret) throw new Error(`secrets "${secretName}" not found`);

  const outcome = await runImport({
    hub: i.hub,
    cluster,
    source: { namespace: name, name: secretName },
    credentials: () => {
      const kubeconfig = secretValue(secret, 'kubeconfig');
      if (!kubeconfig) throw new Error('kubeconfig is missing');
      return { kind: 'kubeconfig', kubeconfig };
    },
    bootstrapOnly: false,
    lastRetry: 0,
    totalRetry: -1,
    signal: i.signal,
  });
  if (!resourcesApplied(outcome.condition) || outcome.modified) await setClusterConditions(i.hub, name, { conditions: [outcome.condition], signal: i.signal });
  if (outcome.error) throw outcome.error;
  if (resourcesApplied(outcome.condition)) i.log.info({ cluster: name, modified: outcome.modified }, 'hive cluster imported with its admin kubeconfig');
  return outcome.requeueAfterMs;
}
