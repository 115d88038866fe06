// addon.open-cluster-management.io (add-on registration) and agent.open-cluster-management.io
// (KlusterletAddonConfig): both are part of a managed cluster's activation data.

import { resourceOf } from '../crd/render.js';
import type { Condition, CustomObject } from '../meta.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

const ADDON_GROUP = 'addon.open-cluster-management.io';

/** Where an add-on agent runs on the managed cluster when its ManagedClusterAddOn names none. */
export const DEFAULT_ADDON_INSTALL_NAMESPACE = 'open-cluster-management-agent-addon';

export interface ManagedClusterAddOnSpec {
  installNamespace?: string;
  [key: string]: unknown;
}

export interface ManagedClusterAddOnStatus {
  conditions?: Condition[];
  /** The namespace the agent actually runs in. */
  namespace?: string;
  [key: string]: unknown;
}

export type ManagedClusterAddOn = CustomObject<'ManagedClusterAddOn', ManagedClusterAddOnSpec, ManagedClusterAddOnStatus>;

export const MANAGED_CLUSTER_ADDON_CRD = defineOcmKind({
  group: ADDON_GROUP,
  kind: 'ManagedClusterAddOn',
  plural: 'managedclusteraddons',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1alpha1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Available', type: 'string', jsonPath: '.status.conditions[?(@.type=="Available")].status' },
        { name: 'Degraded', type: 'string', jsonPath: '.status.conditions[?(@.type=="Degraded")].status' },
        { name: 'Progressing', type: 'string', jsonPath: '.status.conditions[?(@.type=="Progressing")].status' },
      ],
      required: ['spec'],
      properties: {
        spec: S.openObject({
          installNamespace: S.string({ maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
          configs: S.arrayOf(S.freeform()),
        }),
        status: S.openObject({ conditions: S.conditions(), namespace: S.string() }),
      },
    },
  ],
});
export const MANAGED_CLUSTER_ADDONS = resourceOf(MANAGED_CLUSTER_ADDON_CRD);

export interface ClusterManagementAddOnSpec {
  addOnMeta?: { displayName?: string; description?: string };
  [key: string]: unknown;
}

export type ClusterManagementAddOn = CustomObject<'ClusterManagementAddOn', ClusterManagementAddOnSpec>;

export const CLUSTER_MANAGEMENT_ADDON_CRD = defineOcmKind({
  group: ADDON_GROUP,
  kind: 'ClusterManagementAddOn',
  plural: 'clustermanagementaddons',
  scope: 'Cluster',
  versions: [
    {
      name: 'v1alpha1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'DISPLAY NAME', type: 'string', jsonPath: '.spec.addOnMeta.displayName' },
        { name: 'CRD NAME', type: 'string', jsonPath: '.spec.addOnConfiguration.crdName' },
      ],
      properties: {
        spec: S.openObject({
          addOnMeta: S.openObject({ displayName: S.string(), description: S.string() }),
          addOnConfiguration: S.openObject({ crdName: S.string(), crName: S.string() }),
        }),
        status: S.freeform(),
      },
    },
  ],
});
export const CLUSTER_MANAGEMENT_ADDONS = resourceOf(CLUSTER_MANAGEMENT_ADDON_CRD);

export type KlusterletAddonConfig = CustomObject<'KlusterletAddonConfig'>;

export const KLUSTERLET_ADDON_CONFIG_CRD = defineOcmKind({
  group: 'agent.open-cluster-management.io',
  kind: 'KlusterletAddonConfig',
  plural: 'klusterletaddonconfigs',
  scope: 'Namespaced',
  versions: [{ name: 'v1', storage: true, statusSubresource: true, properties: S.freeformSpecAndStatus() }],
});
export const KLUSTERLET_ADDON_CONFIGS = resourceOf(KLUSTERLET_ADDON_CONFIG_CRD);

export const ADDON_KINDS = [MANAGED_CLUSTER_ADDON_CRD, CLUSTER_MANAGEMENT_ADDON_CRD, KLUSTERLET_ADDON_CONFIG_CRD];
