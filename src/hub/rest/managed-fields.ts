// metadata.managedFields as far as the hub keeps it: one entry per manager and operation with the
// time of its last write (no field sets), which `kubectl get --show-managed-fields` shows.
import { metaTime, type ApiObject } from '../../api/meta.js';

export function recordManager(obj: ApiObject, manager: string | undefined, operation: 'Update' | 'Apply', version: string, now: number): void {
  if (!manager) return;
  const entries = ((obj.metadata.managedFields ?? []) as Record<string, unknown>[]).filter((e) => !(e.manager === manager && e.operation === operation));
  entries.push({ manager, operation, apiVersion: obj.apiVersion ?? version, time: metaTime(now), fieldsType: 'FieldsV1', fieldsV1: {} });
  obj.metadata.managedFields = entries;
}

/** The object without what a write that changes nothing else may still differ in. */
export function withoutManagedFields(o: ApiObject): ApiObject {
  const { managedFields: _mf, resourceVersion: _rv, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}
