// Restores an unpacked backup in Velero's order (spec/velero.md §5.1–5.3, §5.7): CRDs alone
// first, then — once their types are served — everything else by priority; restore-time filters;
// target namespaces ensured before anything goes into them.
import type { RestoreProgress, RestoreSpec } from '../../../api/velero/index.js';
import { labelSelectorMatches, type Clock, type KubeClient } from '../../../kube/index.js';
import {
  discoverApiResources,
  NamespaceFilter,
  resolveResourceFilters,
  type ApiResourceCatalog,
  type ApiResourceInfo,
  type IncludesExcludes,
} from '../filters/index.js';
import type { BackupContents } from './backup-contents.js';
import { pvIsRestoredAsIs } from './item-actions.js';
import type { Item } from './item-object.js';
import { isJsonObject } from '../../../util/json.js';
import { NamespaceEnsurer } from './namespaces.js';
import { CRD_PASS, orderedResources } from './order.js';
import { ExistingNames, restoreItem, type ItemPipelineContext } from './restore-item.js';
import type { RestoredItems } from './restored-items.js';
import type { RestoreLog } from './restore-log.js';
import type { ResultBuilder } from './results.js';

const NAMESPACES_GR = 'namespaces';
const PVS_GR = 'persistentvolumes';
// Restored whatever the filters say (Velero's resourceMustHave).
const MUST_HAVE = new Set(['datauploads.velero.io', 'volumesnapshotcontents.snapshot.storage.k8s.io']);
const PROGRESS_INTERVAL_MS = 1000;
/** Items of one resource restored at once. */
const ITEM_CONCURRENCY = 16;
const DISCOVERY_POLL_MS = 250;

export interface RestoreContentsOptions {
  client: KubeClient;
  clock: Clock;
  spec: RestoreSpec;
  restoreName: string;
  /** The Velero namespace, where the Restore and its Backup live. */
  restoreNamespace: string;
  backupName: string;
  contents: BackupContents;
  log: RestoreLog;
  warnings: ResultBuilder;
  errors: ResultBuilder;
  restored: RestoredItems;
  /** Waits for CRDs, their discovery and terminating namespaces (Velero's resource timeouts, 10 min). */
  resourceTimeoutMs: number;
  onProgress?(progress: RestoreProgress): void;
  signal?: AbortSignal;
}

interface SelectedItem {
  name: string;
  /** For the `namespaces` type: the namespace the object becomes; otherwise the items' target namespace. */
  targetNamespace: string;
}

interface SelectedResource {
  resource: ApiResourceInfo;
  /** original namespace ('' for cluster scope) → selected items */
  byNamespace: Map<string, SelectedItem[]>;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('the restore was aborted');
}

export class ContentsRestorer {
  private catalog!: ApiResourceCatalog;
  private resourceFilter!: IncludesExcludes;
  private readonly namespaceFilter: NamespaceFilter;
  private readonly mapping: Record<string, string>;
  private readonly namespaces: NamespaceEnsurer;
  private readonly failedNamespaces = new Set<string>();
  private readonly pipeline: ItemPipelineContext;
  private total = 0;
  private processed = 0;
  private lastProgressAt = 0;

  constructor(private readonly opts: RestoreContentsOptions) {
    const { spec } = opts;
    this.namespaceFilter = new NamespaceFilter(spec.includedNamespaces ?? [], spec.excludedNamespaces ?? []);
    this.mapping = spec.namespaceMapping ?? {};
    this.namespaces = new NamespaceEnsurer({
      client: opts.client,
      clock: opts.clock,
      timeoutMs: opts.resourceTimeoutMs,
      backedUp: (name) => opts.contents.namespace(name),
      signal: opts.signal,
    });
    this.pipeline = {
      client: opts.client,
      clock: opts.clock,
      spec,
      restoreName: opts.restoreName,
      backupName: opts.backupName,
      policy: spec.existingResourcePolicy,
      statusFilter: undefined,
      warnings: opts.warnings,
      errors: opts.errors,
      restored: opts.restored,
      log: opts.log,
      existing: new ExistingNames(opts.client, opts.signal),
      pvIsRestored: (name) => this.pvIsRestored(name),
      resourceTimeoutMs: opts.resourceTimeoutMs,
      signal: opts.signal,
    };
  }

  async run(): Promise<void> {
    const { opts } = this;
    const index = opts.contents.resources;
    if (!index) return;
    try {
      this.catalog = await discoverApiResources(opts.client, opts.signal);
    } catch (err) {
      throwIfAborted(opts.signal);
      opts.errors.addVelero(`error discovering the API resources of the cluster: ${errMessage(err)}`);
      return;
    }
    // Names resolve against the cluster as it is now, as Velero resolves them when the restore starts.
    this.resourceFilter = resolveResourceFilters(this.catalog, opts.spec.includedResources, opts.spec.excludedResources);
    const rs = opts.spec.restoreStatus;
    this.pipeline.statusFilter = rs ? resolveResourceFilters(this.catalog, rs.includedResources, rs.excludedResources) : undefined;
    this.logFilters();

    const processed = new Set<string>();
    const crds = await this.select(CRD_PASS, processed);
    this.total += count(crds);
    await this.restoreSelected(crds);
    if (crds.length > 0) await this.waitForRestoredCrdsServed(crds);

    const rest = await this.select(orderedResources(index.keys()), processed);
    this.total += count(rest);
    await this.restoreSelected(rest);
    this.reportProgress(true);
  }

