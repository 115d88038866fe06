// The installers: MultiClusterHub and InternalHubComponent (operator.open-cluster-management.io)
// and MultiClusterEngine (multicluster.openshift.io). The validation policy reads their enabled
// components; the restore controller follows the `cluster-backup` InternalHubComponent.

import { resourceOf, type PrinterColumn } from '../crd/render.js';
import type { CustomObject } from '../meta.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

/** MultiClusterHub component, and InternalHubComponent name, of the backup operator. */
export const CLUSTER_BACKUP_COMPONENT = 'cluster-backup';
/** MultiClusterEngine components that provide ManagedServiceAccount. */
export const MSA_COMPONENTS: readonly string[] = ['managedserviceaccount', 'managedserviceaccount-preview'];

export interface ComponentConfig {
  name: string;
  enabled?: boolean;
  [key: string]: unknown;
}

export interface InstallerSpec {
  overrides?: { components?: ComponentConfig[]; [key: string]: unknown };
  [key: string]: unknown;
}

export interface InstallerStatus {
  phase?: string;
  currentVersion?: string;
  desiredVersion?: string;
  [key: string]: unknown;
}

export type MultiClusterHub = CustomObject<'MultiClusterHub', InstallerSpec, InstallerStatus>;
export type MultiClusterEngine = CustomObject<'MultiClusterEngine', InstallerSpec, InstallerStatus>;
export type InternalHubComponent = CustomObject<'InternalHubComponent'>;

const installerColumns = (): PrinterColumn[] => [
  { name: 'Status', type: 'string', jsonPath: '.status.phase' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  { name: 'CurrentVersion', type: 'string', jsonPath: '.status.currentVersion' },
  { name: 'DesiredVersion', type: 'string', jsonPath: '.status.desiredVersion' },
];

const installerSchema = () => ({
  spec: S.openObject({
    overrides: S.openObject({
      components: S.arrayOf(S.openObject({ name: S.string(), enabled: S.boolean() }, { required: ['name'] })),
    }),
  }),
  status: S.openObject({ phase: S.string(), currentVersion: S.string(), desiredVersion: S.string() }),
});

export const MULTICLUSTER_HUB_CRD = defineOcmKind({
  group: 'operator.open-cluster-management.io',
  kind: 'MultiClusterHub',
  plural: 'multiclusterhubs',
  scope: 'Namespaced',
  shortNames: ['mch'],
  versions: [{ name: 'v1', storage: true, statusSubresource: true, printerColumns: installerColumns(), properties: installerSchema() }],
});
export const MULTICLUSTER_HUBS = resourceOf(MULTICLUSTER_HUB_CRD);

export const INTERNAL_HUB_COMPONENT_CRD = defineOcmKind({
  group: 'operator.open-cluster-management.io',
  kind: 'InternalHubComponent',
  plural: 'internalhubcomponents',
  scope: 'Namespaced',
  versions: [{ name: 'v1', storage: true, statusSubresource: true, properties: S.freeformSpecAndStatus() }],
});
export const INTERNAL_HUB_COMPONENTS = resourceOf(INTERNAL_HUB_COMPONENT_CRD);

export const MULTICLUSTER_ENGINE_CRD = defineOcmKind({
  group: 'multicluster.openshift.io',
  kind: 'MultiClusterEngine',
  plural: 'multiclusterengines',
  scope: 'Cluster',
  shortNames: ['mce'],
  versions: [{ name: 'v1', storage: true, statusSubresource: true, printerColumns: installerColumns(), properties: installerSchema() }],
});
export const MULTICLUSTER_ENGINES = resourceOf(MULTICLUSTER_ENGINE_CRD);

export const OPERATOR_KINDS = [MULTICLUSTER_HUB_CRD, INTERNAL_HUB_COMPONENT_CRD, MULTICLUSTER_ENGINE_CRD];
