// Core kinds the policy templates read; the other kinds come from src/api.

import { resourceRef } from '../../api/resource.js';
import { SECRETS, NAMESPACES, CONFIGMAPS as CONFIG_MAPS, PODS } from '../../kube/index.js';
export { SECRETS, NAMESPACES, CONFIG_MAPS, PODS };

/** Only there to tell whether the hub runs VMs, which the VM DR helper template is for. */
export const KUBEVIRT_VIRTUAL_MACHINES = resourceRef({
  group: 'kubevirt.io',
  version: 'v1',
  kind: 'VirtualMachine',
  plural: 'virtualmachines',
  scope: 'Namespaced',
});
