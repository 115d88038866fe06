// "In use" as the pvc-protection controller sees it: a pod that is not finished mounts the claim.
import type { Pod } from '../../api/core/index.js';
import { PODS, type KubeClient } from '../../kube/index.js';

export function podClaimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
}

export function podIsFinished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Read live, not from a cache: a pod created a moment ago must keep the claim. */
export async function claimInUse(client: KubeClient, namespace: string, claim: string): Promise<boolean> {
  const pods = await client.list<Pod>(PODS, { namespace });
  return pods.items.some((pod) => !podIsFinished(pod) && podClaimNames(pod).includes(claim));
}
