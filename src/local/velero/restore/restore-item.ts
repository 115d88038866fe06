// One backed-up item through Velero's per-item pipeline (spec/velero.md §5.4): skip checks,
// de-duplication, metadata reset, built-in actions, target namespace, restore labels, then create
// or hand over to the existing-object rules, and what follows a create.
import type { ExistingResourcePolicy, RestoreSpec } from '../../../api/velero/index.js';
import { isAlreadyExists, isNotFound, type Clock, type KubeClient, type ResourceRef } from '../../../kube/index.js';
import { splitApiVersion } from '../../../kube/index.js';
import type { ApiResourceInfo, IncludesExcludes } from '../filters/index.js';
import { restoreManagedFields, restoreStatus, shouldRestoreStatus, waitForCrdReady, type AfterCreateContext } from './after-create.js';
import { handleExistingObject } from './existing-object.js';
import { completionSkip, preResetSkip, runItemActions } from './item-actions.js';
import { addRestoreLabels, nameOf, resetMetadataAndStatus, resourceId, resourceKey, type Item } from './item-object.js';
import { cloneJson } from '../../../util/json.js';
import type { RestoredItems } from './restored-items.js';
import type { RestoreLog } from './restore-log.js';
import type { ResultBuilder } from './results.js';

export const CRDS_GR = 'customresourcedefinitions.apiextensions.k8s.io';

export interface ItemPipelineContext {
  client: KubeClient;
  clock: Clock;
  spec: RestoreSpec;
  restoreName: string;
  backupName: string;
  policy: ExistingResourcePolicy | undefined;
  /** From spec.restoreStatus; undefined restores no status. */
  statusFilter: IncludesExcludes | undefined;
  warnings: ResultBuilder;
  errors: ResultBuilder;
  restored: RestoredItems;
  log: RestoreLog;
  existing: ExistingNames;
  pvIsRestored(name: string): Promise<boolean>;
  resourceTimeoutMs: number;
  signal?: AbortSignal;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Names present in the target per type and namespace, listed once (as Velero's informer cache
 * does) so that restoring into an empty cluster costs one create per item and no GET.
 */
export class ExistingNames {
  private readonly lists = new Map<string, Promise<Set<string> | undefined>>();
  private readonly fresh = new Set<string>();

