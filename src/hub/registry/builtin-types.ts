import { ALL_VERBS, type ResourceType } from './resource-type.js';
import { eventsV1View } from './event-view.js';

interface BuiltinSpec {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  generation?: boolean;
  storageKey?: string;
  view?: ResourceType['view'];
}

function builtin(s: BuiltinSpec): ResourceType {
  return {
    group: s.group,
    versions: [{ name: s.version, served: true, storage: true }],
    plural: s.plural,
    singular: s.kind.toLowerCase(),
    kind: s.kind,
    listKind: `${s.kind}List`,
    namespaced: s.namespaced,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    statusSubresource: s.status ?? false,
    usesGeneration: s.generation ?? false,
    storageKey: s.storageKey ?? `${s.group}/${s.plural}`,
    strategicMerge: true,
    view: s.view,
    verbs: ALL_VERBS,
  };
}

/**
 * The built-in kinds the hub serves. Beyond what Lifeboat's controllers use, it serves the few that
 * kubectl's describers read (pods for "Used By", resource quotas and limit ranges for namespaces),
 * so `kubectl describe` works as on a real cluster.
 */
export function builtinTypes(): ResourceType[] {
  return [
    builtin({ group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], status: true }),
    builtin({ group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] }),
    builtin({ group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true }),
    builtin({ group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] }),
    builtin({ group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], status: true }),
    builtin({ group: '', version: 'v1', plural: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'] }),
    builtin({ group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] }),
    builtin({ group: '', version: 'v1', plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], status: true }),
    builtin({ group: '', version: 'v1', plural: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false, shortNames: ['pv'], status: true }),
    builtin({ group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], status: true }),
    builtin({ group: '', version: 'v1', plural: 'resourcequotas', kind: 'ResourceQuota', namespaced: true, shortNames: ['quota'], status: true }),
    builtin({ group: '', version: 'v1', plural: 'limitranges', kind: 'LimitRange', namespaced: true, shortNames: ['limits'] }),
    builtin({ group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, categories: ['all'], status: true, generation: true }),
    builtin({ group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true }),
    builtin({
      group: 'events.k8s.io',
      version: 'v1',
      plural: 'events',
      kind: 'Event',
      namespaced: true,
      shortNames: ['ev'],
      storageKey: '/events',
      view: eventsV1View,
    }),
    builtin({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true }),
    builtin({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true }),
    builtin({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false }),
    builtin({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false }),
    builtin({ group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', kind: 'StorageClass', namespaced: false, shortNames: ['sc'] }),
    builtin({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      plural: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      status: true,
      generation: true,
    }),
  ];
}
