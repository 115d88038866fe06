// Velero's resource, namespace and label filters, shared by the backup and restore engines.
export { compileGlob, globMatches, hasGlobSyntax } from './glob.js';
export { IncludesExcludes, matchesAny, validateIncludesExcludes, validateScopedIncludesExcludes } from './includes-excludes.js';
export {
  NamespaceFilter,
  namespaceMatches,
  shouldExpandWildcards,
  expandNamespacePatterns,
  validateNamespaceName,
  validateNamespaceIncludesExcludes,
} from './namespace-filter.js';
export { ApiResourceCatalog, discoverApiResources, groupResourceString, parseGroupResource } from './api-resources.js';
export type { ApiResourceInfo, DiscoveryFailure } from './api-resources.js';
export {
  resolveResourceFilters,
  resolveScopedResourceList,
  OldResourceFilter,
  ScopedResourceFilter,
  resourceFilterForSpec,
  usesOldResourceFilters,
  usesNewResourceFilters,
} from './resource-filter.js';
export type { ResourceTypeFilter, ScopedResourceLists, ResourceFilterSpec } from './resource-filter.js';
export { listSelectors } from './list-selectors.js';
