// Namespaces as the API server's NamespaceLifecycle admission and namespace registry treat them:
// no new content in a namespace that is missing or terminating, three namespaces that cannot be
// deleted, and a deleted namespace that stays (Terminating) until its `kubernetes` finalizer is
// dropped by the namespace controller once the namespace is empty.
import type { ApiObject } from '../../api/meta.js';
import { forbidden, notFound } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { SqliteStore } from '../storage/sqlite-store.js';
import type { RestStore } from './rest-store.js';

export const NAMESPACES_STORAGE_KEY = '/namespaces';
const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

function isNamespaceType(rt: ResourceType): boolean {
  return rt.group === '' && rt.plural === 'namespaces';
}

/** Namespaced objects need a live namespace: 404 when missing, 403 while it terminates. */
export function admitIntoNamespace(store: SqliteStore, rt: ResourceType, namespace: string, name: string): void {
  const ns = store.get({ storageKey: NAMESPACES_STORAGE_KEY, namespace: '', name: namespace });
  if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  if (ns.metadata.deletionTimestamp) {
    throw forbidden(
      `${rt.plural}${rt.group ? '.' + rt.group : ''} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        name,
        group: rt.group,
        kind: rt.plural,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
      },
    );
  }
}

/** On delete: refuses the protected namespaces, and marks any other one Terminating. */
export function beginNamespaceDeletion(rt: ResourceType, name: string, next: ApiObject): void {
  if (!isNamespaceType(rt)) return;
  if (PROTECTED_NAMESPACES.has(name)) {
    throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, group: '', kind: 'namespaces' });
  }
  next.status = { ...((next.status as object) ?? {}), phase: 'Terminating' };
}

/** A namespace's spec.finalizers (`kubernetes`) keep it after deletion like metadata.finalizers do. */
export function namespaceFinalizersPending(rt: ResourceType, obj: ApiObject): boolean {
  if (!isNamespaceType(rt)) return false;
  return ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
}

function namespaceKey(name: string) {
  return { storageKey: NAMESPACES_STORAGE_KEY, namespace: '', name };
}

/** Finishes a namespace whose content is gone: drops `kubernetes` from spec.finalizers. */
export function finalizeNamespace(rest: RestStore, name: string): Promise<void> {
  return rest.updateByKey(namespaceKey(name), 'finalize', (ns) => {
    if (!ns.metadata.deletionTimestamp) return undefined;
    const finalizers = ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).filter((f) => f !== 'kubernetes');
    return { apiVersion: 'v1', kind: 'Namespace', metadata: {}, spec: { finalizers } };
  });
}

/** Sets namespace status conditions while content remains (NamespaceContentRemaining…). */
export function setNamespaceStatus(rest: RestStore, name: string, status: Record<string, unknown>): Promise<void> {
  return rest.updateByKey(namespaceKey(name), 'status', () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: {}, status }));
}
