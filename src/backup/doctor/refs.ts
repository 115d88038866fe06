// Core kinds the policy templates read; the other kinds come from src/api.

import type { ResourceRef } from '../../kube/index.js';
import { SECRETS, NAMESPACES, CONFIGMAPS as CONFIG_MAPS } from '../../kube/index.js';
export { SECRETS, NAMESPACES, CONFIG_MAPS };

export const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
/** Only there to tell whether the hub runs VMs, which the VM DR helper template is for. */
export const KUBEVIRT_VIRTUAL_MACHINES: ResourceRef = {
  group: 'kubevirt.io',
  version: 'v1',
  plural: 'virtualmachines',
  namespaced: true,
  kind: 'VirtualMachine',
};
