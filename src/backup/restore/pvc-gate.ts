// The credentials / PVC gate before managed clusters are restored (hub-backup.md §4.5): the
// activation credentials must be restored, and every PVC a `backup-pvc` ConfigMap names must exist,
// before the managed-clusters restore is created.
import { LABEL_BACKUP_PVC, msgWaitingForPvcs, msgWaitingForRestore } from '../../api/backup/index.js';
import { RESTORES, type Restore } from '../../api/velero/index.js';
import { CONFIGMAPS, PERSISTENT_VOLUME_CLAIMS, isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../../kube/index.js';

const NOT_DONE = ['', 'New', 'InProgress'];

async function exists(client: KubeClient, ref: ResourceRef, namespace: string, name: string, signal?: AbortSignal): Promise<KubeObject | undefined> {
  try {
    return await client.get(ref, name, { namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The wait message while the gate is closed, undefined once it is open. */
export async function activationGateWait(
  client: KubeClient,
  namespace: string,
  activeCredentialsRestore: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const velero = (await exists(client, RESTORES, namespace, activeCredentialsRestore, signal)) as Restore | undefined;
  if (!velero || NOT_DONE.includes(velero.status?.phase ?? '')) return msgWaitingForRestore(activeCredentialsRestore);
  const missing: { name: string; namespace: string }[] = [];
  for await (const cm of client.listAll(CONFIGMAPS, { labelSelector: LABEL_BACKUP_PVC, signal })) {
    const pvc = cm.metadata?.labels?.[LABEL_BACKUP_PVC] ?? '';
    const pvcNamespace = cm.metadata?.namespace ?? '';
    if (!(await exists(client, PERSISTENT_VOLUME_CLAIMS, pvcNamespace, pvc, signal))) missing.push({ name: pvc, namespace: pvcNamespace });
  }
  return missing.length > 0 ? msgWaitingForPvcs(missing) : undefined;
}
