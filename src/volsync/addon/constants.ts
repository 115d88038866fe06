// Names of the ACM VolSync add-on (volsync.md §7), as stolostron/volsync-addon-controller spells them.

/** The add-on's name: its ClusterManagementAddOn and every ManagedClusterAddOn of it. */
export const VOLSYNC_ADDON_NAME = 'volsync';
/** Labelling a ManagedCluster with this (value "true") installs the add-on on it. */
export const LABEL_INSTALL_VOLSYNC = 'addons.open-cluster-management.io/volsync';

export const ANNOTATION_HELM_CHART_KEY = 'helm-chart-key';
export const DEFAULT_HELM_CHART_KEY = 'stable-0.16';
export const HELM_INSTALL_NAMESPACE = 'volsync-system';
/** On the install namespace: the add-on framework copies the image pull secret into it. */
export const LABEL_ADDON_NAMESPACE = 'addon.open-cluster-management.io/namespace';

export const ANNOTATION_DEPLOY_TYPE = 'volsync-addon-deploy-type';
export const DEPLOY_TYPE_OLM = 'olm';
/** ManagedCluster label that marks an OpenShift cluster (the only kind OLM mode applies to). */
export const LABEL_VENDOR = 'vendor';
export const VENDOR_OPENSHIFT = 'OpenShift';

export const OLM_SUBSCRIPTION_NAME = 'volsync-product';
export const OLM_SUBSCRIPTION_NAMESPACE = 'openshift-operators';
/** Per-add-on annotation overrides of the OLM Subscription, and their defaults. */
export const SUBSCRIPTION_OVERRIDES = {
  channel: { annotation: 'operator-subscription-channel', fallback: 'stable-0.16' },
  source: { annotation: 'operator-subscription-source', fallback: 'redhat-operators' },
  sourceNamespace: { annotation: 'operator-subscription-sourceNamespace', fallback: 'openshift-marketplace' },
  installPlanApproval: { annotation: 'operator-subscription-installPlanApproval', fallback: 'Automatic' },
  startingCSV: { annotation: 'operator-subscription-startingCSV', fallback: '' },
} as const;

/** The ManifestWork the add-on framework deploys an add-on's agent manifests with. */
export const DEPLOY_WORK_NAME = `addon-${VOLSYNC_ADDON_NAME}-deploy-0`;
