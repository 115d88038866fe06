// The Kubernetes objects the volume-replication controllers create and read. Volumes, snapshots,
// Pods and Jobs have their shapes in src/api (re-exported here for the movers); the few kinds only
// these controllers touch are loose shapes below.
import { resourceRef } from '../api/resource.js';
import type { KubeObject, ObjectMeta } from '../kube/index.js';
export type {
  PersistentVolumeClaim,
  PersistentVolumeClaimSpec,
  PersistentVolume,
  StorageClass,
  EnvVar,
  VolumeMount,
  Volume,
  Container,
  PodSpec,
  PodTemplateSpec,
  JobSpec,
  JobCondition,
  JobStatus,
  Job,
  Pod,
} from '../api/core/index.js';
export type { VolumeSnapshot, VolumeSnapshotStatus } from '../api/snapshot/index.js';
// The refs of volumes and workloads are the kube package's; re-exported so the movers find them with the shapes below.
export { PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES, PODS, JOBS, STORAGE_CLASSES, VOLUME_SNAPSHOTS } from '../kube/index.js';
import { REPLICATION_DESTINATIONS, REPLICATION_SOURCES } from '../api/volsync/index.js';

export const NODES = resourceRef({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', scope: 'Cluster' });
export const ROLES = resourceRef({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', plural: 'roles', scope: 'Namespaced' });
export const ROLE_BINDINGS = resourceRef({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', scope: 'Namespaced' });
export { SNAPSHOT_GROUP } from '../api/snapshot/index.js';
export const VOLUME_POPULATORS = resourceRef({ group: 'populator.storage.k8s.io', version: 'v1beta1', kind: 'VolumePopulator', plural: 'volumepopulators', scope: 'Cluster' });

/** Any object these controllers only create, own or label. */
export interface Typed<Spec = unknown, Status = unknown> extends KubeObject {
  metadata: ObjectMeta;
  spec?: Spec;
  status?: Status;
}

export type Secret = Typed & { data?: Record<string, string>; stringData?: Record<string, string>; type?: string };
export type ConfigMap = Typed & { data?: Record<string, string>; binaryData?: Record<string, string> };

/** The owner kinds, for writes to the owner itself. */
export const REPLICATION_OWNER_REFS = { ReplicationSource: REPLICATION_SOURCES, ReplicationDestination: REPLICATION_DESTINATIONS } as const;
