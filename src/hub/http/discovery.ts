import type { ResourceRegistry } from '../registry/registry.js';
import { groupVersion, type ResourceType } from '../registry/resource-type.js';
import { compareKubeVersions } from '../registry/crd-type.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const STATUS_VERBS = ['get', 'patch', 'update'];

/** client-go switches to aggregated discovery when the Accept header offers it. */
export function wantsAggregated(accept: string | undefined): boolean {
  return /g=apidiscovery\.k8s\.io/.test(accept ?? '') && /as=APIGroupDiscoveryList/.test(accept ?? '');
}

interface GroupVersions {
  group: string;
  versions: Map<string, ResourceType[]>;
}

function groups(registry: ResourceRegistry): GroupVersions[] {
  const byGroup = new Map<string, GroupVersions>();
  for (const rt of registry.all()) {
    let g = byGroup.get(rt.group);
    if (!g) {
      g = { group: rt.group, versions: new Map() };
      byGroup.set(rt.group, g);
    }
    for (const v of rt.versions) {
      if (!v.served) continue;
      const list = g.versions.get(v.name) ?? [];
      list.push(rt);
      g.versions.set(v.name, list);
    }
  }
  return [...byGroup.values()];
}

function sortedVersions(g: GroupVersions): string[] {
  return [...g.versions.keys()].sort(compareKubeVersions);
}

function subresourceNames(rt: ResourceType): string[] {
  const subs: string[] = [];
  if (rt.statusSubresource) subs.push('status');
  if (rt.group === '' && rt.plural === 'namespaces') subs.push('finalize');
  return subs;
}

function aggregatedResource(rt: ResourceType, version: string): Record<string, unknown> {
  const responseKind = { group: rt.group, version, kind: rt.kind };
  const entry: Record<string, unknown> = {
    resource: rt.plural,
    responseKind,
    scope: rt.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: rt.singular,
    verbs: rt.verbs,
  };
  if (rt.shortNames.length) entry.shortNames = rt.shortNames;
  if (rt.categories.length) entry.categories = rt.categories;
  const subs = subresourceNames(rt);
  if (subs.length) entry.subresources = subs.map((s) => ({ subresource: s, responseKind, verbs: s === 'finalize' ? ['update'] : STATUS_VERBS }));
  return entry;
}

function aggregatedGroup(g: GroupVersions): Record<string, unknown> {
  return {
    metadata: { name: g.group, creationTimestamp: null },
    versions: sortedVersions(g).map((v) => ({
      version: v,
      resources: (g.versions.get(v) ?? []).map((rt) => aggregatedResource(rt, v)),
      freshness: 'Current',
    })),
  };
}

export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean): Record<string, unknown> {
  const items = groups(registry)
    .filter((g) => (core ? g.group === '' : g.group !== ''))
    .sort((a, b) => a.group.localeCompare(b.group))
    .map(aggregatedGroup);
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export function legacyApiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function legacyGroup(g: GroupVersions): Record<string, unknown> {
  const versions = sortedVersions(g).map((v) => ({ groupVersion: groupVersion(g.group, v), version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

export function legacyGroupList(registry: ResourceRegistry): Record<string, unknown> {
  const list = groups(registry)
    .filter((g) => g.group !== '')
    .sort((a, b) => a.group.localeCompare(b.group))
    .map(legacyGroup);
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: list };
}

export function legacyGroupDoc(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  const g = groups(registry).find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...legacyGroup(g) } : undefined;
}

export function resourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.all().filter((rt) => rt.group === group && rt.versions.some((v) => v.served && v.name === version));
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const rt of types) {
    const entry: Record<string, unknown> = {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: rt.verbs,
    };
    if (rt.shortNames.length) entry.shortNames = rt.shortNames;
    if (rt.categories.length) entry.categories = rt.categories;
    resources.push(entry);
    for (const sub of subresourceNames(rt)) {
      resources.push({
        name: `${rt.plural}/${sub}`,
        singularName: '',
        namespaced: rt.namespaced,
        kind: rt.kind,
        verbs: sub === 'finalize' ? ['update'] : STATUS_VERBS,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}
