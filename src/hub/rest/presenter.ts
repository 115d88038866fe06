import { groupVersion, storageVersion, findVersion, type ResourceType } from '../registry/resource-type.js';
import type { ApiObject } from '../../api/meta.js';
import { applyDefaults } from '../schema/index.js';

/**
 * Converts a stored object into the form a client asked for: the requested apiVersion (CRDs
 * without conversion webhooks differ only by apiVersion), the other view of shared storage
 * (events.k8s.io Events), and schema defaults, which upstream also applies when reading.
 */
export function present(rt: ResourceType, version: string, stored: ApiObject): ApiObject {
  let obj = stored;
  if (rt.view) obj = rt.view.fromStorage(obj) as ApiObject;
  obj.apiVersion = groupVersion(rt.group, version);
  obj.kind = rt.kind;
  const schema = findVersion(rt, version)?.schema;
  if (schema && rt.crdName) applyDefaults(obj, schema);
  return obj;
}

/** The form kept in storage: the storage version's apiVersion, the storage view's fields. */
export function toStorage(rt: ResourceType, obj: ApiObject): ApiObject {
  let out = obj;
  if (rt.view) out = rt.view.toStorage(out) as ApiObject;
  else out.apiVersion = groupVersion(rt.group, storageVersion(rt));
  out.kind = rt.kind;
  return out;
}
