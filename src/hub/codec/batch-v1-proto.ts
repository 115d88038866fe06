// batch/v1 Job, which `kubectl create job` POSTs as protobuf, with the pod template it carries.
// Field numbers are from k8s.io/api/{batch,core}/v1/generated.proto, JSON names, omitempty and
// pointers from the Go types (v1.32). The pod schemas are partial: they model every scalar field
// of a PodSpec and a Container and the volumes, environment and mounts the hub's Job runner
// serves; a body that sets anything else (probes, affinity, security contexts, …) is refused with a
// 415 that says to send JSON, instead of losing it.

import { LABEL_SELECTOR, METADATA_FIELD, OBJECT_META, QUANTITY, TIME } from './meta-v1-proto.js';
import { LOCAL_OBJECT_REFERENCE } from './core-v1-proto.js';
import type { FieldSchema, MessageSchema } from './proto-schema.js';

const NAME_REF: FieldSchema = {
  no: 1,
  json: 'localObjectReference',
  type: { message: LOCAL_OBJECT_REFERENCE },
  inline: true,
};

const keySelector = (name: string): MessageSchema => ({
  name,
  fields: [NAME_REF, { no: 2, json: 'key', type: 'string', always: true }, { no: 3, json: 'optional', type: 'bool', pointer: true }],
});

const ENV_VAR_SOURCE: MessageSchema = {
  name: 'EnvVarSource',
  partial: true,
  fields: [
    {
      no: 1,
      json: 'fieldRef',
      type: {
        message: {
          name: 'ObjectFieldSelector',
          fields: [
            { no: 1, json: 'apiVersion', type: 'string' },
            { no: 2, json: 'fieldPath', type: 'string', always: true },
          ],
        },
      },
      pointer: true,
    },
    {
      no: 2,
      json: 'resourceFieldRef',
      type: {
        message: {
          name: 'ResourceFieldSelector',
          fields: [
            { no: 1, json: 'containerName', type: 'string' },
            { no: 2, json: 'resource', type: 'string', always: true },
            { no: 3, json: 'divisor', type: { custom: QUANTITY } },
          ],
        },
      },
      pointer: true,
    },
    { no: 3, json: 'configMapKeyRef', type: { message: keySelector('ConfigMapKeySelector') }, pointer: true },
    { no: 4, json: 'secretKeyRef', type: { message: keySelector('SecretKeySelector') }, pointer: true },
  ],
};

const envSource = (name: string): MessageSchema => ({ name, fields: [NAME_REF, { no: 2, json: 'optional', type: 'bool', pointer: true }] });

const CONTAINER: MessageSchema = {
  name: 'Container',
  partial: true,
  fields: [
    { no: 1, json: 'name', type: 'string', always: true },
    { no: 2, json: 'image', type: 'string' },
    { no: 3, json: 'command', type: 'string', repeated: true },
    { no: 4, json: 'args', type: 'string', repeated: true },
    { no: 5, json: 'workingDir', type: 'string' },
    {
      no: 6,
      json: 'ports',
      type: {
        message: {
          name: 'ContainerPort',
          fields: [
            { no: 1, json: 'name', type: 'string' },
            { no: 2, json: 'hostPort', type: 'int' },
            { no: 3, json: 'containerPort', type: 'int', always: true },
            { no: 4, json: 'protocol', type: 'string' },
            { no: 5, json: 'hostIP', type: 'string' },
          ],
        },
      },
      repeated: true,
    },
    {
      no: 19,
      json: 'envFrom',
      type: {
        message: {
          name: 'EnvFromSource',
          fields: [
            { no: 1, json: 'prefix', type: 'string' },
            { no: 2, json: 'configMapRef', type: { message: envSource('ConfigMapEnvSource') }, pointer: true },
            { no: 3, json: 'secretRef', type: { message: envSource('SecretEnvSource') }, pointer: true },
          ],
        },
      },
      repeated: true,
    },
    {
      no: 7,
      json: 'env',
      type: {
        message: {
          name: 'EnvVar',
          fields: [
            { no: 1, json: 'name', type: 'string', always: true },
            { no: 2, json: 'value', type: 'string' },
            { no: 3, json: 'valueFrom', type: { message: ENV_VAR_SOURCE }, pointer: true },
          ],
        },
      },
      repeated: true,
    },
    {
      no: 8,
      json: 'resources',
      type: {
        message: {
          name: 'ResourceRequirements',
          partial: true,
          fields: [
            { no: 1, json: 'limits', type: { map: { custom: QUANTITY } } },
            { no: 2, json: 'requests', type: { map: { custom: QUANTITY } } },
          ],
        },
      },
    },
    { no: 24, json: 'restartPolicy', type: 'string', pointer: true },
    {
      no: 9,
      json: 'volumeMounts',
      type: {
        message: {
          name: 'VolumeMount',
          fields: [
            { no: 1, json: 'name', type: 'string', always: true },
            { no: 2, json: 'readOnly', type: 'bool' },
            { no: 7, json: 'recursiveReadOnly', type: 'string', pointer: true },
            { no: 3, json: 'mountPath', type: 'string', always: true },
            { no: 4, json: 'subPath', type: 'string' },
            { no: 5, json: 'mountPropagation', type: 'string', pointer: true },
            { no: 6, json: 'subPathExpr', type: 'string' },
          ],
        },
      },
      repeated: true,
    },
    { no: 13, json: 'terminationMessagePath', type: 'string' },
    { no: 20, json: 'terminationMessagePolicy', type: 'string' },
    { no: 14, json: 'imagePullPolicy', type: 'string' },
    { no: 16, json: 'stdin', type: 'bool' },
    { no: 17, json: 'stdinOnce', type: 'bool' },
    { no: 18, json: 'tty', type: 'bool' },
  ],
};

