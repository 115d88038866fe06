// TypeScript shapes of ReplicationSource and ReplicationDestination (volsync.backube/v1alpha1,
// volsync.md §1). Spec fields are optional as in upstream's Go types: every default is applied by
// the controllers, never by the schema.

import type { AccessMode, VolumeMode } from '../core/index.js';
import type { Condition, ObjectMeta } from '../meta.js';
import { resourceRef } from '../resource.js';

export const VOLSYNC_GROUP = 'volsync.backube' as const;
export const VOLSYNC_VERSION = 'v1alpha1' as const;
export const VOLSYNC_API_VERSION = `${VOLSYNC_GROUP}/${VOLSYNC_VERSION}`;

export const REPLICATION_SOURCES = resourceRef({ group: VOLSYNC_GROUP, version: VOLSYNC_VERSION, kind: 'ReplicationSource', plural: 'replicationsources', scope: 'Namespaced' });
export const REPLICATION_DESTINATIONS = resourceRef({
  group: VOLSYNC_GROUP,
  version: VOLSYNC_VERSION,
  kind: 'ReplicationDestination',
  plural: 'replicationdestinations',
  scope: 'Namespaced',
});

/** resource.Quantity as JSON: a string such as `1Gi`, or a plain number. */
export type Quantity = string | number;

export type CopyMethod = 'Direct' | 'None' | 'Clone' | 'Snapshot';
export const COPY_METHODS: readonly CopyMethod[] = ['Direct', 'None', 'Clone', 'Snapshot'];

export interface Trigger {
  /** Cron expression (robfig semantics, decision 13). */
  schedule?: string;
  /** Opaque tag: a sync runs whenever it differs from status.lastManualSync. */
  manual?: string;
}

export interface ResourceRequirements {
  limits?: Record<string, Quantity>;
  requests?: Record<string, Quantity>;
  claims?: { name: string; request?: string }[];
}

/** corev1.PodSecurityContext: applied to the mover pod as given. */
export type PodSecurityContext = Record<string, unknown>;
/** corev1.Affinity: applied to the mover pod as given. */
export type Affinity = Record<string, unknown>;

export interface MoverVolume {
  /** Mounted at `/mnt/<mountPath>`. */
  mountPath: string;
  volumeSource: {
    secret?: { secretName?: string; defaultMode?: number; optional?: boolean; items?: { key: string; path: string; mode?: number }[] };
    persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
    nfs?: { server: string; path: string; readOnly?: boolean };
  };
}

/** MoverConfig: inlined into rsyncTLS, restic, rclone and syncthing (not rsync). */
export interface MoverConfig {
  moverSecurityContext?: PodSecurityContext;
  moverServiceAccount?: string;
  moverPodLabels?: Record<string, string>;
  moverResources?: ResourceRequirements;
  moverAffinity?: Affinity;
  moverVolumes?: MoverVolume[];
}

/** Options for the point-in-time copy of the source PVC. */
export interface SourceVolumeOptions {
  copyMethod?: CopyMethod;
  capacity?: Quantity;
  storageClassName?: string;
  accessModes?: AccessMode[];
  volumeSnapshotClassName?: string;
}

/** Options for the destination PVC and its snapshot. */
export interface DestinationVolumeOptions {
  copyMethod?: CopyMethod;
  capacity?: Quantity;
  storageClassName?: string;
  accessModes?: AccessMode[];
  volumeSnapshotClassName?: string;
  destinationPVC?: string;
  cleanupTempPVC?: boolean;
}

export interface CustomCASpec {
  secretName?: string;
  configMapName?: string;
  key?: string;
}

export interface ResticRetainPolicy {
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  /** A restic duration such as `3w15h`. */
  within?: string;
  last?: string;
}

interface ResticCommon extends MoverConfig {
  /** Secret with RESTIC_REPOSITORY and RESTIC_PASSWORD (and backend credentials). */
  repository?: string;
  customCA?: CustomCASpec;
  cacheCapacity?: Quantity;
  cacheStorageClassName?: string;
  cacheAccessModes?: AccessMode[];
}

export interface ReplicationSourceResticSpec extends SourceVolumeOptions, ResticCommon {
  pruneIntervalDays?: number;
  retain?: ResticRetainPolicy;
  unlock?: string;
}

export interface ReplicationDestinationResticSpec extends DestinationVolumeOptions, ResticCommon {
  cleanupCachePVC?: boolean;
  previous?: number;
  /** RFC 3339: restore the newest snapshot taken at or before this time. */
  restoreAsOf?: string;
  enableFileDeletion?: boolean;
}

