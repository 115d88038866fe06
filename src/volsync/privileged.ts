// Whether a namespace allows privileged movers (volsync.md §2.7).
import { ANNOTATION_PRIVILEGED_MOVERS } from '../api/volsync/index.js';
import { NAMESPACES, type KubeClient, type KubeObject } from '../kube/index.js';

export async function privilegedMoversAllowed(client: KubeClient, namespace: string, signal?: AbortSignal): Promise<boolean> {
  const ns = await client.get<KubeObject>(NAMESPACES, namespace, { signal });
  return (ns.metadata?.annotations?.[ANNOTATION_PRIVILEGED_MOVERS] ?? '').toLowerCase() === 'true';
}
