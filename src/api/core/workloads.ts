// core/v1 Pod and batch/v1 Job: the fields the mover controllers write and the local Job runner
// executes. Anything else a pod template carries is kept as it came.

import type { CustomObject, ObjectMeta } from '../meta.js';

export interface KeySelector {
  name?: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: KeySelector;
    configMapKeyRef?: KeySelector;
    fieldRef?: { fieldPath: string; apiVersion?: string };
    resourceFieldRef?: { resource: string; containerName?: string };
  };
}

export interface EnvFromSource {
  prefix?: string;
  secretRef?: { name?: string; optional?: boolean };
  configMapRef?: { name?: string; optional?: boolean };
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
  subPathExpr?: string;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  volumeMounts?: VolumeMount[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    privileged?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsUser?: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

export interface DownwardApiFile {
  path: string;
  fieldRef?: { fieldPath: string };
  resourceFieldRef?: unknown;
  mode?: number;
}

export interface ProjectionSource {
  secret?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  configMap?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: DownwardApiFile[] };
  serviceAccountToken?: unknown;
  clusterTrustBundle?: unknown;
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  secret?: { secretName?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  configMap?: { name?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: string };
  projected?: { sources?: ProjectionSource[]; defaultMode?: number };
  downwardAPI?: { items?: DownwardApiFile[]; defaultMode?: number };
  nfs?: { server: string; path: string; readOnly?: boolean };
  [key: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  restartPolicy?: string;
  nodeName?: string;
  terminationGracePeriodSeconds?: number;
  serviceAccountName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

export interface ContainerStatus {
  name: string;
  state: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: ContainerStateTerminated;
  };
  lastState?: Record<string, unknown>;
  ready: boolean;
  restartCount: number;
  started?: boolean;
  image: string;
  imageID: string;
  containerID?: string;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodStatus {
  phase?: PodPhase;
  reason?: string;
  message?: string;
  conditions?: PodCondition[];
  containerStatuses?: ContainerStatus[];
  startTime?: string;
  hostIP?: string;
  podIP?: string;
  qosClass?: string;
  [key: string]: unknown;
}

export type Pod = CustomObject<'Pod', PodSpec, PodStatus>;

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec: PodSpec;
}

export interface JobSpec {
  template: PodTemplateSpec;
  parallelism?: number;
  completions?: number | null;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend?: boolean;
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  manualSelector?: boolean;
  completionMode?: string;
  [key: string]: unknown;
}

export interface JobCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

export interface JobStatus {
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  conditions?: JobCondition[];
  [key: string]: unknown;
}

export type Job = CustomObject<'Job', JobSpec, JobStatus>;

/** The labels the Job API and controller put on a Job's pods (fixed names). */
export const JOB_LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  legacyControllerUid: 'controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyJobName: 'job-name',
} as const;
