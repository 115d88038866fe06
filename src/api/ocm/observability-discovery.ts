// MultiClusterObservability (in the activation list) and DiscoveredCluster (a kind the backup
// explicitly leaves out): two more ACM kinds the resource selection names.

import { resourceOf } from '../crd/render.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

export const MULTICLUSTER_OBSERVABILITY_CRD = defineOcmKind({
  group: 'observability.open-cluster-management.io',
  kind: 'MultiClusterObservability',
  plural: 'multiclusterobservabilities',
  scope: 'Cluster',
  shortNames: ['mco'],
  versions: [{ name: 'v1beta2', storage: true, statusSubresource: true, properties: S.freeformSpecAndStatus() }],
});
export const MULTICLUSTER_OBSERVABILITIES = resourceOf(MULTICLUSTER_OBSERVABILITY_CRD);

export const DISCOVERED_CLUSTER_CRD = defineOcmKind({
  group: 'discovery.open-cluster-management.io',
  kind: 'DiscoveredCluster',
  plural: 'discoveredclusters',
  scope: 'Namespaced',
  versions: [{ name: 'v1', storage: true, statusSubresource: true, properties: S.freeformSpecAndStatus() }],
});
export const DISCOVERED_CLUSTERS = resourceOf(DISCOVERED_CLUSTER_CRD);

export const OBSERVABILITY_DISCOVERY_KINDS = [MULTICLUSTER_OBSERVABILITY_CRD, DISCOVERED_CLUSTER_CRD];
