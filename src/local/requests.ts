// Watch mappings of the local controllers: which keys an object change concerns.
import type { KubeObject, ReconcileRequest } from '../kube/index.js';

export function requestOf(obj: KubeObject): ReconcileRequest {
  return { namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' };
}

/** The object a reference names (a claimRef, a volumeSnapshotRef), if it names one. */
export function requestsForRef(ref: { name?: string; namespace?: string } | undefined): ReconcileRequest[] {
  return ref?.name && ref.namespace ? [{ namespace: ref.namespace, name: ref.name }] : [];
}