  private logFilters(): void {
    const { spec, log } = this.opts;
    log.info(`Starting restore of backup ${this.opts.restoreNamespace}/${this.opts.backupName}`);
    log.info(`Including resources: ${this.resourceFilter.includesString()}; excluding resources: ${this.resourceFilter.excludesString()}`);
    log.info(`Including namespaces: ${this.namespaceFilter.includesString()}; excluding namespaces: ${this.namespaceFilter.excludesString()}`);
    if (spec.hooks?.resources?.length) log.warn('Restore hooks are not run by the Lifeboat engine; spec.hooks is ignored');
  }

  /** Velero's getOrderedResourceCollection: which items of which types, in which order. */
  private async select(resourceNames: readonly string[], processed: Set<string>): Promise<SelectedResource[]> {
    const { opts } = this;
    const index = opts.contents.resources ?? new Map<string, Map<string, string[]>>();
    const out: SelectedResource[] = [];
    for (const name of resourceNames) {
      const resource = this.catalog.byGroupResource(name) ?? this.catalog.resolve(name);
      if (!resource) {
        opts.log.info('Skipping restore of resource because it cannot be resolved via discovery', { resource: name });
        continue;
      }
      const gr = resource.groupResource;
      if (processed.has(gr)) continue;
      const mustHave = MUST_HAVE.has(gr);
      if (!this.resourceFilter.shouldInclude(gr) && !mustHave) {
        opts.log.info('Skipping restore of resource because the restore spec excludes it', { resource: gr });
        processed.add(gr);
        continue;
      }
      const inBackup = index.get(gr);
      if (!inBackup) continue;
      const selected: SelectedResource = { resource, byNamespace: new Map() };
      for (const namespace of [...inBackup.keys()].sort()) {
        if (namespace !== '' && !this.namespaceFilter.shouldInclude(namespace) && !mustHave) {
          opts.log.info(`Skipping namespace ${namespace}`, { resource: gr });
          continue;
        }
        const target = namespace !== '' ? (this.mapping[namespace] ?? namespace) : '';
        if (target === '' && !mustHave && !this.clusterScopedAllowed()) {
          opts.log.info(
            `Skipping resource ${gr} because it's cluster-scoped${opts.spec.includeClusterResources === false ? '' : ' and only specific namespaces are included in the restore'}`,
          );
          continue;
        }
        const items = await this.selectItems(gr, namespace, target, inBackup.get(namespace) ?? []);
        if (items.length > 0) selected.byNamespace.set(namespace, items);
      }
      out.push(selected);
      processed.add(gr);
    }
    return out;
  }

  /** §5.3: cluster-scoped items need includeClusterResources true, or unset with every namespace included. */
  private clusterScopedAllowed(): boolean {
    const include = this.opts.spec.includeClusterResources;
    if (include === false) return false;
    return include === true || this.namespaceFilter.includeEverything();
  }

  /** Label selectors are matched on each backed-up object's own labels; what they drop is not counted. */
  private async selectItems(gr: string, namespace: string, target: string, names: readonly string[]): Promise<SelectedItem[]> {
    const { spec, contents, errors } = this.opts;
    const orSelectors = spec.orLabelSelectors ?? [];
    const out: SelectedItem[] = [];
    for (const name of names) {
      let item: Item;
      try {
        item = await contents.readItem(gr, namespace, name);
      } catch (err) {
        errors.add(target, `error decoding "${contents.relativePath(gr, namespace, name)}": ${errMessage(err)}`);
        continue;
      }
      const labels = isJsonObject(item.metadata?.labels) ? item.metadata.labels : undefined;
      if (!labelSelectorMatches(spec.labelSelector, labels)) continue;
      if (orSelectors.length > 0 && !orSelectors.some((s) => labelSelectorMatches(s, labels))) continue;
      out.push({ name, targetNamespace: gr === NAMESPACES_GR ? (this.mapping[name] ?? name) : target });
    }
    return out;
  }

  /**
   * Resources strictly one after another, in Velero's order (CRDs before their objects, namespaces
   * before what lives in them…); the items of one resource several at a time, since none depends
   * on another and each create is an API round trip with a durable commit behind it.
   */
  private async restoreSelected(selected: readonly SelectedResource[]): Promise<void> {
    const { opts } = this;
    for (const { resource, byNamespace } of selected) {
      const gr = resource.groupResource;
      const work: [string, SelectedItem][] = [];
      for (const [namespace, items] of byNamespace) for (const item of items) work.push([namespace, item]);
      let next = 0;
      let failed = false;
      const worker = async (): Promise<void> => {
        while (next < work.length && !failed) {
          const [namespace, selectedItem] = work[next++];
          throwIfAborted(opts.signal);
          try {
            await this.restoreOne(resource, gr, namespace, selectedItem);
          } catch (err) {
            failed = true; // the other workers stop before their next item
            throw err;
          }
          this.processed++;
          this.reportProgress(false);
        }
      };
      // Namespaces too: NamespaceEnsurer creates each one once and shares the outcome.
      const width = Math.min(ITEM_CONCURRENCY, work.length);
      // Settled, not Promise.all: nothing of this restore may still run once it reports an outcome.
      const outcomes = await Promise.allSettled(Array.from({ length: width }, worker));
      const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (rejected) throw rejected.reason;
    }
  }