const KEY_TO_PATH: MessageSchema = {
  name: 'KeyToPath',
  fields: [
    { no: 1, json: 'key', type: 'string', always: true },
    { no: 2, json: 'path', type: 'string', always: true },
    { no: 3, json: 'mode', type: 'int', pointer: true },
  ],
};

const VOLUME_SOURCE: MessageSchema = {
  name: 'VolumeSource',
  partial: true,
  fields: [
    {
      no: 2,
      json: 'emptyDir',
      type: {
        message: {
          name: 'EmptyDirVolumeSource',
          fields: [
            { no: 1, json: 'medium', type: 'string' },
            { no: 2, json: 'sizeLimit', type: { custom: QUANTITY }, pointer: true },
          ],
        },
      },
      pointer: true,
    },
    {
      no: 6,
      json: 'secret',
      type: {
        message: {
          name: 'SecretVolumeSource',
          fields: [
            { no: 1, json: 'secretName', type: 'string' },
            { no: 2, json: 'items', type: { message: KEY_TO_PATH }, repeated: true },
            { no: 3, json: 'defaultMode', type: 'int', pointer: true },
            { no: 4, json: 'optional', type: 'bool', pointer: true },
          ],
        },
      },
      pointer: true,
    },
    {
      no: 10,
      json: 'persistentVolumeClaim',
      type: {
        message: {
          name: 'PersistentVolumeClaimVolumeSource',
          fields: [
            { no: 1, json: 'claimName', type: 'string', always: true },
            { no: 2, json: 'readOnly', type: 'bool' },
          ],
        },
      },
      pointer: true,
    },
    {
      no: 19,
      json: 'configMap',
      type: {
        message: {
          name: 'ConfigMapVolumeSource',
          fields: [
            NAME_REF,
            { no: 2, json: 'items', type: { message: KEY_TO_PATH }, repeated: true },
            { no: 3, json: 'defaultMode', type: 'int', pointer: true },
            { no: 4, json: 'optional', type: 'bool', pointer: true },
          ],
        },
      },
      pointer: true,
    },
  ],
};

const POD_SPEC: MessageSchema = {
  name: 'PodSpec',
  partial: true,
  fields: [
    {
      no: 1,
      json: 'volumes',
      type: {
        message: {
          name: 'Volume',
          fields: [
            { no: 1, json: 'name', type: 'string', always: true },
            { no: 2, json: 'volumeSource', type: { message: VOLUME_SOURCE }, inline: true },
          ],
        },
      },
      repeated: true,
    },
    { no: 20, json: 'initContainers', type: { message: CONTAINER }, repeated: true },
    { no: 2, json: 'containers', type: { message: CONTAINER }, repeated: true },
    { no: 3, json: 'restartPolicy', type: 'string' },
    { no: 4, json: 'terminationGracePeriodSeconds', type: 'int', pointer: true },
    { no: 5, json: 'activeDeadlineSeconds', type: 'int', pointer: true },
    { no: 6, json: 'dnsPolicy', type: 'string' },
    { no: 7, json: 'nodeSelector', type: { map: 'string' } },
    { no: 8, json: 'serviceAccountName', type: 'string' },
    { no: 9, json: 'serviceAccount', type: 'string' },
    { no: 21, json: 'automountServiceAccountToken', type: 'bool', pointer: true },
    { no: 10, json: 'nodeName', type: 'string' },
    { no: 11, json: 'hostNetwork', type: 'bool' },
    { no: 12, json: 'hostPID', type: 'bool' },
    { no: 13, json: 'hostIPC', type: 'bool' },
    { no: 27, json: 'shareProcessNamespace', type: 'bool', pointer: true },
    { no: 15, json: 'imagePullSecrets', type: { message: LOCAL_OBJECT_REFERENCE }, repeated: true },
    { no: 16, json: 'hostname', type: 'string' },
    { no: 17, json: 'subdomain', type: 'string' },
    { no: 19, json: 'schedulerName', type: 'string' },
    { no: 24, json: 'priorityClassName', type: 'string' },
    { no: 25, json: 'priority', type: 'int', pointer: true },
    { no: 29, json: 'runtimeClassName', type: 'string', pointer: true },
    { no: 30, json: 'enableServiceLinks', type: 'bool', pointer: true },
    { no: 31, json: 'preemptionPolicy', type: 'string', pointer: true },
    { no: 35, json: 'setHostnameAsFQDN', type: 'bool', pointer: true },
    { no: 37, json: 'hostUsers', type: 'bool', pointer: true },
  ],
};

