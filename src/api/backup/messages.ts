// Phases and user-visible messages of BackupSchedule and Restore, exactly as hub-backup.md gives
// them (§1.3, §2.2, §2.7, §3, §4, §5.3). Users and the validation policy match on these strings,
// so every controller takes them from here, character for character (double spaces included).

// ---------------------------------------------------------------------------------------------
// Phases

export const BACKUP_SCHEDULE_PHASES = ['New', 'Enabled', 'FailedValidation', 'Failed', 'Unknown', 'BackupCollision', 'Paused'] as const;
export type BackupSchedulePhaseName = (typeof BACKUP_SCHEDULE_PHASES)[number];
/** `""` is the phase before the first reconcile. */
export type BackupSchedulePhase = BackupSchedulePhaseName | '';

export const BackupSchedulePhases = Object.freeze({
  New: 'New',
  Enabled: 'Enabled',
  FailedValidation: 'FailedValidation',
  Failed: 'Failed',
  Unknown: 'Unknown',
  BackupCollision: 'BackupCollision',
  Paused: 'Paused',
} as const satisfies Record<BackupSchedulePhaseName, BackupSchedulePhaseName>);

/** `Unknown` is declared and never set (§1.2). */
export const ACM_RESTORE_PHASES = ['Started', 'Running', 'Finished', 'FinishedWithErrors', 'Error', 'Unknown', 'Enabled', 'EnabledWithErrors'] as const;
export type AcmRestorePhaseName = (typeof ACM_RESTORE_PHASES)[number];
export type AcmRestorePhase = AcmRestorePhaseName | '';

export const AcmRestorePhases = Object.freeze({
  Started: 'Started',
  Running: 'Running',
  Finished: 'Finished',
  FinishedWithErrors: 'FinishedWithErrors',
  Error: 'Error',
  Unknown: 'Unknown',
  Enabled: 'Enabled',
  EnabledWithErrors: 'EnabledWithErrors',
} as const satisfies Record<AcmRestorePhaseName, AcmRestorePhaseName>);

/** `Finished` and `FinishedWithErrors` are terminal. */
export function isRestoreFinished(phase: string | undefined): boolean {
  return phase === AcmRestorePhases.Finished || phase === AcmRestorePhases.FinishedWithErrors;
}

/** "Phase is Enabled" means it starts with `Enabled`: `EnabledWithErrors` counts (§1.2). */
export function isRestoreEnabled(phase: string | undefined): boolean {
  return (phase ?? '').startsWith(AcmRestorePhases.Enabled);
}

// ---------------------------------------------------------------------------------------------
// Storage checks (both controllers, §2.2 and §4.2)

export const MSG_BSL_NOT_FOUND =
  'velero.io.BackupStorageLocation resources not found. Verify you have created a konveyor.openshift.io.Velero or oadp.openshift.io.DataProtectionApplications resource.';

// ---------------------------------------------------------------------------------------------
// BackupSchedule (§2.2, §2.7)

export const msgRestoreActiveBlocksSchedule = (restore: string): string =>
  `Restore resource ${restore} is currently active, verify that any active restores are removed.`;
export const MSG_SCHEDULE_BSL_NOT_AVAILABLE =
  'Backup storage location is not available. Check velero.io.BackupStorageLocation and validate storage credentials.';
export const MSG_MSA_NOT_ENABLED = 'UseManagedServiceAccount option cannot be used, managedserviceaccount component is not enabled';

export const MSG_CRON_EMPTY = 'Schedule must be a non-empty valid Cron expression';
export const msgCronInvalid = (parserError: string): string => `invalid schedule: ${parserError}`;
export const msgCronRecover = (panic: string): string => `invalid schedule recover: ${panic}`;
/** Several cron errors are reported together, joined by a bare comma. */
export const joinCronErrors = (errors: readonly string[]): string => errors.join(',');

/**
 * Lifeboat only: `veleroTtl` or `managedServiceAccountTTL` is not a Go duration, or is beyond its
 * range (upstream cannot even decode such a CR). Go's parser error names the value:
 * `invalid veleroTtl: time: invalid duration "999999999999h"`.
 */
export const msgInvalidVeleroTtl = (parserError: string): string => `invalid veleroTtl: ${parserError}`;
export const msgInvalidMsaTtl = (parserError: string): string => `invalid managedServiceAccountTTL: ${parserError}`;

