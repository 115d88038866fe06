// A deleted CustomResourceDefinition terminates before it goes: it carries a Terminating condition
// while the CRD controller deletes its objects, and no new object of its kind may be created.
import { metaTime, type ApiObject, type Condition } from '../../api/meta.js';
import { ApiError } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { SqliteStore } from '../storage/sqlite-store.js';

const CRDS_STORAGE_KEY = 'apiextensions.k8s.io/customresourcedefinitions';

/** 405 for a create of a custom resource whose CRD is being deleted. */
export function rejectCreateWhileCrdTerminating(store: SqliteStore, rt: ResourceType): void {
  if (!rt.crdName) return;
  const crd = store.get({ storageKey: CRDS_STORAGE_KEY, namespace: '', name: rt.crdName });
  if (crd?.metadata.deletionTimestamp) {
    throw new ApiError(405, 'MethodNotAllowed', `create not allowed while custom resource definition is terminating`);
  }
}

/** On delete of a CRD: adds the Terminating condition (once). */
export function markCrdTerminating(rt: ResourceType, crd: ApiObject, now: number): void {
  if (rt.crdName !== undefined || rt.group !== 'apiextensions.k8s.io') return;
  const status = (crd.status ??= {}) as { conditions?: Condition[] };
  const conditions = (status.conditions ??= []);
  if (!conditions.some((c) => c.type === 'Terminating')) {
    conditions.push({
      type: 'Terminating',
      status: 'True',
      lastTransitionTime: metaTime(now),
      reason: 'InstanceDeletionInProgress',
      message: 'CustomResource deletion is in progress',
    });
  }
}
