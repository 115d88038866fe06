// Which velero restores a pass creates (hub-backup.md §4.3 "Keys"): the restore types, in the
// order they are created, and the spec field that names each one's backup.
import { RESOURCE_TYPES, type AcmRestoreSpec, type ResourceType } from '../../api/backup/index.js';
import { isSkip } from './spec-values.js';

export type RestoreKey = Exclude<ResourceType, 'validation'>;

/** Creation order (§4.3): passive restores first, then the activation subsets, managed clusters last. */
export const RESTORE_KEY_ORDER: readonly RestoreKey[] = Object.freeze([
  RESOURCE_TYPES.credentials,
  RESOURCE_TYPES.resources,
  RESOURCE_TYPES.resourcesGeneric,
  RESOURCE_TYPES.resourcesGenericActive,
  RESOURCE_TYPES.credentialsActive,
  RESOURCE_TYPES.managedClusters,
]);

/** The activation subsets: restored with `cluster-activation` In, and only with managed clusters. */
export const ACTIVE_KEYS: readonly RestoreKey[] = Object.freeze([RESOURCE_TYPES.resourcesGenericActive, RESOURCE_TYPES.credentialsActive]);

/** What a pass restores: everything, or (the sync activation shortcut, §4.7) only what activation adds. */
export type RestoreMode = 'full' | 'activation';

const ACTIVATION_KEYS: readonly RestoreKey[] = [RESOURCE_TYPES.managedClusters, ...ACTIVE_KEYS];

export function isActiveKey(key: RestoreKey): boolean {
  return ACTIVE_KEYS.includes(key);
}

/** The spec field whose value feeds a key (§4.3). */
export function specValueFor(spec: AcmRestoreSpec, key: RestoreKey): string {
  switch (key) {
    case 'managedClusters':
      return spec.veleroManagedClustersBackupName;
    case 'credentials':
    case 'credentialsActive':
      return spec.veleroCredentialsBackupName;
    case 'resources':
    case 'resourcesGeneric':
    case 'resourcesGenericActive':
      return spec.veleroResourcesBackupName;
  }
}

/**
 * The keys of a pass, in creation order. Without managed clusters there are no activation subsets;
 * with them, the subsets are restored even when credentials or resources are `skip` (decision 3).
 */
export function restoreKeys(spec: AcmRestoreSpec, mode: RestoreMode): RestoreKey[] {
  const withClusters = !isSkip(spec.veleroManagedClustersBackupName);
  return RESTORE_KEY_ORDER.filter((key) => {
    if (mode === 'activation' && !ACTIVATION_KEYS.includes(key)) return false;
    if (isActiveKey(key)) return withClusters;
    return !isSkip(specValueFor(spec, key));
  });
}
