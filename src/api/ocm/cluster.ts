// cluster.open-cluster-management.io kinds of the OCM registration and placement APIs (the
// BackupSchedule and Restore of the same group live in ../backup). Every spec and status keeps
// unknown fields: objects restored from a real hub's backups must come back unchanged, whatever
// fields their OCM version has.

import { resourceOf } from '../crd/render.js';
import { defineOcmKind, ocmLabelSelector } from './ocm-kind.js';
import * as S from '../crd/schema.js';
import type { Condition, CustomObject } from '../meta.js';

const GROUP = 'cluster.open-cluster-management.io';

// ---------------------------------------------------------------------------------------------
// ManagedCluster

export const MANAGED_CLUSTER_CONDITION_AVAILABLE = 'ManagedClusterConditionAvailable';
export const MANAGED_CLUSTER_CONDITION_JOINED = 'ManagedClusterJoined';
export const MANAGED_CLUSTER_CONDITION_HUB_ACCEPTED = 'HubAcceptedManagedCluster';

export interface ClientConfig {
  url?: string;
  /** base64 PEM. */
  caBundle?: string;
}

export interface ManagedClusterSpec {
  hubAcceptsClient?: boolean;
  managedClusterClientConfigs?: ClientConfig[];
  leaseDurationSeconds?: number;
  [key: string]: unknown;
}

export interface ManagedClusterClaim {
  name: string;
  value: string;
}

export interface ManagedClusterStatus {
  conditions?: Condition[];
  clusterClaims?: ManagedClusterClaim[];
  version?: { kubernetes?: string };
  [key: string]: unknown;
}

export type ManagedCluster = CustomObject<'ManagedCluster', ManagedClusterSpec, ManagedClusterStatus>;

export const MANAGED_CLUSTER_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ManagedCluster',
  plural: 'managedclusters',
  scope: 'Cluster',
  shortNames: ['mcl', 'mcls'],
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Hub Accepted', type: 'boolean', jsonPath: '.spec.hubAcceptsClient' },
        { name: 'Managed Cluster URLs', type: 'string', jsonPath: '.spec.managedClusterClientConfigs[*].url' },
        { name: 'Joined', type: 'string', jsonPath: `.status.conditions[?(@.type=="${MANAGED_CLUSTER_CONDITION_JOINED}")].status` },
        { name: 'Available', type: 'string', jsonPath: `.status.conditions[?(@.type=="${MANAGED_CLUSTER_CONDITION_AVAILABLE}")].status` },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
      required: ['spec'],
      properties: {
        spec: S.openObject({
          hubAcceptsClient: S.boolean(),
          leaseDurationSeconds: S.int32(),
          managedClusterClientConfigs: S.arrayOf(S.openObject({ url: S.string(), caBundle: S.string({ format: 'byte' }) })),
        }),
        status: S.openObject({
          conditions: S.conditions(),
          clusterClaims: S.arrayOf(S.object({ name: S.string(), value: S.string() })),
          version: S.openObject({ kubernetes: S.string() }),
        }),
      },
    },
  ],
});
export const MANAGED_CLUSTERS = resourceOf(MANAGED_CLUSTER_CRD);

// ---------------------------------------------------------------------------------------------
// ManagedClusterSet, ManagedClusterSetBinding

export type ManagedClusterSet = CustomObject<'ManagedClusterSet', { clusterSelector?: { selectorType?: string; [key: string]: unknown } }>;

export const MANAGED_CLUSTER_SET_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ManagedClusterSet',
  plural: 'managedclustersets',
  scope: 'Cluster',
  shortNames: ['mclset', 'mclsets'],
  versions: [
    {
      name: 'v1beta2',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Empty', type: 'string', jsonPath: '.status.conditions[?(@.type=="ClusterSetEmpty")].status' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
      properties: {
        spec: S.openObject({ clusterSelector: S.openObject({ selectorType: S.string(), labelSelector: ocmLabelSelector() }) }),
        status: S.openObject({ conditions: S.conditions() }),
      },
    },
  ],
});
export const MANAGED_CLUSTER_SETS = resourceOf(MANAGED_CLUSTER_SET_CRD);

export type ManagedClusterSetBinding = CustomObject<'ManagedClusterSetBinding', { clusterSet: string }>;

