// Every API resource the server serves, read from its own discovery documents, and Velero's way of
// naming one (spec/velero.md §4.1–4.2): plural, singular, short name or Kind, case-insensitive,
// optionally suffixed `.group`, resolved to the canonical group-resource string (`configmaps`,
// `deployments.apps`).
import type { KubeClient } from '../../../kube/index.js';

export interface ApiResourceInfo {
  /** '' for the core group. */
  group: string;
  /** The version it is read at: the group's preferred version when that serves it. */
  version: string;
  plural: string;
  singular: string;
  kind: string;
  shortNames: readonly string[];
  namespaced: boolean;
  verbs: readonly string[];
  /** `<plural>` for the core group, `<plural>.<group>` otherwise: Velero's "GR". */
  groupResource: string;
}

export interface DiscoveryFailure {
  groupVersion: string;
  error: string;
}

interface ApiVersions {
  versions?: string[];
}

interface ApiGroupList {
  groups?: { name: string; versions?: { groupVersion: string; version: string }[]; preferredVersion?: { groupVersion: string; version: string } }[];
}

interface ApiResourceList {
  resources?: { name: string; singularName?: string; namespaced: boolean; kind: string; verbs?: string[]; shortNames?: string[] }[];
}

const BACKUP_VERBS = ['list', 'create', 'get', 'delete'];
// Velero processes the core group in this order so that pod hooks bracket their volumes.
const CORE_PRIORITY: Record<string, number> = { pods: 0, persistentvolumeclaims: 1, persistentvolumes: 2 };

export function groupResourceString(plural: string, group: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

/** Splits at the first dot, as Kubernetes' ParseGroupResource does: `deployments.apps` → deployments / apps. */
export function parseGroupResource(name: string): { resource: string; group: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { resource: name, group: '' } : { resource: name.slice(0, dot), group: name.slice(dot + 1) };
}

export class ApiResourceCatalog {
  private readonly byGr = new Map<string, ApiResourceInfo>();

  /**
   * @param resources every served resource at its preferred version (no subresources), in discovery order
   * @param failures group/versions whose discovery document could not be read (they are skipped)
   */
  constructor(
    readonly resources: readonly ApiResourceInfo[],
    readonly failures: readonly DiscoveryFailure[] = [],
  ) {
    for (const r of resources) if (!this.byGr.has(r.groupResource)) this.byGr.set(r.groupResource, r);
  }

  byGroupResource(groupResource: string): ApiResourceInfo | undefined {
    return this.byGr.get(groupResource);
  }

  /**
   * The resource a user-written name designates, or undefined. Exact names (plural, singular, Kind)
   * win over short names; among groups, the first in discovery order (core first) wins.
   */
  resolve(name: string): ApiResourceInfo | undefined {
    const { resource, group } = parseGroupResource(name);
    const wanted = resource.toLowerCase();
    const inGroup = (r: ApiResourceInfo): boolean => group === '' || r.group === group;
    const exact = this.resources.find((r) => inGroup(r) && (r.plural === wanted || r.singular === wanted || r.kind.toLowerCase() === wanted));
    if (exact) return exact;
    return this.resources.find((r) => inGroup(r) && r.shortNames.some((s) => s.toLowerCase() === wanted));
  }

  /** The canonical GR string for a name, or the name verbatim when nothing resolves it (Velero keeps those). */
  canonical(name: string): string {
    return this.resolve(name)?.groupResource ?? name;
  }

  /**
   * The resources a backup lists, in Velero's order: discovery order, the core group with pods,
   * PVCs and PVs first, `extensions` last; only those that can be listed, created, read and deleted.
   */
  backupResources(): ApiResourceInfo[] {
    const eligible = this.resources.filter((r) => BACKUP_VERBS.every((v) => r.verbs.includes(v)));
    const core = eligible.filter((r) => r.group === '');
    const coreSorted = core
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (CORE_PRIORITY[a.r.plural] ?? 3) - (CORE_PRIORITY[b.r.plural] ?? 3) || a.i - b.i)
      .map((x) => x.r);
    const others = eligible.filter((r) => r.group !== '' && r.group !== 'extensions');
    const extensions = eligible.filter((r) => r.group === 'extensions');
    return [...coreSorted, ...others, ...extensions];
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads `/api`, `/apis` and every served version of every group, keeping each resource once at the
 * group's preferred version when that version serves it, else at the first version that does (as
 * client-go's ServerPreferredResources does): a kind served only at a non-preferred version — for
 * example Placement at v1beta1 while the group prefers v1 — is still backed up. A group/version
 * whose document cannot be read is recorded, not fatal.
 */
export async function discoverApiResources(client: KubeClient, signal?: AbortSignal): Promise<ApiResourceCatalog> {
  const get = <T>(path: string): Promise<T> => client.transport.json<T>({ method: 'GET', path, signal });
  const [core, groups] = await Promise.all([get<ApiVersions>('/api'), get<ApiGroupList>('/apis')]);
  const targets: { group: string; version: string; preferred: boolean; path: string }[] = [];
  const coreVersion = core.versions?.[0];
  if (coreVersion) targets.push({ group: '', version: coreVersion, preferred: true, path: `/api/${coreVersion}` });
  for (const g of groups.groups ?? []) {
    const preferred = (g.preferredVersion ?? g.versions?.[0])?.version;
    const versions = g.versions?.length ? g.versions : g.preferredVersion ? [g.preferredVersion] : [];
    for (const v of versions) targets.push({ group: g.name, version: v.version, preferred: v.version === preferred, path: `/apis/${v.groupVersion}` });
  }
  const failures: DiscoveryFailure[] = [];
  const lists = await Promise.all(
    targets.map(async (t) => {
      try {
        return await get<ApiResourceList>(t.path);
      } catch (err) {
        failures.push({ groupVersion: t.group ? `${t.group}/${t.version}` : t.version, error: message(err) });
        return undefined;
      }
    }),
  );
  // Insertion order of the map is discovery order: group by group, first appearance of each resource.
  const chosen = new Map<string, { info: ApiResourceInfo; preferred: boolean }>();
  targets.forEach((t, i) => {
    for (const r of lists[i]?.resources ?? []) {
      if (r.name.includes('/')) continue;
      const groupResource = groupResourceString(r.name, t.group);
      const seen = chosen.get(groupResource);
      if (seen && (seen.preferred || !t.preferred)) continue;
      const info: ApiResourceInfo = {
        group: t.group,
        version: t.version,
        plural: r.name,
        singular: r.singularName || r.kind.toLowerCase(),
        kind: r.kind,
        shortNames: r.shortNames ?? [],
        namespaced: r.namespaced,
        verbs: r.verbs ?? [],
        groupResource,
      };
      if (seen) Object.assign(seen, { info, preferred: true });
      else chosen.set(groupResource, { info, preferred: t.preferred });
    }
  });
  return new ApiResourceCatalog(
    [...chosen.values()].map((c) => c.info),
    failures,
  );
}
