// Names, labels, condition types and messages of the open-cluster-management registration agent
// (klusterlet), the hub registration controller and ACM's managedcluster-import-controller, as
// those components use them. The fleet stand-ins reproduce their behaviour with these exact values.

// --- registration (open-cluster-management-io/ocm pkg/registration) ---

/** The lease a managed cluster's agent renews, in the cluster namespace on the hub. */
export const CLUSTER_LEASE_NAME = 'managed-cluster-lease';
/** Label on the cluster namespace and the lease: the ManagedCluster's name. */
export const LABEL_CLUSTER_NAME = 'open-cluster-management.io/cluster-name';
/** ManagedCluster `spec.leaseDurationSeconds` when unset (the hub webhook's default). */
export const DEFAULT_LEASE_DURATION_SECONDS = 60;
/** The hub marks a cluster Unknown after this many lease durations without a renewal. */
export const LEASE_DURATION_TIMES = 5;
/** The agent renews every lease duration plus up to this fraction of it (wait.JitterUntil). */
export const LEASE_UPDATE_JITTER_FACTOR = 0.25;
/** How often the agent re-asserts its status conditions (`--cluster-healthcheck-period`). */
export const DEFAULT_HEALTH_CHECK_PERIOD_MS = 60_000;

export const AGENT_NAMESPACE = 'open-cluster-management-agent';
export const BOOTSTRAP_HUB_KUBECONFIG_SECRET = 'bootstrap-hub-kubeconfig';
export const HUB_KUBECONFIG_SECRET = 'hub-kubeconfig-secret';

export const REASON_HUB_ACCEPTED = 'HubClusterAdminAccepted';
export const MESSAGE_HUB_ACCEPTED = 'Accepted by hub cluster admin';
export const REASON_JOINED = 'ManagedClusterJoined';
export const MESSAGE_JOINED = 'Managed cluster joined';
export const REASON_AVAILABLE = 'ManagedClusterAvailable';
export const MESSAGE_AVAILABLE = 'Managed cluster is available';
export const REASON_LEASE_UPDATE_STOPPED = 'ManagedClusterLeaseUpdateStopped';
export const MESSAGE_LEASE_UPDATE_STOPPED = 'Registration agent stopped updating its lease.';

// --- import (stolostron/managedcluster-import-controller) ---

export const AUTO_IMPORT_SECRET = 'auto-import-secret';
export const AUTO_IMPORT_RETRY_KEY = 'autoImportRetry';
export const ANNOTATION_AUTO_IMPORT_CURRENT_RETRY = 'managedcluster-import-controller.open-cluster-management.io/current-retry';
export const AUTO_IMPORT_SECRET_TYPE_KUBECONFIG = 'auto-import/kubeconfig';
export const AUTO_IMPORT_SECRET_TYPE_KUBETOKEN = 'auto-import/kubetoken';
/** `<cluster>-import`: what the hub applies on a managed cluster to import it. */
export const IMPORT_SECRET_SUFFIX = 'import';
export const LABEL_IMPORT_SECRET = 'managedcluster-import-controller.open-cluster-management.io/import-secret';
export const IMPORT_YAML_KEY = 'import.yaml';
export const ANNOTATION_DISABLE_AUTO_IMPORT = 'import.open-cluster-management.io/disable-auto-import';
export const IMMEDIATE_IMPORT_COMPLETED = 'Completed';
export const ANNOTATION_CREATED_VIA = 'open-cluster-management/created-via';
export const CREATED_VIA_HIVE = 'hive';

export const CONDITION_IMPORT_SUCCEEDED = 'ManagedClusterImportSucceeded';
export const REASON_WAIT_FOR_IMPORTING = 'ManagedClusterWaitForImporting';
export const REASON_IMPORTING = 'ManagedClusterImporting';
export const REASON_IMPORT_FAILED = 'ManagedClusterImportFailed';
export const REASON_IMPORTED = 'ManagedClusterImported';
export const MESSAGE_WAIT_FOR_IMPORTING = 'Wait for importing';
export const MESSAGE_START_IMPORTING = 'Start to import managed cluster';
export const MESSAGE_WAIT_FOR_IMPORT_SECRET = 'Wait for import secret';
export const MESSAGE_RESOURCES_APPLIED = 'Importing resources are applied, wait for resources be available';
export const MESSAGE_IMPORTED = 'Import succeeded';

// --- managed-serviceaccount add-on ---

export const MSA_ADDON_NAME = 'managed-serviceaccount';
/** `spec.rotation.validity` when a ManagedServiceAccount names none (the CRD default). */
export const DEFAULT_MSA_VALIDITY = '8640h0m0s';
export const CONDITION_SECRET_CREATED = 'SecretCreated';
export const CONDITION_TOKEN_REPORTED = 'TokenReported';
