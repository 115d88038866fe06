// The resources of volumes and the workloads that use them, named by the volume-replication
// controllers and the embedded hub's local stand-ins.
import type { ResourceRef } from './types.js';

export const PERSISTENT_VOLUME_CLAIMS: ResourceRef = { group: '', version: 'v1', plural: 'persistentvolumeclaims', namespaced: true, kind: 'PersistentVolumeClaim' };
export const PERSISTENT_VOLUMES: ResourceRef = { group: '', version: 'v1', plural: 'persistentvolumes', namespaced: false, kind: 'PersistentVolume' };
export const STORAGE_CLASSES: ResourceRef = { group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', namespaced: false, kind: 'StorageClass' };
export const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods', namespaced: true, kind: 'Pod' };
export const JOBS: ResourceRef = { group: 'batch', version: 'v1', plural: 'jobs', namespaced: true, kind: 'Job' };
export { VOLUME_SNAPSHOTS, VOLUME_SNAPSHOT_CONTENTS, VOLUME_SNAPSHOT_CLASSES } from '../api/snapshot/crds.js';
