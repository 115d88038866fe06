// Defaults that kube-apiserver's registry strategies apply to built-in kinds on create.
import type { ApiObject } from '../../api/meta.js';

interface ClaimDataSources {
  dataSource?: { apiGroup?: string; kind?: string; name?: string } | null;
  dataSourceRef?: { apiGroup?: string; kind?: string; name?: string; namespace?: string } | null;
}

/**
 * `dataSource` and `dataSourceRef` of a new claim mirror each other when only one is given (the
 * latter only without a namespace), as the AnyVolumeDataSource behaviour of the API server has it.
 */
export function normalizeClaimDataSources(pvc: ApiObject): void {
  const spec = (pvc.spec ?? {}) as ClaimDataSources;
  if (spec.dataSource && !spec.dataSourceRef) {
    spec.dataSourceRef = { ...spec.dataSource };
  } else if (spec.dataSourceRef && !spec.dataSource && !spec.dataSourceRef.namespace) {
    const { apiGroup, kind, name } = spec.dataSourceRef;
    spec.dataSource = { ...(apiGroup !== undefined ? { apiGroup } : {}), kind, name };
  }
}
