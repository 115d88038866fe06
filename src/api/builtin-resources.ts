// The built-in kinds that controllers and tests name directly, defined once.
import { resourceRef } from './resource.js';

export const NAMESPACES = resourceRef({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', scope: 'Cluster' });
export const SECRETS = resourceRef({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', scope: 'Namespaced' });
export const CONFIGMAPS = resourceRef({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', scope: 'Namespaced' });
export const SERVICE_ACCOUNTS = resourceRef({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', scope: 'Namespaced' });
export const PODS = resourceRef({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', scope: 'Namespaced' });
export const LEASES = resourceRef({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', scope: 'Namespaced' });
export const EVENTS_V1 = resourceRef({ group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', scope: 'Namespaced' });
export const CUSTOM_RESOURCE_DEFINITIONS = resourceRef({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  scope: 'Cluster',
});
