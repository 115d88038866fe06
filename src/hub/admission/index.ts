// Mutating admission that kube-apiserver runs on built-in kinds before validation, for the plugins
// the hub has. One entry point, so the REST store needs a single hook.
import type { ResourceType } from '../registry/resource-type.js';
import type { HubContext } from '../rest/context.js';
import type { ApiObject } from '../../api/meta.js';
import { admitDefaultStorageClass } from './default-storage-class.js';

export function admitCreate(ctx: HubContext, rt: ResourceType, obj: ApiObject): void {
  if (rt.crdName !== undefined || rt.group !== '') return;
  if (rt.plural === 'persistentvolumeclaims') admitDefaultStorageClass(ctx, obj);
}