export const MANAGED_CLUSTER_SET_BINDING_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ManagedClusterSetBinding',
  plural: 'managedclustersetbindings',
  scope: 'Namespaced',
  shortNames: ['mclsetbinding', 'mclsetbindings'],
  versions: [
    {
      name: 'v1beta2',
      storage: true,
      statusSubresource: true,
      properties: {
        spec: S.openObject({ clusterSet: S.string({ minLength: 1 }) }, { required: ['clusterSet'] }),
        status: S.openObject({ conditions: S.conditions() }),
      },
    },
  ],
});
export const MANAGED_CLUSTER_SET_BINDINGS = resourceOf(MANAGED_CLUSTER_SET_BINDING_CRD);

// ---------------------------------------------------------------------------------------------
// Placement, PlacementDecision

export type Placement = CustomObject<'Placement', { clusterSets?: string[]; numberOfClusters?: number; [key: string]: unknown }>;

export const PLACEMENT_CRD = defineOcmKind({
  group: GROUP,
  kind: 'Placement',
  plural: 'placements',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1beta1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Succeeded', type: 'string', jsonPath: '.status.conditions[?(@.type=="PlacementSatisfied")].status' },
        { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="PlacementSatisfied")].reason' },
        { name: 'SelectedClusters', type: 'integer', jsonPath: '.status.numberOfSelectedClusters' },
      ],
      properties: {
        spec: S.openObject({
          clusterSets: S.stringList(),
          numberOfClusters: S.int32(),
          predicates: S.arrayOf(S.freeform()),
          tolerations: S.arrayOf(S.freeform()),
        }),
        status: S.openObject({ numberOfSelectedClusters: S.int32(), conditions: S.conditions() }),
      },
    },
  ],
});
export const PLACEMENTS = resourceOf(PLACEMENT_CRD);

export interface ClusterDecision {
  clusterName: string;
  reason: string;
}

export type PlacementDecision = CustomObject<'PlacementDecision', never, { decisions: ClusterDecision[] }>;

export const PLACEMENT_DECISION_CRD = defineOcmKind({
  group: GROUP,
  kind: 'PlacementDecision',
  plural: 'placementdecisions',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1beta1',
      storage: true,
      statusSubresource: true,
      properties: {
        status: S.openObject({ decisions: S.arrayOf(S.openObject({ clusterName: S.string(), reason: S.string() })) }),
      },
    },
  ],
});
export const PLACEMENT_DECISIONS = resourceOf(PLACEMENT_DECISION_CRD);

// ---------------------------------------------------------------------------------------------
// ClusterClaim (the managed cluster's self-description; on a hub, the local cluster's). Not the
// hive.openshift.io ClusterClaim, which claims a cluster from a pool.

/** The claim the validation policy reads to choose the expected OADP channel. */
export const CLUSTER_CLAIM_OPENSHIFT_VERSION = 'version.openshift.io';
export const CLUSTER_CLAIM_ID = 'id.k8s.io';

export type OcmClusterClaim = CustomObject<'ClusterClaim', { value?: string }>;

export const OCM_CLUSTER_CLAIM_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ClusterClaim',
  plural: 'clusterclaims',
  scope: 'Cluster',
  versions: [
    {
      name: 'v1alpha1',
      storage: true,
      properties: { spec: S.openObject({ value: S.string({ maxLength: 1024, minLength: 1 }) }) },
    },
  ],
});
export const OCM_CLUSTER_CLAIMS = resourceOf(OCM_CLUSTER_CLAIM_CRD);

// ---------------------------------------------------------------------------------------------
// ClusterCurator (cluster lifecycle hooks; part of the managed-clusters activation data)

export type ClusterCurator = CustomObject<'ClusterCurator', { desiredCuration?: string; [key: string]: unknown }>;

export const CLUSTER_CURATOR_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ClusterCurator',
  plural: 'clustercurators',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1beta1',
      storage: true,
      statusSubresource: true,
      properties: { spec: S.openObject({ desiredCuration: S.string() }), status: S.openObject({ conditions: S.conditions() }) },
    },
  ],
});
export const CLUSTER_CURATORS = resourceOf(CLUSTER_CURATOR_CRD);

export const CLUSTER_KINDS = [
  MANAGED_CLUSTER_CRD,
  MANAGED_CLUSTER_SET_CRD,
  MANAGED_CLUSTER_SET_BINDING_CRD,
  PLACEMENT_CRD,
  PLACEMENT_DECISION_CRD,
  OCM_CLUSTER_CLAIM_CRD,
  CLUSTER_CURATOR_CRD,
];
