// Hive (hive.openshift.io and its sibling groups): clusters the hub provisioned. Their kinds are
// backed up with the managed-clusters (activation) data, and the backup labels the secrets a
// ClusterDeployment or ClusterPool references.

import { resourceOf } from '../crd/render.js';
import type { Condition, CustomObject, LocalObjectReference } from '../meta.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

const GROUP = 'hive.openshift.io';
const AGE = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' } as const;

// ---------------------------------------------------------------------------------------------
// ClusterDeployment

export interface ClusterPoolReference {
  namespace: string;
  poolName: string;
  claimName?: string;
  [key: string]: unknown;
}

export interface CertificateBundleSpec {
  name: string;
  generate?: boolean;
  certificateSecretRef: LocalObjectReference;
}

export interface ClusterDeploymentSpec {
  clusterName: string;
  baseDomain: string;
  platform: Record<string, unknown>;
  installed?: boolean;
  pullSecretRef?: LocalObjectReference;
  certificateBundles?: CertificateBundleSpec[];
  clusterPoolRef?: ClusterPoolReference;
  provisioning?: {
    manifestsSecretRef?: LocalObjectReference;
    manifestsConfigMapRef?: LocalObjectReference;
    [key: string]: unknown;
  };
  clusterMetadata?: { clusterID?: string; infraID?: string; [key: string]: unknown };
  powerState?: string;
  [key: string]: unknown;
}

export type ClusterDeployment = CustomObject<'ClusterDeployment', ClusterDeploymentSpec, { conditions?: Condition[]; [key: string]: unknown }>;

export const CLUSTER_DEPLOYMENT_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ClusterDeployment',
  plural: 'clusterdeployments',
  scope: 'Namespaced',
  shortNames: ['cd'],
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      // Label keys contain dots; the bracket form is valid JSONPath for kubectl and kube-apiserver.
      printerColumns: [
        { name: 'InfraID', type: 'string', jsonPath: '.spec.clusterMetadata.infraID' },
        { name: 'Platform', type: 'string', jsonPath: ".metadata.labels['hive.openshift.io/cluster-platform']" },
        { name: 'Region', type: 'string', jsonPath: ".metadata.labels['hive.openshift.io/cluster-region']" },
        { name: 'Version', type: 'string', jsonPath: ".metadata.labels['hive.openshift.io/version']" },
        { name: 'ClusterType', type: 'string', jsonPath: ".metadata.labels['hive.openshift.io/cluster-type']" },
        { name: 'ProvisionStatus', type: 'string', jsonPath: ".status.conditions[?(@.type=='Provisioned')].reason" },
        { name: 'PowerState', type: 'string', jsonPath: '.status.powerState' },
        AGE,
      ],
      properties: {
        spec: S.openObject(
          {
            clusterName: S.string(),
            baseDomain: S.string(),
            platform: S.freeform(),
            installed: S.boolean(),
            pullSecretRef: S.localObjectReference(),
            certificateBundles: S.arrayOf(S.openObject({ name: S.string(), generate: S.boolean(), certificateSecretRef: S.localObjectReference() })),
            clusterPoolRef: S.openObject({ namespace: S.string(), poolName: S.string(), claimName: S.string() }, { required: ['namespace', 'poolName'] }),
            provisioning: S.openObject({
              manifestsSecretRef: S.localObjectReference(),
              manifestsConfigMapRef: S.localObjectReference(),
            }),
            clusterMetadata: S.openObject({ clusterID: S.string(), infraID: S.string() }),
            powerState: S.string(),
          },
          { required: ['baseDomain', 'clusterName', 'platform'] },
        ),
        status: S.openObject({ conditions: S.conditions(), powerState: S.string() }),
      },
    },
  ],
});
export const CLUSTER_DEPLOYMENTS = resourceOf(CLUSTER_DEPLOYMENT_CRD);

// ---------------------------------------------------------------------------------------------
// ClusterPool, ClusterClaim (hive's: a claim on a pool's cluster)

export type ClusterPool = CustomObject<'ClusterPool', { size: number; baseDomain: string; imageSetRef: { name: string }; [key: string]: unknown }>;

export const CLUSTER_POOL_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ClusterPool',
  plural: 'clusterpools',
  scope: 'Namespaced',
  shortNames: ['cp'],
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
        { name: 'Standby', type: 'integer', jsonPath: '.status.standby' },
        { name: 'Ready', type: 'integer', jsonPath: '.status.ready' },
        { name: 'BaseDomain', type: 'string', jsonPath: '.spec.baseDomain' },
        { name: 'ImageSet', type: 'string', jsonPath: '.spec.imageSetRef.name' },
      ],
      properties: {
        spec: S.openObject(
          {
            size: S.int32({ minimum: 0 }),
            baseDomain: S.string(),
            imageSetRef: S.object({ name: S.string() }, { required: ['name'] }),
            platform: S.freeform(),
            pullSecretRef: S.localObjectReference(),
          },
          { required: ['baseDomain', 'imageSetRef', 'platform', 'size'] },
        ),
        status: S.openObject({ size: S.int32(), standby: S.int32(), ready: S.int32(), conditions: S.conditions() }),
      },
    },
  ],
});
export const CLUSTER_POOLS = resourceOf(CLUSTER_POOL_CRD);

