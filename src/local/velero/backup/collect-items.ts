// Backup item collection (spec/velero.md §4): every resource type the filters include, in Velero's
// order, LISTed page by page with the label selector(s) and written to the tarball as it arrives.
// Memory holds the de-duplication keys and the set of namespaces, never a resource list.
import { LABEL_EXCLUDE_FROM_BACKUP, type BackupSpec } from '../../../api/velero/types.js';
import { isNotFound, labelSelectorMatches, type KubeClient } from '../../../kube/index.js';
import { UnsafeEntryPathError } from '../archive/entry-path.js';
import type { ApiResourceCatalog, ApiResourceInfo } from '../filters/api-resources.js';
import { listSelectors } from '../filters/list-selectors.js';
import type { NamespaceFilter } from '../filters/namespace-filter.js';
import type { ResourceTypeFilter } from '../filters/resource-filter.js';
import { AdditionalItems, type RelatedItem } from './additional-items.js';
import { ArchiveWriteError, type BackupArchive } from './backup-archive.js';
import type { BackupLog } from './backup-log.js';
import { parseKubeJson } from './go-json.js';
import { listObjects, type RawObject } from './list-pages.js';
import type { NamespaceTracker } from './namespace-tracker.js';

const NAMESPACES_GR = 'namespaces';
const CRDS_GR = 'customresourcedefinitions.apiextensions.k8s.io';

// The same objects served by two groups are collected once, from whichever group comes first.
const COHABITATING: Record<string, readonly [string, string]> = {
  deployments: ['extensions', 'apps'],
  daemonsets: ['extensions', 'apps'],
  replicasets: ['extensions', 'apps'],
  networkpolicies: ['extensions', 'networking.k8s.io'],
  events: ['', 'events.k8s.io'],
};

export interface CollectContext {
  client: KubeClient;
  catalog: ApiResourceCatalog;
  spec: BackupSpec;
  resourceFilter: ResourceTypeFilter;
  namespaceFilter: NamespaceFilter;
  tracker: NamespaceTracker;
  /** Every namespace that exists, for the check of literally named includedNamespaces. */
  existingNamespaces: ReadonlySet<string>;
  archive: BackupArchive;
  log: BackupLog;
  pageSize: number;
  signal?: AbortSignal;
}

/** Live counters for `status.progress`. */
export interface CollectProgress {
  /** Objects collected so far (listed and inside the namespace filter). */
  totalItems: number;
  itemsBackedUp: number;
}

export class ItemCollector {
  readonly progress: CollectProgress = { totalItems: 0, itemsBackedUp: 0 };
  private readonly seenCohabitants = new Set<string>();
  private readonly additional: AdditionalItems;

  constructor(private readonly ctx: CollectContext) {
    this.additional = new AdditionalItems(ctx.client, ctx.catalog, ctx.pageSize, ctx.signal);
  }

  async run(): Promise<void> {
    const { catalog, resourceFilter, log } = this.ctx;
    for (const failure of catalog.failures) log.warn(`Failed to discover group: ${failure.groupVersion}`, { error: failure.error });

    let namespacesResource: ApiResourceInfo | undefined;
    for (const resource of catalog.backupResources()) {
      this.ctx.signal?.throwIfAborted();
      const gr = resource.groupResource;
      log.info('Getting items for resource', { group: apiGroupVersion(resource), resource: resource.plural });
      if (!resourceFilter.shouldInclude(gr)) {
        log.info("Skipping resource because it's excluded", { group: apiGroupVersion(resource), resource: resource.plural });
        continue;
      }
      if (this.cohabitantSeen(resource)) {
        log.info("Skipping resource because it cohabitates and we've already processed it", { group: apiGroupVersion(resource), resource: resource.plural });
        continue;
      }
      // Which Namespace objects to keep depends on every other item: they are written last.
      if (gr === NAMESPACES_GR && resource.group === '') {
        namespacesResource = resource;
        continue;
      }
      await this.collectResource(resource);
    }

    if (namespacesResource) await this.collectNamespaces(namespacesResource);
    await this.collectCrds();
    this.progress.totalItems = this.progress.itemsBackedUp = this.ctx.archive.count;
  }

  /** Aborts and tarball failures end the backup; anything else is one resource's or item's error. */
  private isFatal(err: unknown): boolean {
    return err instanceof ArchiveWriteError || this.ctx.signal?.aborted === true;
  }

  private cohabitantSeen(resource: ApiResourceInfo): boolean {
    const groups = COHABITATING[resource.plural];
    if (!groups || !groups.includes(resource.group)) return false;
    if (this.seenCohabitants.has(resource.plural)) return true;
    this.seenCohabitants.add(resource.plural);
    return false;
  }

