// The order in which a restore visits resource types (spec/velero.md §5.2): Velero's default
// high priorities, then every other type in the backup alphabetically, then the low priorities.

/** Velero main/1.18 `--restore-resource-priorities` default, high part (entries resolve through discovery). */
export const HIGH_PRIORITIES: readonly string[] = [
  'customresourcedefinitions',
  'namespaces',
  'storageclasses',
  'volumesnapshotclass.snapshot.storage.k8s.io',
  'volumesnapshotcontents.snapshot.storage.k8s.io',
  'volumesnapshots.snapshot.storage.k8s.io',
  'datauploads.velero.io',
  'persistentvolumes',
  'persistentvolumeclaims',
  'clusterroles',
  'roles',
  'serviceaccounts',
  'clusterrolebindings',
  'rolebindings',
  'secrets',
  'configmaps',
  'limitranges',
  'priorityclasses',
  'pods',
  'replicasets.apps',
  'clusterclasses.cluster.x-k8s.io',
  'endpoints',
  'services',
];

export const LOW_PRIORITIES: readonly string[] = [
  'clusterbootstraps.run.tanzu.vmware.com',
  'clusters.cluster.x-k8s.io',
  'clusterresourcesets.addons.cluster.x-k8s.io',
  'apps.kappctrl.k14s.io',
  'packageinstalls.packaging.carvel.dev',
];

/** CRDs alone go first, so that discovery can be refreshed before anything else is resolved. */
export const CRD_PASS: readonly string[] = ['customresourcedefinitions'];

/** Velero's getOrderedResources: priorities, the rest of the backup's types sorted, low priorities. */
export function orderedResources(
  backupGroupResources: Iterable<string>,
  high: readonly string[] = HIGH_PRIORITIES,
  low: readonly string[] = LOW_PRIORITIES,
): string[] {
  const prioritized = new Set([...high, ...low]);
  const rest = [...backupGroupResources].filter((gr) => !prioritized.has(gr)).sort();
  return [...high, ...rest, ...low];
}
