// Which resource types a backup collects (spec/velero.md §4.2–4.4). Two filter families exist and
// must not be mixed: the "old" includedResources / excludedResources / includeClusterResources and
// the "new" scoped lists. Both match canonical group-resource strings with globs; excludes win.
import type { ApiResourceCatalog } from './api-resources.js';
import { IncludesExcludes, matchesAny } from './includes-excludes.js';
import type { NamespaceFilter } from './namespace-filter.js';

const NAMESPACES_GR = 'namespaces';

/** A decision over resource types, by canonical GR string (`configmaps`, `deployments.apps`). */
export interface ResourceTypeFilter {
  /** Whether items of this type are collected. */
  shouldInclude(groupResource: string): boolean;
  /** Whether this type is explicitly kept out (used for items that arrive other than by listing, e.g. CRDs). */
  shouldExclude(groupResource: string): boolean;
}

/**
 * Resolves user-written resource names (`cm`, `Deployment`, `deployments.apps`, globs) to
 * canonical GR strings through discovery. `*` stays `*` in includes and is dropped from excludes;
 * unresolvable names are kept verbatim, so they only match a GR spelled exactly that way.
 */
export function resolveResourceFilters(catalog: ApiResourceCatalog, includes: readonly string[] = [], excludes: readonly string[] = []): IncludesExcludes {
  return new IncludesExcludes(
    includes.map((i) => (i === '*' ? i : catalog.canonical(i))),
    excludes.filter((e) => e !== '*').map((e) => catalog.canonical(e)),
  );
}

/**
 * Like resolveResourceFilters for one scope of the new filters: `*` is kept on both sides and a
 * name that resolves to a resource of the other scope is dropped.
 */
export function resolveScopedResourceList(catalog: ApiResourceCatalog, list: readonly string[] = [], namespaced: boolean): string[] {
  const out: string[] = [];
  for (const item of list) {
    if (item === '*') {
      out.push(item);
      continue;
    }
    const r = catalog.resolve(item);
    if (!r) out.push(item);
    else if (r.namespaced === namespaced) out.push(r.groupResource);
  }
  return out;
}

/** The old filters (GlobalIncludesExcludes): includeClusterResources is a tri-state. */
export class OldResourceFilter implements ResourceTypeFilter {
  readonly resources: IncludesExcludes;

  constructor(
    private readonly catalog: ApiResourceCatalog,
    includes: readonly string[] | undefined,
    excludes: readonly string[] | undefined,
    readonly includeClusterResources: boolean | undefined,
    private readonly namespaceFilter: NamespaceFilter,
  ) {
    this.resources = resolveResourceFilters(catalog, includes, excludes);
  }

  shouldInclude(groupResource: string): boolean {
    const r = this.catalog.byGroupResource(groupResource) ?? this.catalog.resolve(groupResource);
    if (!r) return false;
    if (!r.namespaced && this.includeClusterResources === false) return false;
    // Auto mode collects cluster-scoped types only in a whole-cluster backup; namespaces are
    // decided later, item by item.
    if (groupResource !== NAMESPACES_GR && !r.namespaced && this.includeClusterResources === undefined && !this.namespaceFilter.includeEverything()) {
      return false;
    }
    return this.resources.shouldInclude(groupResource);
  }

  shouldExclude(groupResource: string): boolean {
    if (this.resources.isExcluded(groupResource)) return true;
    const r = this.catalog.byGroupResource(groupResource) ?? this.catalog.resolve(groupResource);
    if (!r) return true;
    if (!r.namespaced) {
      if (this.includeClusterResources === false) return true;
      if (this.includeClusterResources === undefined && !this.resources.shouldInclude(groupResource)) return true;
    }
    return false;
  }
}

export interface ScopedResourceLists {
  includedNamespaceScopedResources?: readonly string[];
  excludedNamespaceScopedResources?: readonly string[];
  includedClusterScopedResources?: readonly string[];
  excludedClusterScopedResources?: readonly string[];
}

/** The new scoped filters (ScopeIncludesExcludes); also used when no resource filter is set at all. */
export class ScopedResourceFilter implements ResourceTypeFilter {
  readonly namespaceScoped: IncludesExcludes;
  readonly clusterScoped: IncludesExcludes;
  private readonly scopeDecision: { namespaceScoped: IncludesExcludes; clusterScoped: IncludesExcludes };

