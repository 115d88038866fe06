// Small idempotent steps the local stand-ins take on API objects, over the same client any
// controller uses.
import { isConflict, isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../kube/index.js';

export async function getIfExists<T extends KubeObject>(client: KubeClient, ref: ResourceRef, name: string, namespace?: string, signal?: AbortSignal): Promise<T | undefined> {
  try {
    return await client.get<T>(ref, name, { namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return (obj.metadata?.finalizers ?? []).includes(finalizer);
}

/**
 * Adds or removes a finalizer. The resourceVersion guards against overwriting a concurrent change;
 * on a conflict the object is read again and the change re-applied.
 */
export async function setFinalizer(client: KubeClient, ref: ResourceRef, obj: KubeObject, finalizer: string, present: boolean): Promise<void> {
  let current: KubeObject | undefined = obj;
  for (let attempt = 1; current; attempt++) {
    const finalizers = current.metadata?.finalizers ?? [];
    if (finalizers.includes(finalizer) === present) return;
    const next = present ? [...finalizers, finalizer] : finalizers.filter((f) => f !== finalizer);
    try {
      await client.patch(ref, current.metadata?.name ?? '', { metadata: { finalizers: next, resourceVersion: current.metadata?.resourceVersion } }, {
        namespace: current.metadata?.namespace,
        type: 'merge',
      });
      return;
    } catch (err) {
      // Removing a finalizer from an object that is already gone is done.
      if (!present && isNotFound(err)) return;
      if (!isConflict(err) || attempt >= CONFLICT_ATTEMPTS) throw err;
    }
    current = await getIfExists(client, ref, current.metadata?.name ?? '', current.metadata?.namespace);
  }
}

const CONFLICT_ATTEMPTS = 5;

/** Deletes an object; one that is already gone is deleted. */
export async function deleteIfExists(client: KubeClient, ref: ResourceRef, name: string, namespace?: string, propagationPolicy?: 'Background' | 'Foreground'): Promise<void> {
  try {
    await client.delete(ref, name, { namespace, propagationPolicy });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
