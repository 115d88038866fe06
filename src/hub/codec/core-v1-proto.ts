// core/v1 kinds that `kubectl create` POSTs as protobuf (configmap, secret, namespace,
// serviceaccount, service, quota) as protobuf schemas. Field numbers are from
// k8s.io/api/core/v1/generated.proto, JSON names, omitempty and pointers from the Go types.

import { CONDITION, INT_OR_STRING, METADATA_FIELD, QUANTITY, TIME } from './meta-v1-proto.js';
import type { MessageSchema } from './proto-schema.js';

export const CONFIG_MAP: MessageSchema = {
  name: 'ConfigMap',
  fields: [
    METADATA_FIELD,
    { no: 4, json: 'immutable', type: 'bool', pointer: true },
    { no: 2, json: 'data', type: { map: 'string' } },
    { no: 3, json: 'binaryData', type: { map: 'bytes' } },
  ],
};

export const SECRET: MessageSchema = {
  name: 'Secret',
  fields: [
    METADATA_FIELD,
    { no: 5, json: 'immutable', type: 'bool', pointer: true },
    { no: 2, json: 'data', type: { map: 'bytes' } },
    { no: 4, json: 'stringData', type: { map: 'string' } },
    { no: 3, json: 'type', type: 'string' },
  ],
};

const NAMESPACE_CONDITION: MessageSchema = {
  name: 'NamespaceCondition',
  fields: [
    { no: 1, json: 'type', type: 'string', always: true },
    { no: 2, json: 'status', type: 'string', always: true },
    { no: 4, json: 'lastTransitionTime', type: { custom: TIME } },
    { no: 5, json: 'reason', type: 'string' },
    { no: 6, json: 'message', type: 'string' },
  ],
};

export const NAMESPACE: MessageSchema = {
  name: 'Namespace',
  fields: [
    METADATA_FIELD,
    { no: 2, json: 'spec', type: { message: { name: 'NamespaceSpec', fields: [{ no: 1, json: 'finalizers', type: 'string', repeated: true }] } } },
    {
      no: 3,
      json: 'status',
      type: {
        message: {
          name: 'NamespaceStatus',
          fields: [
            { no: 1, json: 'phase', type: 'string' },
            { no: 2, json: 'conditions', type: { message: NAMESPACE_CONDITION }, repeated: true },
          ],
        },
      },
    },
  ],
};

const OBJECT_REFERENCE: MessageSchema = {
  name: 'ObjectReference',
  fields: [
    { no: 1, json: 'kind', type: 'string' },
    { no: 2, json: 'namespace', type: 'string' },
    { no: 3, json: 'name', type: 'string' },
    { no: 4, json: 'uid', type: 'string' },
    { no: 5, json: 'apiVersion', type: 'string' },
    { no: 6, json: 'resourceVersion', type: 'string' },
    { no: 7, json: 'fieldPath', type: 'string' },
  ],
};

export const LOCAL_OBJECT_REFERENCE: MessageSchema = { name: 'LocalObjectReference', fields: [{ no: 1, json: 'name', type: 'string' }] };

export const SERVICE_ACCOUNT: MessageSchema = {
  name: 'ServiceAccount',
  fields: [
    METADATA_FIELD,
    { no: 2, json: 'secrets', type: { message: OBJECT_REFERENCE }, repeated: true },
    { no: 3, json: 'imagePullSecrets', type: { message: LOCAL_OBJECT_REFERENCE }, repeated: true },
    { no: 4, json: 'automountServiceAccountToken', type: 'bool', pointer: true },
  ],
};

const SERVICE_PORT: MessageSchema = {
  name: 'ServicePort',
  fields: [
    { no: 1, json: 'name', type: 'string' },
    { no: 2, json: 'protocol', type: 'string' },
    { no: 6, json: 'appProtocol', type: 'string', pointer: true },
    { no: 3, json: 'port', type: 'int', always: true },
    { no: 4, json: 'targetPort', type: { custom: INT_OR_STRING } },
    { no: 5, json: 'nodePort', type: 'int' },
  ],
};

const SESSION_AFFINITY_CONFIG: MessageSchema = {
  name: 'SessionAffinityConfig',
  fields: [
    {
      no: 1,
      json: 'clientIP',
      type: { message: { name: 'ClientIPConfig', fields: [{ no: 1, json: 'timeoutSeconds', type: 'int', pointer: true }] } },
      pointer: true,
    },
  ],
};