  constructor(
    private readonly client: KubeClient,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * This restore created the namespace: nothing of the backup can be in it yet, so its lists are
   * skipped (restoring 2,000 cluster namespaces otherwise costs ~20,000 empty LISTs). Should
   * something else have created an object there meanwhile, the create fails with AlreadyExists and
   * the caller looks it up as usual.
   */
  markFresh(namespace: string): void {
    this.fresh.add(namespace);
  }

  /** undefined when the list failed: the caller then creates and looks on AlreadyExists. */
  async has(ref: ResourceRef, namespace: string, name: string): Promise<boolean | undefined> {
    if (namespace !== '' && this.fresh.has(namespace)) return false;
    const key = `${ref.group}/${ref.version}/${ref.plural}\u0000${namespace}`;
    let names = this.lists.get(key);
    if (!names) {
      names = this.list(ref, namespace);
      this.lists.set(key, names);
    }
    const set = await names;
    return set ? set.has(name) : undefined;
  }

  private async list(ref: ResourceRef, namespace: string): Promise<Set<string> | undefined> {
    try {
      const set = new Set<string>();
      for await (const o of this.client.listAll(ref, { namespace: namespace || undefined, signal: this.signal })) set.add(o.metadata?.name ?? '');
      return set;
    } catch {
      return undefined;
    }
  }
}

/** The resource to write an item to: the backup's type, in the version the object itself names. */
export function refFor(item: Item, resource: ApiResourceInfo): ResourceRef {
  const { group, version } = splitApiVersion(item.apiVersion ?? '');
  return { group, version, plural: resource.plural, namespaced: resource.namespaced, kind: item.kind ?? resource.kind };
}

/**
 * Restores one item whose filters already passed, into `targetNamespace` ('' for cluster scope),
 * which exists by now.
 */
export async function restoreItem(
  item: Item,
  resource: ApiResourceInfo,
  originalNamespace: string,
  targetNamespace: string,
  ctx: ItemPipelineContext,
): Promise<void> {
  const gr = resource.groupResource;
  const name = nameOf(item);
  const id = resourceId(gr, targetNamespace, name);
  const fields = { resource: gr, namespace: targetNamespace || undefined, name };

  const completed = completionSkip(item, gr);
  if (completed) {
    ctx.log.info(`${originalNamespace ? `${originalNamespace}/` : ''}${name} ${completed.reason}`, fields);
    return;
  }

  const key = resourceKey(item);
  if (ctx.restored.has(key, targetNamespace, name)) {
    ctx.log.info(`Skipping ${id} because it's already been restored.`, fields);
    return;
  }
  ctx.restored.claim(key, targetNamespace, name);

  const early = preResetSkip(item, gr);
  if (early) {
    ctx.log.info(early.reason, fields);
    ctx.restored.set(key, targetNamespace, name, 'skipped');
    return;
  }

  const backedUpStatus = item.status;
  const hadStatus = Object.prototype.hasOwnProperty.call(item, 'status');
  const backedUpManagedFields = item.metadata?.managedFields;
  try {
    resetMetadataAndStatus(item);
  } catch (err) {
    ctx.errors.add(targetNamespace, errMessage(err));
    return;
  }

  let skip;
  try {
    skip = await runItemActions(item, {
      client: ctx.client,
      spec: ctx.spec,
      groupResource: gr,
      originalNamespace,
      pvIsRestored: ctx.pvIsRestored,
      signal: ctx.signal,
    });
  } catch (err) {
    ctx.errors.add(targetNamespace, `error preparing ${id}: ${errMessage(err)}`);
    return;
  }
  if (skip) {
    ctx.log.info(skip.reason, fields);
    if (skip.listed) ctx.restored.set(key, targetNamespace, name, 'skipped');
    return;
  }

  if (targetNamespace) (item.metadata ??= {}).namespace = targetNamespace;
  addRestoreLabels(item, ctx.restoreName, ctx.backupName);
  const ref = refFor(item, resource);
  const opts = { namespace: targetNamespace || undefined, signal: ctx.signal };
  ctx.log.info(`Attempting to restore ${item.kind ?? ''}: ${name}`, fields);

  let created: Item | undefined;
  let live: Item | undefined;
  let createError: unknown;
  const exists = await ctx.existing.has(ref, targetNamespace, name);
  if (exists !== true) {
    try {
      created = await ctx.client.create<Item>(ref, item, opts);
    } catch (err) {
      createError = err;
    }
  }
  if (!created && (exists === true || isAlreadyExists(createError))) {
    try {
      live = await ctx.client.get<Item>(ref, name, opts);
      createError = undefined;
    } catch (err) {
      // Deleted since the list: try the create after all.
      if (exists === true && isNotFound(err)) {
        try {
          created = await ctx.client.create<Item>(ref, item, opts);
        } catch (createErr) {
          createError = createErr;
        }
      } else {
        ctx.log.warn(
          `Unable to retrieve in-cluster version of ${targetNamespace ? `${targetNamespace}/` : ''}${name}: ${errMessage(err)}, object won't be restored by velero or have restore labels, and existing resource policy is not applied`,
          fields,
        );
        ctx.warnings.add(targetNamespace, errMessage(err));
        return;
      }
    }
  }

  if (live) {
    const action = await handleExistingObject(item, live, {
      client: ctx.client,
      ref,
      groupResource: gr,
      namespace: targetNamespace,
      policy: ctx.policy,
      warnings: ctx.warnings,
      errors: ctx.errors,
      log: ctx.log,
      signal: ctx.signal,
    });
    if (action) ctx.restored.set(key, targetNamespace, name, action);
    return;
  }
  if (!created) {
    ctx.log.error(`error restoring ${name}: ${errMessage(createError)}`, fields);
    ctx.errors.add(targetNamespace, `error restoring ${id}: ${errMessage(createError)}`);
    return;
  }
  ctx.restored.set(key, targetNamespace, name, 'created');

  const after: AfterCreateContext = {
    client: ctx.client,
    ref,
    namespace: targetNamespace,
    warnings: ctx.warnings,
    errors: ctx.errors,
    log: ctx.log,
    signal: ctx.signal,
  };
  if (hadStatus && shouldRestoreStatus(item, ctx.statusFilter, gr, ctx.log)) created = await restoreStatus(item, cloneJson(backedUpStatus), created, after);
  await restoreManagedFields(backedUpManagedFields, created, after);
  if (gr === CRDS_GR) await waitForCrdReady(name, after, ctx.clock, ctx.resourceTimeoutMs);
}
