// core/v1 PersistentVolumeClaim and PersistentVolume, storage.k8s.io/v1 StorageClass: the fields
// the provisioner, the binder and the volume-replication controllers read and write.

import type { CustomObject, ObjectMeta } from '../meta.js';

export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';
export type VolumeMode = 'Filesystem' | 'Block';

export interface TypedObjectReference {
  apiGroup?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface PersistentVolumeClaimSpec {
  accessModes?: AccessMode[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  storageClassName?: string;
  volumeMode?: VolumeMode;
  volumeName?: string;
  dataSource?: TypedObjectReference;
  dataSourceRef?: TypedObjectReference;
  selector?: Record<string, unknown>;
  [key: string]: unknown;
}

export type ClaimPhase = 'Pending' | 'Bound' | 'Lost';

export interface PersistentVolumeClaimStatus {
  phase?: ClaimPhase;
  accessModes?: AccessMode[];
  capacity?: Record<string, string | number>;
  [key: string]: unknown;
}

export type PersistentVolumeClaim = CustomObject<'PersistentVolumeClaim', PersistentVolumeClaimSpec, PersistentVolumeClaimStatus>;

export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export type ReclaimPolicy = 'Delete' | 'Retain' | 'Recycle';

export interface PersistentVolumeSpec {
  capacity?: Record<string, string | number>;
  accessModes?: AccessMode[];
  volumeMode?: VolumeMode;
  storageClassName?: string;
  claimRef?: ObjectReference;
  persistentVolumeReclaimPolicy?: ReclaimPolicy;
  mountOptions?: string[];
  hostPath?: { path: string; type?: string };
  local?: { path: string; fsType?: string };
  csi?: { driver: string; volumeHandle: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type VolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';

export interface PersistentVolumeStatus {
  phase?: VolumePhase;
  message?: string;
  reason?: string;
  lastPhaseTransitionTime?: string;
}

export type PersistentVolume = CustomObject<'PersistentVolume', PersistentVolumeSpec, PersistentVolumeStatus>;

export type VolumeBindingMode = 'Immediate' | 'WaitForFirstConsumer';

/** Cluster-scoped; its fields sit at the top level. */
export interface StorageClass {
  apiVersion: string;
  kind: 'StorageClass';
  metadata: ObjectMeta;
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: 'Delete' | 'Retain';
  volumeBindingMode?: VolumeBindingMode;
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
}

/** The annotations Kubernetes' volume controllers and admission plugins write (fixed names). */
export const STORAGE_ANNOTATIONS = {
  defaultClass: 'storageclass.kubernetes.io/is-default-class',
  betaDefaultClass: 'storageclass.beta.kubernetes.io/is-default-class',
  betaStorageClass: 'volume.beta.kubernetes.io/storage-class',
  provisionedBy: 'pv.kubernetes.io/provisioned-by',
  bindCompleted: 'pv.kubernetes.io/bind-completed',
  boundByController: 'pv.kubernetes.io/bound-by-controller',
  storageProvisioner: 'volume.kubernetes.io/storage-provisioner',
  betaStorageProvisioner: 'volume.beta.kubernetes.io/storage-provisioner',
  selectedNode: 'volume.kubernetes.io/selected-node',
} as const;

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** The storage a claim asks for (`spec.resources.requests.storage`), or undefined when it names none. */
export function requestedStorage(pvc: PersistentVolumeClaim): string | number | undefined {
  return pvc.spec?.resources?.requests?.storage;
}