const POD_TEMPLATE_SPEC: MessageSchema = {
  name: 'PodTemplateSpec',
  fields: [
    { no: 1, json: 'metadata', type: { message: OBJECT_META } },
    { no: 2, json: 'spec', type: { message: POD_SPEC } },
  ],
};

const JOB_SPEC: MessageSchema = {
  name: 'JobSpec',
  partial: true,
  fields: [
    { no: 1, json: 'parallelism', type: 'int', pointer: true },
    { no: 2, json: 'completions', type: 'int', pointer: true },
    { no: 3, json: 'activeDeadlineSeconds', type: 'int', pointer: true },
    { no: 7, json: 'backoffLimit', type: 'int', pointer: true },
    { no: 12, json: 'backoffLimitPerIndex', type: 'int', pointer: true },
    { no: 13, json: 'maxFailedIndexes', type: 'int', pointer: true },
    { no: 4, json: 'selector', type: { message: LABEL_SELECTOR }, pointer: true },
    { no: 5, json: 'manualSelector', type: 'bool', pointer: true },
    { no: 6, json: 'template', type: { message: POD_TEMPLATE_SPEC }, always: true },
    { no: 8, json: 'ttlSecondsAfterFinished', type: 'int', pointer: true },
    { no: 9, json: 'completionMode', type: 'string', pointer: true },
    { no: 10, json: 'suspend', type: 'bool', pointer: true },
    { no: 14, json: 'podReplacementPolicy', type: 'string', pointer: true },
    { no: 15, json: 'managedBy', type: 'string', pointer: true },
  ],
};

const JOB_CONDITION: MessageSchema = {
  name: 'JobCondition',
  fields: [
    { no: 1, json: 'type', type: 'string', always: true },
    { no: 2, json: 'status', type: 'string', always: true },
    { no: 3, json: 'lastProbeTime', type: { custom: TIME } },
    { no: 4, json: 'lastTransitionTime', type: { custom: TIME } },
    { no: 5, json: 'reason', type: 'string' },
    { no: 6, json: 'message', type: 'string' },
  ],
};

const JOB_STATUS: MessageSchema = {
  name: 'JobStatus',
  fields: [
    { no: 1, json: 'conditions', type: { message: JOB_CONDITION }, repeated: true },
    { no: 2, json: 'startTime', type: { custom: TIME }, pointer: true },
    { no: 3, json: 'completionTime', type: { custom: TIME }, pointer: true },
    { no: 4, json: 'active', type: 'int' },
    { no: 5, json: 'succeeded', type: 'int' },
    { no: 6, json: 'failed', type: 'int' },
    { no: 11, json: 'terminating', type: 'int', pointer: true },
    { no: 7, json: 'completedIndexes', type: 'string' },
    { no: 10, json: 'failedIndexes', type: 'string', pointer: true },
    {
      no: 8,
      json: 'uncountedTerminatedPods',
      type: {
        message: {
          name: 'UncountedTerminatedPods',
          fields: [
            { no: 1, json: 'succeeded', type: 'string', repeated: true },
            { no: 2, json: 'failed', type: 'string', repeated: true },
          ],
        },
      },
      pointer: true,
    },
    { no: 9, json: 'ready', type: 'int', pointer: true },
  ],
};

export const JOB: MessageSchema = {
  name: 'Job',
  fields: [METADATA_FIELD, { no: 2, json: 'spec', type: { message: JOB_SPEC } }, { no: 3, json: 'status', type: { message: JOB_STATUS } }],
};
