// OpenShift platform kinds the backup operator reads: ClusterVersion (the hub's identity) and the
// OLM Subscription (the validation policy checks how OADP was installed).

import { resourceOf } from '../crd/render.js';
import type { Condition, CustomObject } from '../meta.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

export interface ClusterVersionSpec {
  clusterID: string;
  channel?: string;
  [key: string]: unknown;
}

export interface ClusterVersionStatus {
  history?: { state: string; version: string; [key: string]: unknown }[];
  conditions?: Condition[];
  [key: string]: unknown;
}

export type ClusterVersion = CustomObject<'ClusterVersion', ClusterVersionSpec, ClusterVersionStatus>;

const progressing = '.status.conditions[?(@.type=="Progressing")]';

export const CLUSTER_VERSION_CRD = defineOcmKind({
  group: 'config.openshift.io',
  kind: 'ClusterVersion',
  plural: 'clusterversions',
  scope: 'Cluster',
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Version', type: 'string', jsonPath: '.status.history[?(@.state=="Completed")].version' },
        { name: 'Available', type: 'string', jsonPath: '.status.conditions[?(@.type=="Available")].status' },
        { name: 'Progressing', type: 'string', jsonPath: `${progressing}.status` },
        { name: 'Since', type: 'date', jsonPath: `${progressing}.lastTransitionTime` },
        { name: 'Status', type: 'string', jsonPath: `${progressing}.message` },
      ],
      required: ['spec'],
      properties: {
        spec: S.openObject({ clusterID: S.string(), channel: S.string(), upstream: S.string() }, { required: ['clusterID'] }),
        status: S.openObject({
          history: S.arrayOf(S.openObject({ state: S.string(), version: S.string() })),
          conditions: S.conditions(),
        }),
      },
    },
  ],
});
export const CLUSTER_VERSIONS = resourceOf(CLUSTER_VERSION_CRD);

/** The OLM package of OADP, as the validation policy looks for it. */
export const OADP_OPERATOR_PACKAGE = 'redhat-oadp-operator';

export interface OlmSubscriptionSpec {
  name: string;
  channel?: string;
  source: string;
  sourceNamespace: string;
  [key: string]: unknown;
}

export type OlmSubscription = CustomObject<'Subscription', OlmSubscriptionSpec>;

export const OLM_SUBSCRIPTION_CRD = defineOcmKind({
  group: 'operators.coreos.com',
  kind: 'Subscription',
  plural: 'subscriptions',
  scope: 'Namespaced',
  shortNames: ['sub', 'subs'],
  categories: ['olm'],
  versions: [
    {
      name: 'v1alpha1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Package', type: 'string', jsonPath: '.spec.name' },
        { name: 'Source', type: 'string', jsonPath: '.spec.source' },
        { name: 'Channel', type: 'string', jsonPath: '.spec.channel' },
      ],
      required: ['spec'],
      properties: {
        spec: S.openObject(
          {
            name: S.string(),
            channel: S.string(),
            source: S.string(),
            sourceNamespace: S.string(),
            installPlanApproval: S.string(),
            startingCSV: S.string(),
            config: S.freeform(),
          },
          { required: ['name', 'source', 'sourceNamespace'] },
        ),
        status: S.freeform(),
      },
    },
  ],
});
export const OLM_SUBSCRIPTIONS = resourceOf(OLM_SUBSCRIPTION_CRD);

export const OPENSHIFT_KINDS = [CLUSTER_VERSION_CRD, OLM_SUBSCRIPTION_CRD];
