// Which printer the real apiserver uses for each built-in kind this hub serves.

import {
  CONFIGMAP_TABLE,
  ENDPOINTS_TABLE,
  LEASE_TABLE,
  NAMESPACE_TABLE,
  RESOURCEQUOTA_TABLE,
  SECRET_TABLE,
  SERVICEACCOUNT_TABLE,
  SERVICE_TABLE,
} from './builtin-core.js';
import { EVENT_TABLE } from './builtin-events.js';
import { CLUSTERROLEBINDING_TABLE, ROLEBINDING_TABLE } from './builtin-rbac.js';
import { PVC_TABLE, PV_TABLE, STORAGECLASS_TABLE } from './builtin-storage.js';
import { JOB_TABLE, POD_TABLE } from './builtin-workloads.js';
import { DEFAULT_TABLE } from './default-table.js';
import type { TableSpec } from './types.js';

// Keyed by `group/Kind` (core group empty). Kinds absent here (Role, ClusterRole, LimitRange,
// CustomResourceDefinition, ...) have no printer upstream and get the default table.
const TABLES: Record<string, TableSpec> = {
  '/Namespace': NAMESPACE_TABLE,
  '/ConfigMap': CONFIGMAP_TABLE,
  '/Secret': SECRET_TABLE,
  '/ServiceAccount': SERVICEACCOUNT_TABLE,
  '/Service': SERVICE_TABLE,
  '/Endpoints': ENDPOINTS_TABLE,
  '/ResourceQuota': RESOURCEQUOTA_TABLE,
  '/Event': EVENT_TABLE,
  'events.k8s.io/Event': EVENT_TABLE,
  '/PersistentVolumeClaim': PVC_TABLE,
  '/PersistentVolume': PV_TABLE,
  'storage.k8s.io/StorageClass': STORAGECLASS_TABLE,
  '/Pod': POD_TABLE,
  'batch/Job': JOB_TABLE,
  'coordination.k8s.io/Lease': LEASE_TABLE,
  'rbac.authorization.k8s.io/RoleBinding': ROLEBINDING_TABLE,
  'rbac.authorization.k8s.io/ClusterRoleBinding': CLUSTERROLEBINDING_TABLE,
};

export function builtinTableSpec(group: string, kind: string): TableSpec {
  return TABLES[`${group}/${kind}`] ?? DEFAULT_TABLE;
}
