// vm-config-setup: the VM DR helper ConfigMaps. The ACM policy creates them itself (enforce); the
// doctor only reads, so it says which are missing, and only where VMs exist to protect.

import type { KubeObject } from '../../../kube/index.js';
import { isServed, listIfServed } from '../api.js';
import { nameOf } from '../describe.js';
import { CONFIG_MAPS, KUBEVIRT_VIRTUAL_MACHINES } from '../refs.js';
import { fail, notApplicable, pass, type CheckDefinition } from '../types.js';

const VM_DR_CONFIG_MAPS = ['acm-dr-virt-config', 'acm-dr-virt-restore-config', 'acm-dr-virt-schedule-cron'];

export const vmConfigSetup: CheckDefinition = {
  id: 'vm-config-setup',
  title: 'VM disaster-recovery ConfigMaps present',
  async run({ client, backupNamespace }) {
    if (!(await isServed(client, KUBEVIRT_VIRTUAL_MACHINES))) {
      return notApplicable('the kubevirt.io VirtualMachine API is not served: there are no virtual machines to protect');
    }
    const present = new Set(((await listIfServed<KubeObject>(client, CONFIG_MAPS, { namespace: backupNamespace })) ?? []).map(nameOf));
    const missing = VM_DR_CONFIG_MAPS.filter((name) => !present.has(name));
    if (missing.length === 0) return pass(`ConfigMaps ${VM_DR_CONFIG_MAPS.join(', ')} exist in ${backupNamespace}`);
    return fail(
      `ConfigMap ${missing.join(', ')} is missing in ${backupNamespace}: the ACM backup-restore-enabled policy (enforce) creates it; check that the policy is placed on this hub.`,
    );
  },
};