const SERVICE_SPEC: MessageSchema = {
  name: 'ServiceSpec',
  fields: [
    { no: 1, json: 'ports', type: { message: SERVICE_PORT }, repeated: true },
    { no: 2, json: 'selector', type: { map: 'string' } },
    { no: 3, json: 'clusterIP', type: 'string' },
    { no: 18, json: 'clusterIPs', type: 'string', repeated: true },
    { no: 4, json: 'type', type: 'string' },
    { no: 5, json: 'externalIPs', type: 'string', repeated: true },
    { no: 7, json: 'sessionAffinity', type: 'string' },
    { no: 8, json: 'loadBalancerIP', type: 'string' },
    { no: 9, json: 'loadBalancerSourceRanges', type: 'string', repeated: true },
    { no: 10, json: 'externalName', type: 'string' },
    { no: 11, json: 'externalTrafficPolicy', type: 'string' },
    { no: 12, json: 'healthCheckNodePort', type: 'int' },
    { no: 13, json: 'publishNotReadyAddresses', type: 'bool' },
    { no: 14, json: 'sessionAffinityConfig', type: { message: SESSION_AFFINITY_CONFIG }, pointer: true },
    { no: 19, json: 'ipFamilies', type: 'string', repeated: true },
    { no: 17, json: 'ipFamilyPolicy', type: 'string', pointer: true },
    { no: 20, json: 'allocateLoadBalancerNodePorts', type: 'bool', pointer: true },
    { no: 21, json: 'loadBalancerClass', type: 'string', pointer: true },
    { no: 22, json: 'internalTrafficPolicy', type: 'string', pointer: true },
    { no: 23, json: 'trafficDistribution', type: 'string', pointer: true },
  ],
};

const PORT_STATUS: MessageSchema = {
  name: 'PortStatus',
  fields: [
    { no: 1, json: 'port', type: 'int', always: true },
    { no: 2, json: 'protocol', type: 'string', always: true },
    { no: 3, json: 'error', type: 'string', pointer: true },
  ],
};

const LOAD_BALANCER_INGRESS: MessageSchema = {
  name: 'LoadBalancerIngress',
  fields: [
    { no: 1, json: 'ip', type: 'string' },
    { no: 2, json: 'hostname', type: 'string' },
    { no: 3, json: 'ipMode', type: 'string', pointer: true },
    { no: 4, json: 'ports', type: { message: PORT_STATUS }, repeated: true },
  ],
};

export const SERVICE: MessageSchema = {
  name: 'Service',
  fields: [
    METADATA_FIELD,
    { no: 2, json: 'spec', type: { message: SERVICE_SPEC } },
    {
      no: 3,
      json: 'status',
      type: {
        message: {
          name: 'ServiceStatus',
          fields: [
            {
              no: 1,
              json: 'loadBalancer',
              type: { message: { name: 'LoadBalancerStatus', fields: [{ no: 1, json: 'ingress', type: { message: LOAD_BALANCER_INGRESS }, repeated: true }] } },
            },
            { no: 2, json: 'conditions', type: { message: CONDITION }, repeated: true },
          ],
        },
      },
    },
  ],
};

const RESOURCE_LIST = { map: { custom: QUANTITY } } as const;

export const RESOURCE_QUOTA: MessageSchema = {
  name: 'ResourceQuota',
  fields: [
    METADATA_FIELD,
    {
      no: 2,
      json: 'spec',
      type: {
        message: {
          name: 'ResourceQuotaSpec',
          fields: [
            { no: 1, json: 'hard', type: RESOURCE_LIST },
            { no: 2, json: 'scopes', type: 'string', repeated: true },
            {
              no: 3,
              json: 'scopeSelector',
              type: {
                message: {
                  name: 'ScopeSelector',
                  fields: [
                    {
                      no: 1,
                      json: 'matchExpressions',
                      type: {
                        message: {
                          name: 'ScopedResourceSelectorRequirement',
                          fields: [
                            { no: 1, json: 'scopeName', type: 'string', always: true },
                            { no: 2, json: 'operator', type: 'string', always: true },
                            { no: 3, json: 'values', type: 'string', repeated: true },
                          ],
                        },
                      },
                      repeated: true,
                    },
                  ],
                },
              },
              pointer: true,
            },
          ],
        },
      },
    },
    {
      no: 3,
      json: 'status',
      type: {
        message: {
          name: 'ResourceQuotaStatus',
          fields: [
            { no: 1, json: 'hard', type: RESOURCE_LIST },
            { no: 2, json: 'used', type: RESOURCE_LIST },
          ],
        },
      },
    },
  ],
};