  private async restoreOne(resource: ApiResourceInfo, gr: string, namespace: string, selected: SelectedItem): Promise<void> {
    const { opts } = this;
    if (gr === NAMESPACES_GR) {
      // Namespace objects never go through the item pipeline: created when missing, never changed.
      await this.ensureNamespace(selected.name, selected.targetNamespace);
      return;
    }
    if (namespace !== '' && !(await this.ensureNamespace(namespace, selected.targetNamespace))) return;
    let item: Item;
    try {
      item = await opts.contents.readItem(gr, namespace, selected.name);
    } catch (err) {
      opts.errors.add(selected.targetNamespace, `error decoding "${opts.contents.relativePath(gr, namespace, selected.name)}": ${errMessage(err)}`);
      return;
    }
    await restoreItem(item, resource, namespace, selected.targetNamespace, this.pipeline);
  }

  /** True when the namespace exists (now); an error is reported once per namespace. */
  private async ensureNamespace(originalName: string, targetName: string): Promise<boolean> {
    if (this.failedNamespaces.has(targetName)) return false;
    const outcome = await this.namespaces.ensure(originalName, targetName);
    if (!outcome.ok) {
      this.failedNamespaces.add(targetName);
      this.opts.errors.addVelero(outcome.error);
      this.opts.log.error(outcome.error, { namespace: targetName });
      return false;
    }
    if (outcome.created) this.pipeline.existing.markFresh(targetName);
    if (outcome.created && !this.opts.restored.has('v1/Namespace', '', targetName)) {
      this.opts.restored.set('v1/Namespace', '', targetName, 'created');
      this.opts.log.info(`Namespace ${targetName} created`, { namespace: targetName });
    }
    return true;
  }

  /**
   * Velero refreshes discovery once after the CRD pass; Lifeboat also waits (up to the resource
   * timeout) until every restored CRD's type is served, so that its objects are not skipped as
   * unknown types by a cluster that is a moment behind.
   */
  private async waitForRestoredCrdsServed(crds: readonly SelectedResource[]): Promise<void> {
    const { opts } = this;
    const expected = new Set<string>();
    for (const { byNamespace } of crds) {
      for (const items of byNamespace.values()) {
        for (const { name } of items) {
          const action =
            opts.restored.actionOf('apiextensions.k8s.io/v1/CustomResourceDefinition', '', name) ??
            opts.restored.actionOf('apiextensions.k8s.io/v1beta1/CustomResourceDefinition', '', name);
          if (action && action !== 'failed') expected.add(name);
        }
      }
    }
    opts.client.invalidateDiscovery();
    const deadline = opts.clock.now() + opts.resourceTimeoutMs;
    for (;;) {
      try {
        this.catalog = await discoverApiResources(opts.client, opts.signal);
      } catch (err) {
        throwIfAborted(opts.signal);
        opts.warnings.addVelero(`refresh discovery after restoring CRDs: ${errMessage(err)}`);
        return;
      }
      const missing = [...expected].filter((name) => !this.catalog.byGroupResource(name));
      if (missing.length === 0) return;
      if (opts.clock.now() >= deadline || opts.signal?.aborted) {
        opts.warnings.addVelero(`refresh discovery after restoring CRDs: ${missing.join(', ')} not served yet`);
        return;
      }
      await opts.clock.sleep(DISCOVERY_POLL_MS, opts.signal);
    }
  }

  /** Whether this restore creates the backed-up PV of that name (only Retain PVs without snapshots are). */
  private async pvIsRestored(name: string): Promise<boolean> {
    const { contents } = this.opts;
    if (!contents.has(PVS_GR, '', name)) return false;
    if (!this.resourceFilter.shouldInclude(PVS_GR) || !this.clusterScopedAllowed()) return false;
    try {
      return pvIsRestoredAsIs(await contents.readItem(PVS_GR, '', name));
    } catch {
      return false;
    }
  }

  private reportProgress(force: boolean): void {
    const { opts } = this;
    if (!opts.onProgress) return;
    const now = opts.clock.now();
    if (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) return;
    this.lastProgressAt = now;
    const restored = opts.restored.size;
    opts.onProgress({ totalItems: restored + Math.max(0, this.total - this.processed), itemsRestored: restored });
  }
}

function count(selected: readonly SelectedResource[]): number {
  let n = 0;
  for (const s of selected) for (const items of s.byNamespace.values()) n += items.length;
  return n;
}
