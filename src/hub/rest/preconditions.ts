// The optimistic-concurrency checks of update and delete: a resourceVersion or uid the caller
// names must still be the object's, else 409 Conflict with upstream's wording.
import type { ApiObject, ObjectMeta } from '../../api/meta.js';
import { STALE_OBJECT, conflict, invalid } from '../errors.js';
import { groupResource, type ResourceType } from '../registry/resource-type.js';
import type { DeleteOptions } from './rest-store.js';

function uidConflict(rt: ResourceType, name: string, wanted: string, current: ApiObject) {
  return conflict(groupResource(rt), name, `Precondition failed: UID in precondition: ${wanted}, UID in object meta: ${current.metadata.uid}`);
}

/** An update must carry the current resourceVersion, unless the kind allows unconditional updates. */
export function checkUpdatePreconditions(rt: ResourceType, name: string, meta: ObjectMeta, old: ApiObject, unconditionalAllowed: boolean): void {
  if (meta.resourceVersion) {
    if (meta.resourceVersion !== old.metadata.resourceVersion) throw conflict(groupResource(rt), name, STALE_OBJECT);
  } else if (!unconditionalAllowed) {
    throw invalid(rt.kind, rt.group, name, [{ type: 'Invalid', field: 'metadata.resourceVersion', value: 0, detail: 'must be specified for an update' }]);
  }
  if (meta.uid && meta.uid !== old.metadata.uid) throw uidConflict(rt, name, meta.uid, old);
}

export function checkDeletePreconditions(rt: ResourceType, name: string, pre: DeleteOptions['preconditions'], current: ApiObject): void {
  if (pre?.uid && pre.uid !== current.metadata.uid) throw uidConflict(rt, name, pre.uid, current);
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      groupResource(rt),
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
    );
  }
}