  private async collectResource(resource: ApiResourceInfo): Promise<void> {
    const { spec, namespaceFilter, log } = this.ctx;
    const gr = resource.groupResource;
    let selectors: string[];
    try {
      selectors = listSelectors(spec.labelSelector, spec.orLabelSelectors);
    } catch (err) {
      log.error('Error listing items', { resource: gr, error: err });
      return;
    }
    await this.writeOrderedFirst(resource);
    const namespaces = resource.namespaced ? namespaceFilter.namespacesToList() : [''];
    for (const namespace of namespaces) {
      log.info('Listing items', { resource: gr, namespace });
      let retrieved = 0;
      for (const selector of selectors) {
        try {
          for await (const page of listObjects(this.ctx.client, resource, {
            namespace,
            labelSelector: selector,
            pageSize: this.ctx.pageSize,
            signal: this.ctx.signal,
            onRestart: () => log.info('The list expired; listing again from the start', { resource: gr, namespace }),
          })) {
            retrieved += page.length;
            for (const item of page) await this.consider(resource, item, namespace === '');
          }
        } catch (err) {
          if (this.isFatal(err)) throw err;
          log.error('Error listing items', { resource: gr, namespace, error: err });
        }
      }
      log.info(`Retrieved ${retrieved} items`, { resource: gr, namespace });
    }
  }

  /** An item straight from a LIST: the namespace filter, namespace tracking, then the write-time checks. */
  private async consider(resource: ApiResourceInfo, item: RawObject, listedClusterWide: boolean): Promise<void> {
    const namespace = resource.namespaced ? (item.metadata?.namespace ?? '') : '';
    if (listedClusterWide && namespace && !this.ctx.namespaceFilter.shouldInclude(namespace)) return;
    if (namespace) this.ctx.tracker.trackItemNamespace(namespace);
    // Met again through another selector or after orderedResources: already counted and written.
    if (this.ctx.archive.has(resource, namespace, item.metadata?.name ?? '')) return;
    this.progress.totalItems++;
    await this.backUp(resource, item);
  }

  /** Velero's per-item checks at write time (§4.8), then the write. */
  private async backUp(resource: ApiResourceInfo, item: RawObject): Promise<boolean> {
    const { log, namespaceFilter, resourceFilter, archive } = this.ctx;
    const gr = resource.groupResource;
    const name = item.metadata?.name ?? '';
    const namespace = resource.namespaced ? (item.metadata?.namespace ?? '') : '';
    const fields = { resource: gr, namespace, name };
    if (item.metadata?.labels?.[LABEL_EXCLUDE_FROM_BACKUP] === 'true') {
      log.info(`Excluding item because it has label ${LABEL_EXCLUDE_FROM_BACKUP}=true`, fields);
      return false;
    }
    if (namespace && !namespaceFilter.shouldInclude(namespace)) {
      log.info('Excluding item because namespace is excluded', fields);
      return false;
    }
    if (!namespace && gr !== NAMESPACES_GR && resourceFilter.shouldExclude(gr)) {
      log.info('Excluding item because resource is cluster-scoped and is excluded by cluster filter.', fields);
      return false;
    }
    if (namespace && !resourceFilter.shouldInclude(gr)) {
      log.info('Excluding item because resource is excluded', fields);
      return false;
    }
    if (item.metadata?.deletionTimestamp) {
      log.info("Skipping item because it's being deleted.", fields);
      return false;
    }
    let written: boolean;
    try {
      written = await archive.writeItem(resource, item);
    } catch (err) {
      if (!(err instanceof UnsafeEntryPathError)) throw err;
      log.error('Error backing up item', { ...fields, error: err });
      return false;
    }
    if (!written) return false;
    this.progress.itemsBackedUp = archive.count;
    await this.backUpRelated(resource, item);
    return true;
  }

  /** What Velero's built-in item actions add for this item (§4.9), each through the same checks. */
  private async backUpRelated(resource: ApiResourceInfo, item: RawObject): Promise<void> {
    const { log, archive } = this.ctx;
    let related: RelatedItem[];
    try {
      related = await this.additional.relatedTo(resource, item);
    } catch (err) {
      if (this.isFatal(err)) throw err;
      log.error('Error executing item actions', {
        resource: resource.groupResource,
        namespace: item.metadata?.namespace ?? '',
        name: item.metadata?.name ?? '',
        error: err,
      });
      return;
    }
    for (const rel of related) {
      if (archive.has(rel.resource, rel.namespace, rel.name)) continue;
      const fields = { resource: rel.resource.groupResource, namespace: rel.namespace, name: rel.name };
      let obj: RawObject | undefined;
      try {
        obj = await this.getRaw(rel.resource, rel.namespace, rel.name);
      } catch (err) {
        if (this.isFatal(err)) throw err;
        log.error('Error getting additional item', { ...fields, error: err });
        continue;
      }
      if (!obj) {
        log.warn("Additional item was not found in Kubernetes API, can't back it up", fields);
        continue;
      }
      log.info('Backing up additional item', fields);
      this.progress.totalItems++;
      await this.backUp(rel.resource, obj);
    }
  }