interface RcloneCommon extends MoverConfig {
  /** Secret holding `rclone.conf`. */
  rcloneConfig?: string;
  rcloneConfigSection?: string;
  rcloneDestPath?: string;
  customCA?: CustomCASpec;
}

export type ReplicationSourceRcloneSpec = SourceVolumeOptions & RcloneCommon;
export type ReplicationDestinationRcloneSpec = DestinationVolumeOptions & RcloneCommon;

export interface ReplicationSourceRsyncSpec extends SourceVolumeOptions {
  sshKeys?: string;
  serviceType?: string;
  address?: string;
  port?: number;
  path?: string;
  sshUser?: string;
  moverServiceAccount?: string;
  moverPodLabels?: Record<string, string>;
  moverResources?: ResourceRequirements;
}

export interface ReplicationDestinationRsyncSpec extends DestinationVolumeOptions {
  volumeMode?: VolumeMode;
  sshKeys?: string;
  serviceType?: string;
  serviceAnnotations?: Record<string, string>;
  address?: string;
  port?: number;
  path?: string;
  sshUser?: string;
  moverServiceAccount?: string;
  moverPodLabels?: Record<string, string>;
  moverResources?: ResourceRequirements;
}

export interface ReplicationSourceRsyncTLSSpec extends SourceVolumeOptions, MoverConfig {
  keySecret?: string;
  address?: string;
  port?: number;
}

export interface ReplicationDestinationRsyncTLSSpec extends DestinationVolumeOptions, MoverConfig {
  volumeMode?: VolumeMode;
  keySecret?: string;
  serviceType?: string;
  serviceAnnotations?: Record<string, string>;
}

export interface SyncthingPeer {
  address: string;
  ID: string;
  introducer: boolean;
}

export interface ReplicationSourceSyncthingSpec extends MoverConfig {
  peers?: SyncthingPeer[];
  serviceType?: string;
  configCapacity?: Quantity;
  configStorageClassName?: string;
  configAccessModes?: string[];
}

export interface ExternalSpec {
  provider?: string;
  parameters?: Record<string, string>;
}

export interface ReplicationSourceSpec {
  sourcePVC?: string;
  trigger?: Trigger;
  paused?: boolean;
  rsync?: ReplicationSourceRsyncSpec;
  rsyncTLS?: ReplicationSourceRsyncTLSSpec;
  restic?: ReplicationSourceResticSpec;
  rclone?: ReplicationSourceRcloneSpec;
  syncthing?: ReplicationSourceSyncthingSpec;
  external?: ExternalSpec;
}

export interface ReplicationDestinationSpec {
  trigger?: Trigger;
  paused?: boolean;
  rsync?: ReplicationDestinationRsyncSpec;
  rsyncTLS?: ReplicationDestinationRsyncTLSSpec;
  restic?: ReplicationDestinationResticSpec;
  rclone?: ReplicationDestinationRcloneSpec;
  external?: ExternalSpec;
}

export type MoverResult = 'Successful' | 'Failed';

export interface MoverStatus {
  result?: MoverResult;
  logs?: string;
}

/** corev1.TypedLocalObjectReference. */
export interface TypedLocalObjectReference {
  apiGroup?: string;
  kind: string;
  name: string;
}

/** Status fields both kinds share (§1.5). Times are RFC 3339; durations Go duration strings. */
export interface ReplicationStatusCommon {
  lastSyncTime?: string;
  lastSyncStartTime?: string;
  lastSyncDuration?: string;
  nextSyncTime?: string;
  lastManualSync?: string;
  latestMoverStatus?: MoverStatus;
  conditions?: Condition[];
  external?: Record<string, string>;
}

export interface ReplicationSourceStatus extends ReplicationStatusCommon {
  rsync?: { sshKeys?: string; address?: string; port?: number };
  rsyncTLS?: { keySecret?: string };
  restic?: { lastPruned?: string; lastUnlocked?: string };
  syncthing?: { ID?: string; address?: string; peers?: { ID: string; address: string; connected: boolean; introducedBy?: string; name?: string }[] };
}

export interface ReplicationDestinationStatus extends ReplicationStatusCommon {
  rsync?: { sshKeys?: string; address?: string; port?: number };
  rsyncTLS?: { keySecret?: string; address?: string; port?: number };
  latestImage?: TypedLocalObjectReference;
}

export interface ReplicationSource {
  apiVersion?: string;
  kind?: 'ReplicationSource';
  metadata: ObjectMeta;
  spec?: ReplicationSourceSpec;
  status?: ReplicationSourceStatus;
}

export interface ReplicationDestination {
  apiVersion?: string;
  kind?: 'ReplicationDestination';
  metadata: ObjectMeta;
  spec?: ReplicationDestinationSpec;
  status?: ReplicationDestinationStatus;
}
