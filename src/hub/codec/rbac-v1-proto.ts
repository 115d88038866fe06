// rbac.authorization.k8s.io/v1 kinds that `kubectl create role|clusterrole|rolebinding|
// clusterrolebinding` POST as protobuf, as protobuf schemas. Field numbers are from
// k8s.io/api/rbac/v1/generated.proto, JSON names and omitempty from the Go types.

import { LABEL_SELECTOR, METADATA_FIELD } from './meta-v1-proto.js';
import type { MessageSchema } from './proto-schema.js';

const POLICY_RULE: MessageSchema = {
  name: 'PolicyRule',
  fields: [
    { no: 1, json: 'verbs', type: 'string', repeated: true },
    { no: 2, json: 'apiGroups', type: 'string', repeated: true },
    { no: 3, json: 'resources', type: 'string', repeated: true },
    { no: 4, json: 'resourceNames', type: 'string', repeated: true },
    { no: 5, json: 'nonResourceURLs', type: 'string', repeated: true },
  ],
};

const SUBJECT: MessageSchema = {
  name: 'Subject',
  fields: [
    { no: 1, json: 'kind', type: 'string', always: true },
    { no: 2, json: 'apiGroup', type: 'string' },
    { no: 3, json: 'name', type: 'string', always: true },
    { no: 4, json: 'namespace', type: 'string' },
  ],
};

const ROLE_REF: MessageSchema = {
  name: 'RoleRef',
  fields: [
    { no: 1, json: 'apiGroup', type: 'string', always: true },
    { no: 2, json: 'kind', type: 'string', always: true },
    { no: 3, json: 'name', type: 'string', always: true },
  ],
};

const RULES_FIELD = { no: 2, json: 'rules', type: { message: POLICY_RULE }, repeated: true } as const;

export const ROLE: MessageSchema = { name: 'Role', fields: [METADATA_FIELD, RULES_FIELD] };

export const CLUSTER_ROLE: MessageSchema = {
  name: 'ClusterRole',
  fields: [
    METADATA_FIELD,
    RULES_FIELD,
    {
      no: 3,
      json: 'aggregationRule',
      type: { message: { name: 'AggregationRule', fields: [{ no: 1, json: 'clusterRoleSelectors', type: { message: LABEL_SELECTOR }, repeated: true }] } },
      pointer: true,
    },
  ],
};

const BINDING_FIELDS = [
  METADATA_FIELD,
  { no: 2, json: 'subjects', type: { message: SUBJECT }, repeated: true },
  { no: 3, json: 'roleRef', type: { message: ROLE_REF }, always: true },
] as const;

export const ROLE_BINDING: MessageSchema = { name: 'RoleBinding', fields: BINDING_FIELDS };
export const CLUSTER_ROLE_BINDING: MessageSchema = { name: 'ClusterRoleBinding', fields: BINDING_FIELDS };