  /** `spec.orderedResources`: the named objects of this type go first, in the given order. */
  private async writeOrderedFirst(resource: ApiResourceInfo): Promise<void> {
    const order = this.ctx.spec.orderedResources?.[resource.plural];
    if (!order) return;
    const { spec, namespaceFilter, log } = this.ctx;
    for (const entry of order
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const slash = entry.indexOf('/');
      const namespace = resource.namespaced && slash >= 0 ? entry.slice(0, slash) : '';
      const name = resource.namespaced && slash >= 0 ? entry.slice(slash + 1) : entry;
      const item = await this.getRaw(resource, namespace, name);
      const labels = item?.metadata?.labels;
      const selected =
        spec.orLabelSelectors && spec.orLabelSelectors.length > 0
          ? spec.orLabelSelectors.some((s) => labelSelectorMatches(s, labels))
          : labelSelectorMatches(spec.labelSelector, labels);
      if (!item || !selected || (namespace && !namespaceFilter.shouldInclude(namespace))) {
        log.warn(`Cannot find resource '${entry}'.`);
        continue;
      }
      await this.consider(resource, item, false);
    }
  }

  private async getRaw(resource: ApiResourceInfo, namespace: string, name: string): Promise<RawObject | undefined> {
    if (resource.namespaced && !namespace) return undefined;
    const base = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
    const path = `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${resource.plural}/${encodeURIComponent(name)}`;
    try {
      const res = await this.ctx.client.transport.stream({ method: 'GET', path, signal: this.ctx.signal });
      const chunks: Buffer[] = [];
      try {
        for await (const c of res) chunks.push(c as Buffer);
      } finally {
        res.destroy();
      }
      const obj = parseKubeJson<RawObject>(Buffer.concat(chunks).toString('utf8'));
      obj.apiVersion ??= resource.group ? `${resource.group}/${resource.version}` : resource.version;
      obj.kind ??= resource.kind;
      return obj;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async collectNamespaces(resource: ApiResourceInfo): Promise<void> {
    const { namespaceFilter, existingNamespaces, tracker, log } = this.ctx;
    for (const included of namespaceFilter.includes) {
      if (included !== '*' && !existingNamespaces.has(included)) {
        log.error(`fail to get the namespace ${included} specified in backup.Spec.IncludedNamespaces`, { resource: resource.plural });
      }
    }
    try {
      for await (const page of listObjects(this.ctx.client, resource, { pageSize: this.ctx.pageSize, signal: this.ctx.signal })) {
        for (const ns of page) {
          const name = ns.metadata?.name ?? '';
          if (!tracker.isTracked(name)) continue;
          this.progress.totalItems++;
          await this.backUp(resource, ns);
        }
      }
    } catch (err) {
      if (this.isFatal(err)) throw err;
      log.error('error list namespaces', { resource: resource.plural, error: err });
    }
  }

  /**
   * The CRD of every backed-up custom resource type, unless CRDs are explicitly included (then
   * they were listed) or excluded (§4.9).
   */
  private async collectCrds(): Promise<void> {
    const { catalog, resourceFilter, archive, log } = this.ctx;
    const crdResource = catalog.byGroupResource(CRDS_GR);
    if (!crdResource || resourceFilter.shouldExclude(CRDS_GR) || resourceFilter.shouldInclude(CRDS_GR)) return;
    for (const gr of [...archive.backedUpGroupResources]) {
      const info = catalog.byGroupResource(gr);
      if (!info || info.group === '') continue;
      let crd: RawObject | undefined;
      try {
        crd = await this.getRaw(crdResource, '', gr);
      } catch (err) {
        if (this.isFatal(err)) throw err;
        log.error(`Error getting CRD ${gr}`, { resource: CRDS_GR, name: gr, error: err });
        continue;
      }
      if (!crd) continue;
      log.info(`Found associated CRD ${gr} to add to backup`, { resource: CRDS_GR, name: gr });
      if (!archive.has(crdResource, '', gr)) this.progress.totalItems++;
      await this.backUp(crdResource, crd);
    }
  }
}

function apiGroupVersion(r: ApiResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
