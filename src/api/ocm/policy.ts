// policy.open-cluster-management.io: the governance kinds the `backup-restore-enabled` validation
// policy is made of (Policy, PolicySet, PlacementBinding).

import { resourceOf } from '../crd/render.js';
import type { CustomObject } from '../meta.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

const GROUP = 'policy.open-cluster-management.io';

export interface PolicySpec {
  disabled?: boolean;
  remediationAction?: string;
  'policy-templates'?: { objectDefinition: Record<string, unknown>; [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface PolicyStatus {
  compliant?: string;
  [key: string]: unknown;
}

export type Policy = CustomObject<'Policy', PolicySpec, PolicyStatus>;

export const POLICY_CRD = defineOcmKind({
  group: GROUP,
  kind: 'Policy',
  plural: 'policies',
  scope: 'Namespaced',
  shortNames: ['plc'],
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Remediation action', type: 'string', jsonPath: '.spec.remediationAction' },
        { name: 'Compliance state', type: 'string', jsonPath: '.status.compliant' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
      properties: {
        spec: S.openObject({
          disabled: S.boolean(),
          remediationAction: S.string(),
          'policy-templates': S.arrayOf(S.openObject({ objectDefinition: S.freeform() }, { required: ['objectDefinition'] })),
        }),
        status: S.openObject({ compliant: S.string() }),
      },
    },
  ],
});
export const POLICIES = resourceOf(POLICY_CRD);

export interface BindingReference {
  name: string;
  kind: string;
  apiGroup: string;
}

/** PlacementBinding has no spec: its fields sit at the top level. */
export interface PlacementBinding {
  apiVersion: string;
  kind: 'PlacementBinding';
  metadata: CustomObject<'PlacementBinding'>['metadata'];
  placementRef: BindingReference;
  subjects: BindingReference[];
  [key: string]: unknown;
}

const bindingReference = () =>
  S.object({ name: S.string({ minLength: 1 }), kind: S.string(), apiGroup: S.string() }, { required: ['name', 'kind', 'apiGroup'] });

export const PLACEMENT_BINDING_CRD = defineOcmKind({
  group: GROUP,
  kind: 'PlacementBinding',
  plural: 'placementbindings',
  scope: 'Namespaced',
  shortNames: ['pb'],
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      required: ['placementRef', 'subjects'],
      properties: {
        placementRef: bindingReference(),
        subjects: S.arrayOf(bindingReference(), { minItems: 1 }),
        bindingOverrides: S.freeform(),
        subFilter: S.string(),
        status: S.freeform(),
      },
    },
  ],
});
export const PLACEMENT_BINDINGS = resourceOf(PLACEMENT_BINDING_CRD);

export type PolicySet = CustomObject<'PolicySet', { description?: string; policies: string[] }>;

export const POLICY_SET_CRD = defineOcmKind({
  group: GROUP,
  kind: 'PolicySet',
  plural: 'policysets',
  scope: 'Namespaced',
  shortNames: ['plcset'],
  versions: [
    {
      name: 'v1beta1',
      storage: true,
      statusSubresource: true,
      properties: {
        spec: S.openObject({ description: S.string(), policies: S.stringList() }, { required: ['policies'] }),
        status: S.freeform(),
      },
    },
  ],
});
export const POLICY_SETS = resourceOf(POLICY_SET_CRD);

export const POLICY_KINDS = [POLICY_CRD, PLACEMENT_BINDING_CRD, POLICY_SET_CRD];
