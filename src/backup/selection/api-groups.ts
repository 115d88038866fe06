// Which API groups the hub backup looks into (hub-backup.md §2.4.1), and which kinds it never
// backs up (§2.4.2) or backs up only with the managed clusters (§2.4.3).

export const EXCLUDED_API_GROUPS: readonly string[] = Object.freeze([
  'internal.open-cluster-management.io',
  'operator.open-cluster-management.io',
  'work.open-cluster-management.io',
  'search.open-cluster-management.io',
  'admission.hive.openshift.io',
  'proxy.open-cluster-management.io',
  'action.open-cluster-management.io',
  'view.open-cluster-management.io',
  'clusterview.open-cluster-management.io',
  'velero.io',
]);

/** Its kinds join the activation list, not the resources list. */
export const AGENT_INSTALL_GROUP = 'agent-install.openshift.io';

export const INCLUDED_API_GROUPS: readonly string[] = Object.freeze(['argoproj.io', 'app.k8s.io', 'core.observatorium.io', AGENT_INSTALL_GROUP]);

const INCLUDED_GROUP_SUFFIXES: readonly string[] = ['.open-cluster-management.io', '.hive.openshift.io'];

/** `shouldBackupAPIGroup`: `hive.openshift.io` itself does not end with `.hive.openshift.io`. */
export function shouldBackupApiGroup(group: string): boolean {
  if (EXCLUDED_API_GROUPS.includes(group)) return false;
  if (INCLUDED_API_GROUPS.includes(group)) return true;
  return INCLUDED_GROUP_SUFFIXES.some((suffix) => group.endsWith(suffix));
}

/** Never backed up, compared against both `kind` and `kind.group`. */
export const EXCLUDED_CRDS: readonly string[] = Object.freeze([
  'clustermanagementaddon.addon.open-cluster-management.io',
  'backupschedule.cluster.open-cluster-management.io',
  'restore.cluster.open-cluster-management.io',
  'clusterclaim.cluster.open-cluster-management.io',
  'discoveredcluster.discovery.open-cluster-management.io',
]);

/** Backed up by the managed-clusters schedule only, in this order (§2.4.3). */
export const ACTIVATION_RESOURCES: readonly string[] = Object.freeze([
  'clusterdeployment.hive.openshift.io',
  'machinepool.hive.openshift.io',
  'managedcluster.cluster.open-cluster-management.io',
  'klusterletaddonconfig.agent.open-cluster-management.io',
  'managedclusteraddon.addon.open-cluster-management.io',
  'clusterpool.hive.openshift.io',
  'clusterclaim.hive.openshift.io',
  'clustercurator.cluster.open-cluster-management.io',
  'bmceventsubscription.metal3.io',
  'hostfirmwaresettings.metal3.io',
  'clustersync.hiveinternal.openshift.io',
  'clusterimageset.hive.openshift.io',
  'multiclusterobservability.observability.open-cluster-management.io',
]);

/** Resources of these groups go to the managed-clusters backup and are kept out of the others. */
export const HIVE_SUBGROUP_SUFFIX = '.hive.openshift.io';
