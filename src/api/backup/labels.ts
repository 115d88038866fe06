// Label, annotation and finalizer keys of hub-backup.md §0.3 (and the two secret labels of §2.8).
// The velero.io/* keys of the same table are Velero's own: see ../velero/types.ts.

const ACM = 'cluster.open-cluster-management.io';

// On velero Schedules, their Backups and velero Restores.
export const LABEL_BACKUP_SCHEDULE_NAME = `${ACM}/backup-schedule-name`;
export const LABEL_BACKUP_SCHEDULE_TYPE = `${ACM}/backup-schedule-type`;
/** Hub identity of the hub that produced the data. */
export const LABEL_BACKUP_CLUSTER = `${ACM}/backup-cluster`;

// On the `acm-restore-clusters-<timestamp>` Backup that records an activation.
/** Hub identity of the hub that ran the managed-clusters restore. */
export const LABEL_RESTORE_CLUSTER = `${ACM}/restore-cluster`;
export const LABEL_ACM_HUB_DR = `${ACM}/acm-hub-dr`;
export const LABEL_ACM_RESTORE_NAME = `${ACM}/acm-restore-name`;
/** Literally this key: its value is the managed-clusters backup that was restored. */
export const LABEL_RESTORED_MANAGED_CLUSTERS_BACKUP = 'acm-managed-clusters-schedule';
/** Declared upstream and never used; kept so the name is not reused for something else. */
export const LABEL_BACKUP_ACTIVATION_RESTORE = `${ACM}/backup-activation-restore`;

/** Opt-in to backups, any value. */
export const LABEL_BACKUP = `${ACM}/backup`;
/** Values of LABEL_BACKUP. `cluster-activation` means "restore only when clusters are activated". */
export const BACKUP_LABEL_VALUES = Object.freeze({
  msa: 'msa',
  clusterPool: 'clusterpool',
  agentInstall: 'agent-install',
  baremetal: 'baremetal',
  certificateBundle: 'certificatebundle',
  pullSecret: 'pullsecret',
  manifestsSecret: 'manifestssecret',
  manifestsConfigMap: 'manifestsconfigmap',
  clusterActivation: 'cluster-activation',
} as const);
export const CLUSTER_ACTIVATION = BACKUP_LABEL_VALUES.clusterActivation;

/** User credentials (Secrets/ConfigMaps), backed up by the credentials schedule. */
export const LABEL_CLUSTER_TYPE = `${ACM}/type`;
/** Hive credentials, backed up by the credentials schedule. */
export const LABEL_HIVE_SECRET_TYPE = 'hive.openshift.io/secret-type';
/** The three labels that each put a Secret/ConfigMap into the credentials backup. */
export const CREDENTIALS_BACKUP_LABELS: readonly string[] = Object.freeze([LABEL_HIVE_SECRET_TYPE, LABEL_CLUSTER_TYPE, LABEL_BACKUP]);

/** On replicated (child) policies, which the resources backup leaves out. */
export const LABEL_ROOT_POLICY = 'policy.open-cluster-management.io/root-policy';
/** On a ConfigMap: the restore waits for the PVC named by the value before restoring clusters. */
export const LABEL_BACKUP_PVC = `${ACM}/backup-pvc`;
/** Added to pool-created ClusterDeployments so they can be re-created on restore. */
export const LABEL_DISABLE_CREATION_WEBHOOK_FOR_DR = 'hive.openshift.io/disable-creation-webhook-for-dr';
/** `local-cluster=true` marks the hub's own ManagedCluster. */
export const LABEL_LOCAL_CLUSTER = 'local-cluster';
/** `installer.name=multiclusterhub`: cleanup never deletes such objects. */
export const LABEL_INSTALLER_NAME = 'installer.name';
export const INSTALLER_NAME_MULTICLUSTERHUB = 'multiclusterhub';

// ManagedServiceAccount auto-import bookkeeping.
export const LABEL_IS_MANAGED_SERVICEACCOUNT = 'authentication.open-cluster-management.io/is-managed-serviceaccount';
export const LABEL_ADDON_NAME_WORK = 'open-cluster-management.io/addon-name-work';
export const LABEL_RESTORE_AUTO_IMPORT_SECRET = `${ACM}/restore-auto-import-secret`;
export const ANNOTATION_KEEPING_AUTO_IMPORT_SECRET = 'managedcluster-import-controller.open-cluster-management.io/keeping-auto-import-secret';
export const ANNOTATION_IMMEDIATE_IMPORT = 'import.open-cluster-management.io/immediate-import';
/** RFC3339 timestamps copied from the MSA status onto its token secret. */
export const ANNOTATION_EXPIRATION_TIMESTAMP = 'expirationTimestamp';
export const ANNOTATION_LAST_REFRESH_TIMESTAMP = 'lastRefreshTimestamp';

/**
 * Upstream's confirmation gate for `CleanupAll`. Lifeboat does not require it (decision 5); the key
 * is named so that it is recognised, not so that it is checked.
 */
export const ANNOTATION_RESTORE_CLEANUP_ALL_CONFIRMED = `${ACM}/restore-cleanup-all-confirmed`;

/** On ACM Restores and on the `cluster-backup` InternalHubComponent (§4.1). */
export const RESTORE_FINALIZER = 'restores.cluster.open-cluster-management.io/finalizer';

// Secrets the backup labels so that the credentials schedule picks them up (§2.8).
export const LABEL_AGENT_INSTALL_WATCH = 'agent-install.openshift.io/watch';
export const LABEL_METAL3_ENVIRONMENT = 'environment.metal3.io';
