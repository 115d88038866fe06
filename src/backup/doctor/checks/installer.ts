// acm-cluster-backup-enabled: the MultiClusterHub must enable its `cluster-backup` component.

import { CLUSTER_BACKUP_COMPONENT, MULTICLUSTER_HUBS, type MultiClusterHub } from '../../../api/ocm/index.js';
import { listIfServed } from '../api.js';
import { listNames, qualifiedName } from '../describe.js';
import { fail, notApplicable, pass, type CheckDefinition } from '../types.js';

export const clusterBackupEnabled: CheckDefinition = {
  id: 'acm-cluster-backup-enabled',
  title: 'cluster-backup component enabled in the MultiClusterHub',
  async run({ client }) {
    const hubs = await listIfServed<MultiClusterHub>(client, MULTICLUSTER_HUBS);
    if (hubs === undefined) return notApplicable('the MultiClusterHub API is not served: this hub is not installed by ACM, there is no component to enable');
    if (hubs.length === 0) return notApplicable('no MultiClusterHub exists: this hub is not installed by ACM, there is no component to enable');
    const disabled = hubs.filter((hub) => !(hub.spec?.overrides?.components ?? []).some((c) => c.name === CLUSTER_BACKUP_COMPONENT && c.enabled === true));
    if (disabled.length === 0) return pass('The cluster-backup component is enabled in the MultiClusterHub resource.');
    return fail(
      `The cluster-backup component is not enabled in MultiClusterHub ${listNames(disabled.map(qualifiedName))}: add {name: ${CLUSTER_BACKUP_COMPONENT}, enabled: true} to spec.overrides.components.`,
    );
  },
};