export const MSG_PAUSED = 'BackupSchedule is paused.';
export const msgPausedWithErrors = (pauseErrors: number): string => `BackupSchedule is paused. (with ${pauseErrors} schedule pause errors)`;

export const MSG_SCHEDULES_INITIALIZED = 'Velero schedules are initialized';
export const msgSchedulesInitFailed = (error: string): string => `Velero schedules initialization failed: ${error}`;
/** When a velero Schedule itself is in `FailedValidation` (§2.7): no error text appended. */
export const MSG_SCHEDULES_FAILED_VALIDATION = 'Velero schedules initialization failed';
export const MSG_SCHEDULES_NOT_ENABLED =
  "Some Velero schedules are not enabled. If the status doesn't change check the velero pod is running and that you have created a Velero resource as documented in the install guide.";
export const MSG_SCHEDULES_ENABLED = 'Velero schedules are enabled';

// ---------------------------------------------------------------------------------------------
// Backup collision (§3)

/** Another hub's backup is the newest in the shared storage (§3.2). */
export const msgCollisionForeignBackup = (latestBackup: string, latestBackupCluster: string, scheduleCluster: string): string =>
  `Backup ${latestBackup}, from cluster with id [${latestBackupCluster}] is using the same storage location. This is a backup collision with current cluster [${scheduleCluster}] backup. Review and resolve the collision then create a new BackupSchedule resource to  resume backups from this cluster.`;

/** Another hub activated the managed clusters after this hub's schedules were created (§3.4). */
export const msgCollisionRestoredElsewhere = (restoreHubId: string, restoreClustersBackup: string): string =>
  `Hub with id [${restoreHubId}] had run a restore managed cluster operation, see [${restoreClustersBackup}]. Current hub is no longer the active cluster so the BackupSchedule is set to backup collision. Review and resolve the collision then create a new BackupSchedule resource  from this hub, or from the [${restoreHubId}] hub.`;

// ---------------------------------------------------------------------------------------------
// Restore: validation (§1.3 webhook rules, enforced by the controller per decision 9; §4.2; §4.11)

export const msgProtectedNamespaceMapping = (source: string, target: string): string =>
  `spec.namespaceMapping[${goQuote(source)}]: target namespace ${goQuote(target)} is a protected system namespace and may not be used as a restore destination`;
export const MSG_SYNC_REQUIRES_ALL_NAMES = 'syncRestoreWithNewBackups requires all backup names to be set';
export const msgSyncManagedClustersValue = (value: string): string =>
  `syncRestoreWithNewBackups requires veleroManagedClustersBackupName to be 'skip' or 'latest', got: ${value}`;
export const msgSyncCredentialsValue = (value: string): string =>
  `syncRestoreWithNewBackups requires veleroCredentialsBackupName to be 'latest', got: ${value}`;
export const msgSyncResourcesValue = (value: string): string => `syncRestoreWithNewBackups requires veleroResourcesBackupName to be 'latest', got: ${value}`;
export const MSG_SYNC_MUST_START_WITH_SKIP =
  "when syncRestoreWithNewBackups is true, veleroManagedClustersBackupName must initially be set to 'skip'. To activate managed clusters, edit the restore to set veleroManagedClustersBackupName to 'latest'";

export const msgOtherRestoreActive = (other: string): string =>
  `This resource is ignored because Restore resource ${other} is currently active, before creating another resource verify that any active resources are removed.`;
export const msgBackupScheduleActive = (schedule: string): string =>
  `This resource is ignored because BackupSchedule resource ${schedule} is currently active, before creating another resource verify that any active resources are removed.`;

export const msgInvalidCleanupValue = (value: string): string => `invalid CleanupBeforeRestore value : ${value}`;
export const msgRestoreBslNotAvailable = (namespace: string): string =>
  `Backup storage location not available in namespace ${namespace}. Check velero.io.BackupStorageLocation and validate storage credentials.`;
export const MSG_PREPARE_CLEANUP = 'Prepare to restore, cleaning up resources';

// ---------------------------------------------------------------------------------------------
// Restore: backup resolution and creation (§4.3, §4.5)

export const MSG_BACKUP_NAME_NOT_FOUND = 'backup name not found';
export const MSG_NO_VELERO_BACKUPS = 'no velero backups found';
export const MSG_NO_BACKUPS = 'no backups found';
export const msgCannotFindBackupForType = (reference: string, resourceType: string): string =>
  `cannot find ${reference} Velero Backup for resourceType ${resourceType}`;
