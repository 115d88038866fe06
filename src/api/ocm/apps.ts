// Application lifecycle: apps.open-cluster-management.io (Channel, Subscription, PlacementRule)
// and the app.k8s.io Application that groups them. The resources schedule leaves out the
// namespace of the `charts-v1` Channel, which is where MultiClusterHub is installed.

import { resourceOf } from '../crd/render.js';
import { defineOcmKind, ocmLabelSelector } from './ocm-kind.js';
import * as S from '../crd/schema.js';
import type { CustomObject } from '../meta.js';

const GROUP = 'apps.open-cluster-management.io';

/** The Channel MultiClusterHub creates in its own namespace. */
export const MCH_CHARTS_CHANNEL_NAME = 'charts-v1';

export type Channel = CustomObject<'Channel', { type: string; pathname: string; [key: string]: unknown }>;

export const CHANNEL_CRD = defineOcmKind({
  group: GROUP,
  kind: 'Channel',
  plural: 'channels',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'Type', type: 'string', jsonPath: '.spec.type' },
        { name: 'Pathname', type: 'string', jsonPath: '.spec.pathname' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
      properties: {
        spec: S.openObject({ type: S.string(), pathname: S.string() }, { required: ['pathname', 'type'] }),
        status: S.freeform(),
      },
    },
  ],
});
export const CHANNELS = resourceOf(CHANNEL_CRD);

export type AppSubscription = CustomObject<
  'Subscription',
  { channel: string; name?: string; [key: string]: unknown },
  { phase?: string; [key: string]: unknown }
>;

export const APP_SUBSCRIPTION_CRD = defineOcmKind({
  group: GROUP,
  kind: 'Subscription',
  plural: 'subscriptions',
  scope: 'Namespaced',
  shortNames: ['appsub'],
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      printerColumns: [
        { name: 'SubscriptionState', type: 'string', jsonPath: '.status.phase' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
      properties: {
        spec: S.openObject({ channel: S.string(), name: S.string(), placement: S.freeform() }, { required: ['channel'] }),
        status: S.openObject({ phase: S.string() }),
      },
    },
  ],
});
export const APP_SUBSCRIPTIONS = resourceOf(APP_SUBSCRIPTION_CRD);

export type PlacementRule = CustomObject<'PlacementRule', Record<string, unknown>, { decisions?: { clusterName: string; clusterNamespace: string }[] }>;

export const PLACEMENT_RULE_CRD = defineOcmKind({
  group: GROUP,
  kind: 'PlacementRule',
  plural: 'placementrules',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1',
      storage: true,
      statusSubresource: true,
      properties: {
        spec: S.freeform(),
        status: S.openObject({ decisions: S.arrayOf(S.openObject({ clusterName: S.string(), clusterNamespace: S.string() })) }),
      },
    },
  ],
});
export const PLACEMENT_RULES = resourceOf(PLACEMENT_RULE_CRD);

export type Application = CustomObject<'Application'>;

export const APPLICATION_CRD = defineOcmKind({
  group: 'app.k8s.io',
  kind: 'Application',
  plural: 'applications',
  scope: 'Namespaced',
  versions: [
    {
      name: 'v1beta1',
      storage: true,
      statusSubresource: true,
      properties: { spec: S.openObject({ selector: ocmLabelSelector(), componentKinds: S.arrayOf(S.freeform()) }), status: S.freeform() },
    },
  ],
});
export const APPLICATIONS = resourceOf(APPLICATION_CRD);

export const APPS_KINDS = [CHANNEL_CRD, APP_SUBSCRIPTION_CRD, PLACEMENT_RULE_CRD, APPLICATION_CRD];