  /**
   * @param implicitExcludes entries the engine itself appended to the excludes (Velero 1.17+'s
   *   auto-excludes). They exclude their types but do not count when deciding whether a backup
   *   with no other cluster-scoped list is a whole-cluster backup — otherwise an unfiltered
   *   backup would silently lose every cluster-scoped type.
   */
  constructor(
    private readonly catalog: ApiResourceCatalog,
    lists: ScopedResourceLists,
    private readonly namespaceFilter: NamespaceFilter,
    implicitExcludes: readonly string[] = [],
  ) {
    this.namespaceScoped = new IncludesExcludes(
      resolveScopedResourceList(catalog, lists.includedNamespaceScopedResources, true),
      resolveScopedResourceList(catalog, lists.excludedNamespaceScopedResources, true),
    );
    this.clusterScoped = new IncludesExcludes(
      resolveScopedResourceList(catalog, lists.includedClusterScopedResources, false),
      resolveScopedResourceList(catalog, lists.excludedClusterScopedResources, false),
    );
    const implicit = new Set(implicitExcludes);
    const withoutImplicit = (ie: IncludesExcludes): IncludesExcludes =>
      new IncludesExcludes(
        ie.includes,
        ie.excludes.filter((e) => !implicit.has(e)),
      );
    this.scopeDecision = { namespaceScoped: withoutImplicit(this.namespaceScoped), clusterScoped: withoutImplicit(this.clusterScoped) };
  }

  shouldInclude(groupResource: string): boolean {
    const r = this.catalog.byGroupResource(groupResource) ?? this.catalog.resolve(groupResource);
    if (!r) return false;
    if (r.namespaced) {
      const ns = this.namespaceScoped;
      if (ns.excludes.includes('*') || ns.isExcluded(groupResource)) return false;
      return ns.includes.length === 0 || ns.includes.includes('*') || ns.isIncluded(groupResource);
    }
    const cl = this.clusterScoped;
    if (cl.excludes.includes('*') || cl.isExcluded(groupResource)) return false;
    const decision = this.scopeDecision;
    if (
      decision.clusterScoped.includes.length === 0 &&
      decision.clusterScoped.excludes.length === 0 &&
      this.namespaceFilter.includeEverything() &&
      decision.namespaceScoped.includeEverything()
    ) {
      return true;
    }
    return cl.includes.includes('*') || cl.isIncluded(groupResource) || groupResource === NAMESPACES_GR;
  }

  shouldExclude(groupResource: string): boolean {
    const r = this.catalog.byGroupResource(groupResource) ?? this.catalog.resolve(groupResource);
    if (!r) return true;
    return matchesAny(r.namespaced ? this.namespaceScoped.excludes : this.clusterScoped.excludes, groupResource);
  }
}

export interface ResourceFilterSpec extends ScopedResourceLists {
  includedResources?: readonly string[];
  excludedResources?: readonly string[];
  includeClusterResources?: boolean;
}

/** Any old filter set: the old family is used (and the new lists must be empty). */
export function usesOldResourceFilters(spec: ResourceFilterSpec): boolean {
  return spec.includeClusterResources != null || (spec.includedResources?.length ?? 0) > 0 || (spec.excludedResources?.length ?? 0) > 0;
}

export function usesNewResourceFilters(spec: ResourceFilterSpec): boolean {
  return (
    (spec.includedClusterScopedResources?.length ?? 0) > 0 ||
    (spec.excludedClusterScopedResources?.length ?? 0) > 0 ||
    (spec.includedNamespaceScopedResources?.length ?? 0) > 0 ||
    (spec.excludedNamespaceScopedResources?.length ?? 0) > 0
  );
}

/** The resource filter a backup spec describes. */
export function resourceFilterForSpec(
  catalog: ApiResourceCatalog,
  spec: ResourceFilterSpec,
  namespaceFilter: NamespaceFilter,
  implicitExcludes: readonly string[] = [],
): ResourceTypeFilter {
  if (usesOldResourceFilters(spec)) {
    return new OldResourceFilter(catalog, spec.includedResources, spec.excludedResources, spec.includeClusterResources ?? undefined, namespaceFilter);
  }
  return new ScopedResourceFilter(catalog, spec, namespaceFilter, implicitExcludes);
}
