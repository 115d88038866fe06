// How the VolSync add-on is deployed on one managed cluster (volsync.md §7): the Helm chart by
// default; an OLM Subscription only on OpenShift clusters whose add-on asks for it, with the
// Subscription fields the add-on's annotations override. The channel annotation means nothing in
// Helm mode, and the plan says so.
import type { ManagedCluster, ManagedClusterAddOn } from '../../api/ocm/index.js';
import {
  ANNOTATION_DEPLOY_TYPE,
  ANNOTATION_HELM_CHART_KEY,
  DEFAULT_HELM_CHART_KEY,
  DEPLOY_TYPE_OLM,
  HELM_INSTALL_NAMESPACE,
  LABEL_VENDOR,
  OLM_SUBSCRIPTION_NAME,
  OLM_SUBSCRIPTION_NAMESPACE,
  SUBSCRIPTION_OVERRIDES,
  VENDOR_OPENSHIFT,
} from './constants.js';

export interface SubscriptionSpec {
  channel: string;
  name: string;
  source: string;
  sourceNamespace: string;
  installPlanApproval: string;
  startingCSV?: string;
}

export type DeployPlan =
  | { mode: 'helm'; chartKey: string; namespace: string; ignoredChannel?: string }
  | { mode: 'olm'; namespace: string; subscription: SubscriptionSpec };

export function deployPlan(cluster: ManagedCluster, addon: ManagedClusterAddOn): DeployPlan {
  const annotations = addon.metadata.annotations ?? {};
  const openShift = cluster.metadata.labels?.[LABEL_VENDOR] === VENDOR_OPENSHIFT;
  if (openShift && annotations[ANNOTATION_DEPLOY_TYPE] === DEPLOY_TYPE_OLM) {
    const value = (key: keyof typeof SUBSCRIPTION_OVERRIDES): string =>
      annotations[SUBSCRIPTION_OVERRIDES[key].annotation] || SUBSCRIPTION_OVERRIDES[key].fallback;
    const startingCSV = value('startingCSV');
    return {
      mode: 'olm',
      namespace: OLM_SUBSCRIPTION_NAMESPACE,
      subscription: {
        channel: value('channel'),
        name: OLM_SUBSCRIPTION_NAME,
        source: value('source'),
        sourceNamespace: value('sourceNamespace'),
        installPlanApproval: value('installPlanApproval'),
        ...(startingCSV ? { startingCSV } : {}),
      },
    };
  }
  const channel = annotations[SUBSCRIPTION_OVERRIDES.channel.annotation];
  return {
    mode: 'helm',
    chartKey: annotations[ANNOTATION_HELM_CHART_KEY] || DEFAULT_HELM_CHART_KEY,
    namespace: HELM_INSTALL_NAMESPACE,
    ...(channel ? { ignoredChannel: channel } : {}),
  };
}

/** The plan in one sentence, for the add-on's event. */
export function describePlan(plan: DeployPlan): string {
  if (plan.mode === 'olm') {
    const s = plan.subscription;
    return (
      `VolSync is deployed by OLM: Subscription ${s.name} in ${plan.namespace}, channel ${s.channel}, ` +
      `source ${s.source}/${s.sourceNamespace}, installPlanApproval ${s.installPlanApproval}` +
      (s.startingCSV ? `, startingCSV ${s.startingCSV}` : '')
    );
  }
  const ignored = plan.ignoredChannel
    ? `; annotation operator-subscription-channel=${plan.ignoredChannel} has no effect in Helm mode (it applies only to OpenShift clusters with ${ANNOTATION_DEPLOY_TYPE}: ${DEPLOY_TYPE_OLM})`
    : '';
  return `VolSync is deployed by Helm chart ${plan.chartKey} into namespace ${plan.namespace}${ignored}`;
}
