// The served resources the cleanup can list and delete (hub-backup.md §4.8 B–D): each group at its
// preferred version, read from discovery when the cleanup runs, and the `kind.group` names the
// backups use resolved against it.
import { groupVersionPath, type KubeClient, type ResourceRef } from '../../../kube/index.js';

interface GroupList {
  groups?: { name: string; preferredVersion?: { version: string }; versions?: { version: string }[] }[];
}
interface ResourceList {
  resources?: { name: string; singularName?: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

export interface CatalogEntry {
  ref: ResourceRef;
  /** `kind.group` in lower case, as the backup schedules name resources (`placement.cluster.open-cluster-management.io`). */
  kindGroup: string;
  singular: string;
}

export class CleanupCatalog {
  constructor(readonly entries: readonly CatalogEntry[]) {}

  /** The resource a backup's `kind.group` (or bare `kind` / plural for the core group) names. */
  resolve(name: string): CatalogEntry | undefined {
    const dot = name.indexOf('.');
    const part = (dot < 0 ? name : name.slice(0, dot)).toLowerCase();
    const group = dot < 0 ? '' : name.slice(dot + 1);
    return this.entries.find((e) => e.ref.group === group && (e.ref.kind?.toLowerCase() === part || e.ref.plural === part || e.singular === part));
  }

  /** Every resource of every API group except the core one (§4.8 C). */
  nonCore(): CatalogEntry[] {
    return this.entries.filter((e) => e.ref.group !== '');
  }
}

const LISTABLE = ['list', 'delete'];

function entriesOf(group: string, version: string, doc: ResourceList): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const r of doc.resources ?? []) {
    if (r.name.includes('/') || !LISTABLE.every((v) => (r.verbs ?? LISTABLE).includes(v))) continue;
    const kind = r.kind.toLowerCase();
    out.push({
      ref: { group, version, plural: r.name, namespaced: r.namespaced, kind: r.kind },
      kindGroup: group === '' ? kind : `${kind}.${group}`,
      singular: r.singularName || kind,
    });
  }
  return out;
}

/**
 * Reads discovery now: every version of every group, a resource served at several versions taken at
 * the group's preferred one (groups like cluster.open-cluster-management.io serve different kinds at
 * different versions). A version whose document fails is left out.
 */
export async function discoverCleanupCatalog(client: KubeClient, signal?: AbortSignal): Promise<CleanupCatalog> {
  const entries: CatalogEntry[] = entriesOf('', 'v1', await client.transport.json<ResourceList>({ method: 'GET', path: '/api/v1', signal }));
  const groups = await client.transport.json<GroupList>({ method: 'GET', path: '/apis', signal });
  const perGroup = await Promise.all(
    (groups.groups ?? []).map(async (g) => {
      const preferred = g.preferredVersion?.version;
      const versions = [...new Set([...(preferred ? [preferred] : []), ...(g.versions ?? []).map((v) => v.version)])];
      const docs = await Promise.all(
        versions.map(async (version) => {
          try {
            return entriesOf(g.name, version, await client.transport.json<ResourceList>({ method: 'GET', path: groupVersionPath(g.name, version), signal }));
          } catch (err) {
            if (signal?.aborted) throw err;
            return [];
          }
        }),
      );
      const out: CatalogEntry[] = [];
      for (const doc of docs) for (const e of doc) if (!out.some((o) => o.ref.plural === e.ref.plural)) out.push(e);
      return out;
    }),
  );
  for (const group of perGroup) entries.push(...group);
  return new CleanupCatalog(entries);
}
