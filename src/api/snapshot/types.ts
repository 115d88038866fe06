// snapshot.storage.k8s.io/v1: the VolumeSnapshot API of the Kubernetes CSI external-snapshotter.
// Field names as upstream; loose where the API is loose.

import type { ObjectReference } from '../core/storage.js';
import type { CustomObject, ObjectMeta } from '../meta.js';

export const SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';
export const SNAPSHOT_VERSION = 'v1';
export const SNAPSHOT_API_VERSION = `${SNAPSHOT_GROUP}/${SNAPSHOT_VERSION}`;

export type SnapshotDeletionPolicy = 'Delete' | 'Retain';

/** Marks the class used when a VolumeSnapshot names none (one default per driver). */
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';

export interface VolumeSnapshotSpec {
  source: { persistentVolumeClaimName?: string; volumeSnapshotContentName?: string };
  volumeSnapshotClassName?: string;
}

export interface SnapshotError {
  message?: string;
  time?: string;
}

export interface VolumeSnapshotStatus {
  boundVolumeSnapshotContentName?: string;
  /** RFC 3339. */
  creationTime?: string;
  readyToUse?: boolean;
  /** A quantity, e.g. `1Gi`. */
  restoreSize?: string;
  error?: SnapshotError;
  volumeGroupSnapshotName?: string;
}

export type VolumeSnapshot = CustomObject<'VolumeSnapshot', VolumeSnapshotSpec, VolumeSnapshotStatus>;

export interface VolumeSnapshotContentSpec {
  volumeSnapshotRef: ObjectReference;
  deletionPolicy: SnapshotDeletionPolicy;
  driver: string;
  volumeSnapshotClassName?: string;
  /** Exactly one: the volume to snapshot (dynamic), or the snapshot that exists (pre-provisioned). */
  source: { volumeHandle?: string; snapshotHandle?: string };
  sourceVolumeMode?: string;
}

export interface VolumeSnapshotContentStatus {
  snapshotHandle?: string;
  /** Nanoseconds since the Unix epoch. */
  creationTime?: number;
  readyToUse?: boolean;
  /** Bytes. */
  restoreSize?: number;
  error?: SnapshotError;
  volumeGroupSnapshotHandle?: string;
}

export type VolumeSnapshotContent = CustomObject<'VolumeSnapshotContent', VolumeSnapshotContentSpec, VolumeSnapshotContentStatus>;

/** Cluster-scoped; its fields sit at the top level, as in StorageClass. */
export interface VolumeSnapshotClass {
  apiVersion: string;
  kind: 'VolumeSnapshotClass';
  metadata: ObjectMeta;
  driver: string;
  deletionPolicy: SnapshotDeletionPolicy;
  parameters?: Record<string, string>;
}
