// VolSync's fixed strings (volsync.md §1.7, §1.8, §2.3, §2.4, §2.7, §2.11, §5): exact, because
// users, scripts and VolSync itself match on them.

/** Every VolSync-made object name starts with this. */
export const VOLSYNC_PREFIX = 'volsync-';

export const LABEL_CREATED_BY = 'app.kubernetes.io/created-by';
export const CREATED_BY_VOLSYNC = 'volsync';
/** Per-iteration temporaries carry this label with the owner's UID; cleanup deletes them. */
export const LABEL_CLEANUP = 'volsync.backube/cleanup';
/** On a VolumeSnapshot (any value): VolSync never deletes it. */
export const LABEL_DO_NOT_DELETE = 'volsync.backube/do-not-delete';

export const ANNOTATION_SNAPNAME = 'volsync.backube/snapname';
export const ANNOTATION_PRIVILEGED_MOVERS = 'volsync.backube/privileged-movers';
export const ANNOTATION_ENABLE_DEBUG_MOVER = 'volsync.backube/enable-debug-mover';

// Copy triggers on the source PVC (§2.11).
export const ANNOTATION_USE_COPY_TRIGGER = 'volsync.backube/use-copy-trigger';
export const ANNOTATION_COPY_TRIGGER = 'volsync.backube/copy-trigger';
export const ANNOTATION_LATEST_COPY_TRIGGER = 'volsync.backube/latest-copy-trigger';
export const ANNOTATION_LATEST_COPY_STATUS = 'volsync.backube/latest-copy-status';
export const ANNOTATION_LATEST_COPY_TRIGGER_WAITING_SINCE = 'volsync.backube/latest-copy-trigger-waiting-since';
export const CopyStatus = { WaitingForTrigger: 'WaitingForTrigger', InProgress: 'InProgress', Completed: 'Completed' } as const;
export const COPY_TRIGGER_WAIT_TIMEOUT_MS = 10 * 60_000;

// The volume populator (§5).
export const LABEL_POPULATOR_PVC_FOR = 'volsync.backube/populator-pvc-for';
export const LABEL_VOLPOP_PVC_PREFIX = 'volsync.backube/volpop-pvc-';
export const ANNOTATION_POPULATED_FROM = 'volsync.backube/populated-from';
export const ANNOTATION_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const VOLUME_POPULATOR_NAME = 'volsync-replicationdestination';

export const CONDITION_SYNCHRONIZING = 'Synchronizing';
export const SynchronizingReason = {
  SyncInProgress: 'SyncInProgress',
  WaitingForSchedule: 'WaitingForSchedule',
  WaitingForManual: 'WaitingForManual',
  CleaningUp: 'CleaningUp',
  Error: 'Error',
} as const;
export const SynchronizingMessage = {
  SyncInProgress: 'Synchronization in-progress',
  WaitingForSchedule: 'Waiting for next scheduled synchronization',
  WaitingForManual: 'Waiting for manual trigger',
  CleaningUp: 'Cleaning up',
} as const;

export const EventReason = {
  DaemonConnected: 'DaemonConnected',
  TransferStarted: 'TransferStarted',
  TransferFailed: 'TransferFailed',
  VolumeSnapshotCreated: 'VolumeSnapshotCreated',
  VolumeSnapshotNotBound: 'VolumeSnapshotNotBound',
  PersistentVolumeClaimCreated: 'PersistentVolumeClaimCreated',
  PersistentVolumeClaimNotBound: 'PersistentVolumeClaimNotBound',
  ServiceAddressAssigned: 'ServiceAddressAssigned',
  NoServiceAddressAssigned: 'NoServiceAddressAssigned',
  SrcPVCWaitingForCopyTrigger: 'SrcPVCWaitingForCopyTrigger',
  SrcPVCTimeoutWaitingForCopyTrigger: 'SrcPVCTimeoutWaitingForCopyTrigger',
  SrcPVCCopyTriggerReceived: 'SrcPVCCopyTriggerReceived',
  SrcPVCCopyUsingCopyTriggerCompleted: 'SrcPVCCopyUsingCopyTriggerCompleted',
  VolSyncPopulatorFinished: 'VolSyncPopulatorFinished',
  VolSyncPopulatorError: 'VolSyncPopulatorError',
  VolSyncPopulatorReplicationDestinationMissing: 'VolSyncPopulatorReplicationDestinationMissing',
  VolSyncPopulatorReplicationDestinationNoLatestImage: 'VolSyncPopulatorReplicationDestinationNoLatestImage',
  VolSyncPopulatorPVCCreated: 'VolSyncPopulatorPVCCreated',
  VolSyncPopulatorPVCCreationError: 'VolSyncPopulatorPVCCreationError',
} as const;

export const EventAction = {
  None: '',
  CreateMover: 'CreateMover',
  DeleteMover: 'DeleteMover',
  CreatePersistentVolumeClaim: 'CreatePersistentVolumeClaim',
  CreateVolumeSnapshot: 'CreateVolumeSnapshot',
  CreateSrcCopyUsingCopyTrigger: 'CreateSrcCopyUsingCopyTrigger',
  ProvisionVolume: 'Provision Volume',
} as const;

/** The reportingController of VolSync's events. */
export const VOLSYNC_EVENT_REPORTER = 'volsync-controller';

/** Mover names as metrics and messages use them, in upstream's registration order. */
export const MOVER_NAMES = ['rclone', 'restic', 'rsync', 'rsync-tls', 'syncthing'] as const;
export type MoverName = (typeof MOVER_NAMES)[number];