export const msgCannotFindBackup = (name: string, apiError: string): string => `cannot find ${name} Velero Backup: ${apiError}`;
export const msgNothingToDo = (restore: string): string => `Nothing to do for restore ${restore}`;
export const msgRestoreStarted = (restore: string): string => `Restore ${restore} started`;
export const msgWaitingForRestore = (veleroRestore: string): string => `waiting for restore to complete ${veleroRestore}`;
/** `waiting for PVC <pvc>:<ns>, <pvc2>:<ns2>` */
export const msgWaitingForPvcs = (pvcs: readonly { name: string; namespace: string }[]): string =>
  `waiting for PVC ${pvcs.map((p) => `${p.name}:${p.namespace}`).join(', ')}`;

// ---------------------------------------------------------------------------------------------
// Restore: phase from the velero restores (§4.6)

export const msgVeleroRestoreStarted = (veleroRestore: string): string => `Velero restore ${veleroRestore} has started`;
export const msgVeleroRestoreRunning = (veleroRestore: string): string => `Velero restore ${veleroRestore} is currently executing`;
export const msgVeleroRestoreFailed = (veleroRestore: string): string => `Velero restore ${veleroRestore} has failed validation or encountered errors`;
export const MSG_SYNC_ENABLED = 'Velero restores have run to completion, restore will continue to sync with new backups';
export const MSG_FINISHED_WITH_ERRORS = 'Velero restores have run to completion but encountered 1+ errors';
export const MSG_FINISHED = 'All Velero restores have run successfully';

// ---------------------------------------------------------------------------------------------
// Restore: sync options (§4.7)

export const SYNC_INVALID_REASONS = Object.freeze({
  namesNotSet: 'Some Velero backup names are not set.',
  managedClusters: 'VeleroManagedClustersBackupName should be set to skip or latest.',
  credentials: 'VeleroCredentialsBackupName should be set to latest.',
  resources: 'VeleroResourcesBackupName should be set to latest.',
} as const);
/** Appended to lastMessage when sync was asked for with invalid options; note the leading space. */
export const syncIgnoredSuffix = (reason: string): string => ` ; SyncRestoreWithNewBackups option is ignored because ${reason}`;

// ---------------------------------------------------------------------------------------------
// Restore: events (decisions 4 and 8)

export const EVENT_REASON_PREPARE_TO_RESTORE = 'Prepare to restore:';
export const eventCleaningUp = (backup: string): string => `Cleaning up resources for backup ${backup}`;
/** The message of this event is the velero restore's name alone. */
export const EVENT_REASON_VELERO_RESTORE_CREATED = 'Velero restore created:';
export const EVENT_REASON_HOOKS_NOT_SUPPORTED = 'RestoreHooksNotSupported';
export const EVENT_MESSAGE_HOOKS_NOT_SUPPORTED =
  "spec.hooks is ignored: restore hooks would run commands in restored pods with the operator's permissions, so they are not passed to Velero. Create a velero.io Restore directly if you need hooks.";

// ---------------------------------------------------------------------------------------------
// Restore: auto-import at activation, reported in status.messages (§5.3)

export const msgClusterAlreadyAvailable = (cluster: string): string => `managed cluster ${cluster} already available`;
export const msgNoServerUrl = (cluster: string): string => `Cannot reimport cluster ${cluster}, no serverUrl property`;
export const msgNoMsaSecret = (cluster: string): string => `No suitable MSA secret found for cluster (${cluster})`;
export const msgInvalidMsaToken = (cluster: string, secret: string): string =>
  `Skip MSA access token for cluster (${cluster}) - invalid token data in secret (${secret})`;
export const msgAutoImportSecretDeleted = (namespace: string): string => `deleted auto-import-secret from namespace ${namespace}`;
export const msgAutoImportSecretDeleteFailed = (namespace: string): string => `failed to delete the auto-import-secret from namespace ${namespace}`;
export const msgAutoImportSecretCreated = (cluster: string): string => `Created auto-import-secret for (${cluster})`;
export const msgAutoImportSecretCreateFailed = (cluster: string): string => `Failed to create auto-import-secret for (${cluster})`;

/** Go's `%q` for the strings these messages quote: JSON string escaping matches it for printable text. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}
