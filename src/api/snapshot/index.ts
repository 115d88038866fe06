// snapshot.storage.k8s.io/v1: VolumeSnapshot, VolumeSnapshotContent and VolumeSnapshotClass.
export * from './types.js';
export * from './crds.js';
