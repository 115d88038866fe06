// Fixed names of hub-backup.md §0: the internal resource types, the velero Schedule (and backup
// name) prefix of each, and the names of the objects the operator creates.

/** Where the operator, OADP and the BackupSchedule normally live. */
export const DEFAULT_BACKUP_NAMESPACE = 'open-cluster-management-backup';

/** Internal resource types (§0.2), used as label values and to order restores. */
export const RESOURCE_TYPES = Object.freeze({
  credentials: 'credentials',
  credentialsActive: 'credentialsActive',
  resources: 'resources',
  resourcesGeneric: 'resourcesGeneric',
  resourcesGenericActive: 'resourcesGenericActive',
  managedClusters: 'managedClusters',
  validation: 'validation',
} as const);
export type ResourceType = (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES];

export const CREDENTIALS_SCHEDULE = 'acm-credentials-schedule';
export const MANAGED_CLUSTERS_SCHEDULE = 'acm-managed-clusters-schedule';
export const RESOURCES_GENERIC_SCHEDULE = 'acm-resources-generic-schedule';
export const RESOURCES_SCHEDULE = 'acm-resources-schedule';
export const VALIDATION_SCHEDULE = 'acm-validation-policy-schedule';

/** Velero Schedule name, and backup-name prefix, of each type; the `*Active` types read their passive sibling's backups. */
export const SCHEDULE_NAME_BY_TYPE: Readonly<Record<ResourceType, string>> = Object.freeze({
  credentials: CREDENTIALS_SCHEDULE,
  credentialsActive: CREDENTIALS_SCHEDULE,
  resources: RESOURCES_SCHEDULE,
  resourcesGeneric: RESOURCES_GENERIC_SCHEDULE,
  resourcesGenericActive: RESOURCES_GENERIC_SCHEDULE,
  managedClusters: MANAGED_CLUSTERS_SCHEDULE,
  validation: VALIDATION_SCHEDULE,
});

/** The order in which the schedules are created (§2.3). */
export const SCHEDULE_CREATION_ORDER: readonly string[] = Object.freeze([
  CREDENTIALS_SCHEDULE,
  MANAGED_CLUSTERS_SCHEDULE,
  RESOURCES_GENERIC_SCHEDULE,
  RESOURCES_SCHEDULE,
  VALIDATION_SCHEDULE,
]);

/** Prefix of the Backup that records a managed-clusters activation: `acm-restore-clusters-<timestamp>`. */
export const RESTORE_CLUSTERS_BACKUP_PREFIX = 'acm-restore-clusters';
/** Appended to the velero Restores of the activation subsets. */
export const ACTIVE_RESTORE_SUFFIX = '-active';
/** Velero restore names are cut to this length before `-active` is appended (§0.6). */
export const MAX_VELERO_RESTORE_NAME_LENGTH = 252;

/** Special values of the Restore's backup-name fields, compared trimmed and case-insensitively (decision 7). */
export const BACKUP_NAME_LATEST = 'latest';
export const BACKUP_NAME_SKIP = 'skip';

/** Used when no ManagedCluster is labelled `local-cluster=true` (§0.5). */
export const DEFAULT_LOCAL_CLUSTER_NAME = 'local-cluster';

// ManagedServiceAccount auto-import (§5).
export const MSA_ADDON_NAME = 'managed-serviceaccount';
export const AUTO_IMPORT_ACCOUNT = 'auto-import-account';
export const AUTO_IMPORT_ACCOUNT_PAIR = 'auto-import-account-pair';
export const AUTO_IMPORT_SECRET = 'auto-import-secret';
