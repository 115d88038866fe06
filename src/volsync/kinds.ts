// The Kubernetes objects the volume-replication controllers create and read, as far as they read
// them. Loose where Kubernetes is loose: objects carry fields these shapes do not name.
import type { KubeObject, ObjectMeta, ResourceRef } from '../kube/index.js';
// The refs of volumes and workloads are the kube package's; re-exported so the movers find them with the shapes below.
export { PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES, PODS, JOBS, STORAGE_CLASSES, VOLUME_SNAPSHOTS } from '../kube/index.js';
import {
  REPLICATION_DESTINATIONS,
  REPLICATION_SOURCES,
  type Quantity,
  type ResourceRequirements,
  type TypedLocalObjectReference,
} from '../api/volsync/index.js';

export const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes', namespaced: false, kind: 'Node' };
export const ROLES: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', namespaced: true, kind: 'Role' };
export const ROLE_BINDINGS: ResourceRef = { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', namespaced: true, kind: 'RoleBinding' };
export { SNAPSHOT_GROUP } from '../api/snapshot/index.js';
export const VOLUME_POPULATORS: ResourceRef = {
  group: 'populator.storage.k8s.io',
  version: 'v1beta1',
  plural: 'volumepopulators',
  namespaced: false,
  kind: 'VolumePopulator',
};

/** Object metadata as the API returns it (timestamps included). */
export interface Meta extends ObjectMeta {
  creationTimestamp?: string;
  deletionTimestamp?: string;
}

export interface Typed<Spec = unknown, Status = unknown> extends KubeObject {
  metadata: Meta;
  spec?: Spec;
  status?: Status;
}

export interface PvcSpec {
  accessModes?: string[];
  resources?: { requests?: Record<string, Quantity>; limits?: Record<string, Quantity> };
  storageClassName?: string | null;
  volumeMode?: string;
  volumeName?: string;
  dataSource?: TypedLocalObjectReference | null;
  dataSourceRef?: (TypedLocalObjectReference & { namespace?: string }) | null;
}

export interface PvcStatus {
  phase?: 'Pending' | 'Bound' | 'Lost';
  accessModes?: string[];
  capacity?: Record<string, Quantity>;
}

export type PersistentVolumeClaim = Typed<PvcSpec, PvcStatus>;

export type PersistentVolume = Typed<{
  claimRef?: { namespace?: string; name?: string; uid?: string; resourceVersion?: string } | null;
  [key: string]: unknown;
}>;

export interface VolumeSnapshotStatus {
  boundVolumeSnapshotContentName?: string;
  readyToUse?: boolean;
  restoreSize?: Quantity;
  creationTime?: string;
  error?: { message?: string; time?: string };
}

export type VolumeSnapshot = Typed<
  { source?: { persistentVolumeClaimName?: string; volumeSnapshotContentName?: string }; volumeSnapshotClassName?: string | null },
  VolumeSnapshotStatus
>;

export type StorageClass = Typed & { provisioner?: string; volumeBindingMode?: string };

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  secret?: { secretName?: string; defaultMode?: number; optional?: boolean; items?: { key: string; path: string; mode?: number }[] };
  configMap?: { name: string; items?: { key: string; path: string }[] };
  emptyDir?: { medium?: string };
  nfs?: { server: string; path: string; readOnly?: boolean };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  volumeMounts?: VolumeMount[];
  resources?: ResourceRequirements;
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    privileged?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsUser?: number;
  };
}

export interface PodSpec {
  containers: Container[];
  restartPolicy?: string;
  serviceAccountName?: string;
  volumes?: Volume[];
  nodeSelector?: Record<string, string>;
  nodeName?: string;
  tolerations?: unknown[];
  affinity?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
}

export interface PodTemplate {
  metadata?: Meta;
  spec: PodSpec;
}

export interface JobSpec {
  backoffLimit?: number;
  parallelism?: number;
  suspend?: boolean;
  template: PodTemplate;
  selector?: unknown;
}

export interface JobCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
}

export type Job = Typed<JobSpec, JobStatus>;

export type Pod = Typed<PodSpec, { phase?: string; startTime?: string }>;

export type Secret = Typed & { data?: Record<string, string>; stringData?: Record<string, string>; type?: string };
export type ConfigMap = Typed & { data?: Record<string, string>; binaryData?: Record<string, string> };

/** The owner kinds, for writes to the owner itself. */
export const REPLICATION_OWNER_REFS = { ReplicationSource: REPLICATION_SOURCES, ReplicationDestination: REPLICATION_DESTINATIONS } as const;
