// What goes into the tarball and how it is named (spec/velero.md §3.2, decision 11): the format
// version first, then every object twice — under `resources/<GR>/…` and under
// `resources/<GR>/<version>-preferredversion/…` — with identical bytes. Only the de-duplication
// keys stay in memory; they are also the resource list.
import { BACKUP_FORMAT_VERSION } from '../../../api/velero/types.js';
import { validateEntryPath } from '../archive/entry-path.js';
import type { ApiResourceInfo } from '../filters/api-resources.js';
import { marshalGoJson } from './go-json.js';
import type { RawObject } from './list-pages.js';

/** Where entries go: a tar stream that applies back-pressure by resolving late. */
export interface TarSink {
  addFile(path: string, data: Buffer): Promise<void>;
}

export const VERSION_ENTRY = 'metadata/version';

/** The tarball itself could not be written: the backup as a whole fails, not one item. */
export class ArchiveWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ArchiveWriteError';
  }
}

async function add(tar: TarSink, path: string, data: Buffer): Promise<void> {
  try {
    await tar.addFile(path, data);
  } catch (err) {
    throw new ArchiveWriteError(err);
  }
}

/** The two tarball paths of an object: unversioned first, then the preferred-version copy. */
export function itemPaths(resource: Pick<ApiResourceInfo, 'groupResource' | 'version'>, namespace: string, name: string): [string, string] {
  const scope = namespace ? `namespaces/${namespace}` : 'cluster';
  return [
    `resources/${resource.groupResource}/${scope}/${name}.json`,
    `resources/${resource.groupResource}/${resource.version}-preferredversion/${scope}/${name}.json`,
  ];
}

/** `<group>/<version>/<Kind>` (`v1/ConfigMap` for the core group): Velero's resource key. */
export function resourceKey(resource: Pick<ApiResourceInfo, 'group' | 'version' | 'kind'>): string {
  return resource.group ? `${resource.group}/${resource.version}/${resource.kind}` : `${resource.version}/${resource.kind}`;
}

export class BackupArchive {
  // resource key → `ns/name` (or `name`) of every object written
  private readonly written = new Map<string, Set<string>>();
  private readonly groupResources = new Set<string>();
  private total = 0;

  constructor(private readonly tar: TarSink) {}

  writeVersion(): Promise<void> {
    return add(this.tar, VERSION_ENTRY, Buffer.from(`${BACKUP_FORMAT_VERSION}\n`));
  }

  has(resource: ApiResourceInfo, namespace: string, name: string): boolean {
    return this.written.get(resourceKey(resource))?.has(namespace ? `${namespace}/${name}` : name) ?? false;
  }

  /**
   * Writes both entries unless the object was written already; true when it was written now.
   * Throws UnsafeEntryPathError, before writing anything, for a name that cannot be a path.
   */
  async writeItem(resource: ApiResourceInfo, obj: RawObject): Promise<boolean> {
    const name = obj.metadata?.name ?? '';
    const namespace = resource.namespaced ? (obj.metadata?.namespace ?? '') : '';
    const key = resourceKey(resource);
    const id = namespace ? `${namespace}/${name}` : name;
    let set = this.written.get(key);
    if (set?.has(id)) return false;
    const [plain, preferred] = itemPaths(resource, namespace, name);
    validateEntryPath(plain);
    if (!set) this.written.set(key, (set = new Set()));
    set.add(id);
    this.total++;
    this.groupResources.add(resource.groupResource);
    const bytes = Buffer.from(marshalGoJson(obj), 'utf8');
    await add(this.tar, plain, bytes);
    await add(this.tar, preferred, bytes);
    return true;
  }

  /** Distinct objects written so far. */
  get count(): number {
    return this.total;
  }

  /** GR strings with at least one object written. */
  get backedUpGroupResources(): ReadonlySet<string> {
    return this.groupResources;
  }

  /** `<name>-resource-list.json.gz` content: resource key → sorted `ns/name` list. */
  resourceList(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [key, ids] of this.written) out[key] = [...ids].sort();
    return out;
  }
}