export type HiveClusterClaim = CustomObject<'ClusterClaim', { clusterPoolName: string; namespace?: string; [key: string]: unknown }>;

export const HIVE_CLUSTER_CLAIM_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ClusterClaim',
  plural: 'clusterclaims',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Pool', type: 'string', jsonPath: '.spec.clusterPoolName' },
        { name: 'Pending', type: 'string', jsonPath: ".status.conditions[?(@.type=='Pending')].reason" },
        { name: 'ClusterNamespace', type: 'string', jsonPath: '.spec.namespace' },
        { name: 'ClusterRunning', type: 'string', jsonPath: ".status.conditions[?(@.type=='ClusterRunning')].reason" },
        AGE,
      ],
      properties: {
        spec: S.openObject(
          { clusterPoolName: S.string(), namespace: S.string(), lifetime: S.string(), subjects: S.arrayOf(S.freeform()) },
          { required: ['clusterPoolName'] },
        ),
        status: S.openObject({ conditions: S.conditions() }),
      },
    },
  ],
});
export const HIVE_CLUSTER_CLAIMS = resourceOf(HIVE_CLUSTER_CLAIM_CRD);

// ---------------------------------------------------------------------------------------------
// ClusterImageSet, MachinePool, HiveConfig

export type ClusterImageSet = CustomObject<'ClusterImageSet', { releaseImage: string }>;

export const CLUSTER_IMAGE_SET_CRD = defineOcmKind({
  group: GROUP,
  kind: 'ClusterImageSet',
  plural: 'clusterimagesets',
  scope: 'Cluster',
  shortNames: ['imgset'],
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [{ name: 'Release', type: 'string', jsonPath: '.spec.releaseImage' }, AGE],
      properties: {
        spec: S.openObject({ releaseImage: S.string() }, { required: ['releaseImage'] }),
        status: S.freeform(),
      },
    },
  ],
});
export const CLUSTER_IMAGE_SETS = resourceOf(CLUSTER_IMAGE_SET_CRD);

export type MachinePool = CustomObject<'MachinePool', { clusterDeploymentRef: LocalObjectReference; name: string; replicas?: number; [key: string]: unknown }>;

export const MACHINE_POOL_CRD = defineOcmKind({
  group: GROUP,
  kind: 'MachinePool',
  plural: 'machinepools',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'PoolName', type: 'string', jsonPath: '.spec.name' },
        { name: 'ClusterDeployment', type: 'string', jsonPath: '.spec.clusterDeploymentRef.name' },
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      ],
      properties: {
        spec: S.openObject(
          { clusterDeploymentRef: S.localObjectReference(), name: S.string(), replicas: S.int64(), platform: S.freeform() },
          { required: ['clusterDeploymentRef', 'name', 'platform'] },
        ),
        status: S.freeform(),
      },
    },
  ],
});
export const MACHINE_POOLS = resourceOf(MACHINE_POOL_CRD);

export const HIVE_CONFIG_CRD = defineOcmKind({
  group: GROUP,
  kind: 'HiveConfig',
  plural: 'hiveconfigs',
  scope: 'Cluster',
  versions: [{ name: 'v1', storage: true, statusSubresource: true, properties: S.freeformSpecAndStatus() }],
});
export const HIVE_CONFIGS = resourceOf(HIVE_CONFIG_CRD);

// ---------------------------------------------------------------------------------------------
// Sibling groups: ClusterSync (hiveinternal, in the activation list) and AgentClusterInstall
// (extensions.hive, a `*.hive.openshift.io` group the managed-clusters backup discovers).

export const CLUSTER_SYNC_CRD = defineOcmKind({
  group: 'hiveinternal.openshift.io',
  kind: 'ClusterSync',
  plural: 'clustersyncs',
  scope: 'Namespaced',
  versions: [{ name: 'v1alpha1', storage: true, statusSubresource: true, properties: S.freeformSpecAndStatus() }],
});
export const CLUSTER_SYNCS = resourceOf(CLUSTER_SYNC_CRD);

export const AGENT_CLUSTER_INSTALL_CRD = defineOcmKind({
  group: 'extensions.hive.openshift.io',
  kind: 'AgentClusterInstall',
  plural: 'agentclusterinstalls',
  scope: 'Namespaced',
  shortNames: ['aci'],
  versions: [{ name: 'v1beta1', storage: true, statusSubresource: true, properties: S.freeformSpecAndStatus() }],
});
export const AGENT_CLUSTER_INSTALLS = resourceOf(AGENT_CLUSTER_INSTALL_CRD);

export const HIVE_KINDS = [
  CLUSTER_DEPLOYMENT_CRD,
  CLUSTER_POOL_CRD,
  HIVE_CLUSTER_CLAIM_CRD,
  CLUSTER_IMAGE_SET_CRD,
  MACHINE_POOL_CRD,
  HIVE_CONFIG_CRD,
  CLUSTER_SYNC_CRD,
  AGENT_CLUSTER_INSTALL_CRD,
];
