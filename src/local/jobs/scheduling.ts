// The scheduler's part for the one local node: a pod is placed once every claim it mounts is
// bound. A claim of a WaitForFirstConsumer class is bound only now, when its first pod is placed:
// the claim gets the node as `volume.kubernetes.io/selected-node`, and the provisioner goes on.
import { STORAGE_ANNOTATIONS, type PersistentVolumeClaim, type Pod, type StorageClass } from '../../api/core/index.js';
import { PERSISTENT_VOLUME_CLAIMS, STORAGE_CLASSES, type KubeClient, type KubeObject } from '../../kube/index.js';
import { getIfExists } from '../object-access.js';
import { podClaimNames } from '../volumes/protection.js';

export type Placement = { placed: true } | { placed: false; unschedulable?: string };

export async function placePod(client: KubeClient, pod: Pod, nodeName: string): Promise<Placement> {
  const namespace = pod.metadata.namespace ?? '';
  let unboundImmediate = false;
  let waiting = false;
  for (const name of podClaimNames(pod)) {
    const pvc = await getIfExists<PersistentVolumeClaim>(client, PERSISTENT_VOLUME_CLAIMS, name, namespace);
    if (!pvc) return { placed: false, unschedulable: `0/1 nodes are available: persistentvolumeclaim "${name}" not found.` };
    if (pvc.metadata.deletionTimestamp) return { placed: false, unschedulable: `0/1 nodes are available: persistentvolumeclaim "${name}" is being deleted.` };
    if (pvc.spec?.volumeName && pvc.status?.phase === 'Bound') continue;
    const className = pvc.spec?.storageClassName;
    const storageClass = className ? await getIfExists<StorageClass & KubeObject>(client, STORAGE_CLASSES, className) : undefined;
    if (storageClass?.volumeBindingMode !== 'WaitForFirstConsumer') {
      unboundImmediate = true;
      continue;
    }
    waiting = true;
    if (!pvc.metadata.annotations?.[STORAGE_ANNOTATIONS.selectedNode]) {
      await client.patch(
        PERSISTENT_VOLUME_CLAIMS,
        name,
        { metadata: { annotations: { [STORAGE_ANNOTATIONS.selectedNode]: nodeName } } },
        { namespace, type: 'merge' },
      );
    }
  }
  if (unboundImmediate) return { placed: false, unschedulable: '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.' };
  return waiting ? { placed: false } : { placed: true };
}
