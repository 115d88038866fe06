// The other products' APIs (OCM, Hive, OpenShift, OLM, OADP) that the hub backup operator reads or
// writes: TypeScript shapes, resource locations, and the stand-in CRDs the embedded hub serves.

import { renderCrd, type CrdDefinition, type CustomResourceDefinition } from '../crd/render.js';
import { ADDON_KINDS } from './addon.js';
import { APPS_KINDS } from './apps.js';
import { AUTHENTICATION_KINDS } from './authentication.js';
import { CLUSTER_KINDS } from './cluster.js';
import { HIVE_KINDS } from './hive.js';
import { INFRASTRUCTURE_KINDS } from './infrastructure.js';
import { OADP_KINDS } from './oadp.js';
import { OBSERVABILITY_DISCOVERY_KINDS } from './observability-discovery.js';
import { OPENSHIFT_KINDS } from './openshift.js';
import { OPERATOR_KINDS } from './operator.js';
import { POLICY_KINDS } from './policy.js';
import { WORK_KINDS } from './work.js';

export * from './ocm-kind.js';
export * from './addon.js';
export * from './apps.js';
export * from './authentication.js';
export * from './cluster.js';
export * from './hive.js';
export * from './infrastructure.js';
export * from './oadp.js';
export * from './observability-discovery.js';
export * from './openshift.js';
export * from './operator.js';
export * from './policy.js';
export * from './work.js';

export function ocmCrdDefinitions(): CrdDefinition[] {
  return [
    ...CLUSTER_KINDS,
    ...ADDON_KINDS,
    ...WORK_KINDS,
    ...AUTHENTICATION_KINDS,
    ...HIVE_KINDS,
    ...POLICY_KINDS,
    ...APPS_KINDS,
    ...OPERATOR_KINDS,
    ...OPENSHIFT_KINDS,
    ...OADP_KINDS,
    ...INFRASTRUCTURE_KINDS,
    ...OBSERVABILITY_DISCOVERY_KINDS,
  ];
}

/** Every stand-in CRD, each labelled `lifeboat.io/ocm-crd: "true"`. */
export function ocmCrds(): CustomResourceDefinition[] {
  return ocmCrdDefinitions().map(renderCrd);
}
