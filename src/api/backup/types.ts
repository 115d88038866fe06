// TypeScript shapes of BackupSchedule and Restore (cluster.open-cluster-management.io/v1beta1,
// hub-backup.md §1). Spec fields are optional wherever the schema does not require them; status
// `phase` and `lastMessage` are always written once the controller has seen the object.

import type { CustomObject, LabelSelector } from '../meta.js';
import type { RestoreHooks, RestoreStatusSpec, Schedule } from '../velero/types.js';
import type { AcmRestorePhase, BackupSchedulePhase } from './messages.js';

export const BACKUP_GROUP = 'cluster.open-cluster-management.io' as const;
export const BACKUP_VERSION = 'v1beta1' as const;
export const BACKUP_API_VERSION = `${BACKUP_GROUP}/${BACKUP_VERSION}`;

/** A Go duration string such as `120h`, `72h0m0s` or `30m`. */
export type GoDuration = string;

// ---------------------------------------------------------------------------------------------
// BackupSchedule

export interface BackupScheduleSpec {
  /** Cron expression (5 fields, `@every`, `@hourly`…, `CRON_TZ=`), checked by the controller. */
  veleroSchedule: string;
  /** Backup TTL; unset means Velero's default (720h). */
  veleroTtl?: GoDuration;
  useManagedServiceAccount?: boolean;
  /** Token validity; unset means 2 × veleroTtl, or 1440h0m0s. */
  managedServiceAccountTTL?: GoDuration;
  noBackupOnStart?: boolean;
  /** Copied into every velero Schedule when it is created, not afterwards. */
  volumeSnapshotLocations?: string[];
  paused?: boolean;
  useOwnerReferencesInBackup?: boolean;
  skipImmediately?: boolean;
}

export interface BackupScheduleStatus {
  phase: BackupSchedulePhase;
  lastMessage: string;
  /** Copies of three of the owned velero Schedules (the generic and validation ones are not mirrored). */
  veleroScheduleCredentials?: Schedule;
  veleroScheduleManagedClusters?: Schedule;
  veleroScheduleResources?: Schedule;
}

export interface BackupSchedule extends CustomObject<'BackupSchedule', BackupScheduleSpec, BackupScheduleStatus> {
  spec: BackupScheduleSpec;
}

// ---------------------------------------------------------------------------------------------
// Restore

export const CLEANUP_TYPES = ['None', 'CleanupRestored', 'CleanupAll'] as const;
export type CleanupType = (typeof CLEANUP_TYPES)[number];

export interface AcmRestoreSpec {
  /** `latest`, `skip` or a backup name. */
  veleroManagedClustersBackupName: string;
  veleroCredentialsBackupName: string;
  /** Drives both the resources and the generic-resources restores. */
  veleroResourcesBackupName: string;
  /**
   * One of CLEANUP_TYPES; typed as string because the schema has no enum and the controller
   * reports any other value itself.
   */
  cleanupBeforeRestore: string;
  syncRestoreWithNewBackups?: boolean;
  /** Requeue period while Enabled; 30m when unset or zero. */
  restoreSyncInterval?: GoDuration;
  restorePVs?: boolean | null;
  restoreStatus?: RestoreStatusSpec | null;
  preserveNodePorts?: boolean | null;
  /** Accepted and ignored, with a Warning event (decision 8). */
  hooks?: RestoreHooks;
  includedNamespaces?: string[] | null;
  excludedNamespaces?: string[] | null;
  includedResources?: string[] | null;
  excludedResources?: string[] | null;
  labelSelector?: LabelSelector | null;
  orLabelSelectors?: LabelSelector[] | null;
  namespaceMapping?: Record<string, string>;
}

export interface AcmRestoreStatus {
  phase: AcmRestorePhase;
  lastMessage: string;
  veleroManagedClustersRestoreName?: string;
  veleroResourcesRestoreName?: string;
  /** The passive generic restore, never the `-active` one. */
  veleroGenericResourcesRestoreName?: string;
  /** The passive credentials restore, never the `-active` one. */
  veleroCredentialsRestoreName?: string;
  /** Results of the auto-import at activation. */
  messages?: string[];
  /** RFC3339. */
  completionTimestamp?: string;
}

export interface AcmRestore extends CustomObject<'Restore', AcmRestoreSpec, AcmRestoreStatus> {
  spec: AcmRestoreSpec;
}
