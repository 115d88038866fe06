// Core kinds the policy templates read; the other kinds come from src/api.

import type { ResourceRef } from '../../kube/index.js';

export const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
export const SECRETS: ResourceRef = { group: '', version: 'v1', plural: 'secrets', namespaced: true, kind: 'Secret' };
export const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', namespaced: false, kind: 'Namespace' };
export const CONFIG_MAPS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps', namespaced: true, kind: 'ConfigMap' };
/** Only there to tell whether the hub runs VMs, which the VM DR helper template is for. */
export const KUBEVIRT_VIRTUAL_MACHINES: ResourceRef = {
  group: 'kubevirt.io',
  version: 'v1',
  plural: 'virtualmachines',
  namespaced: true,
  kind: 'VirtualMachine',
};
