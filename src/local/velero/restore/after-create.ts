// What follows a successful create (spec/velero.md §5.4 step 12, §5.6): the backed-up status
// when the restore asks for it, the backed-up managedFields, and readiness of a restored CRD.
import { ANNOTATION_RESTORE_STATUS } from '../../../api/velero/index.js';
import { isConflict, isNotFound, type Clock, type KubeClient, type ResourceRef } from '../../../kube/index.js';
import type { IncludesExcludes } from '../filters/index.js';
import { createMergePatch } from './json-diff.js';
import { nameOf, type Item } from './item-object.js';
import { cloneJson, isJsonObject } from '../../../util/json.js';
import type { RestoreLog } from './restore-log.js';
import type { ResultBuilder } from './results.js';

export interface AfterCreateContext {
  client: KubeClient;
  ref: ResourceRef;
  namespace: string;
  warnings: ResultBuilder;
  errors: ResultBuilder;
  log: RestoreLog;
  signal?: AbortSignal;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The per-object annotation wins over `spec.restoreStatus`; nothing restores status by default. */
export function shouldRestoreStatus(item: Item, statusFilter: IncludesExcludes | undefined, groupResource: string, log: RestoreLog): boolean {
  const annotation = item.metadata?.annotations?.[ANNOTATION_RESTORE_STATUS];
  if (annotation !== undefined) {
    const value = annotation.trim().toLowerCase();
    if (value === 'true') return true;
    if (value === 'false') return false;
    log.warn(`invalid value "${annotation}" of annotation ${ANNOTATION_RESTORE_STATUS}, ignored`, { name: nameOf(item) });
  }
  return statusFilter ? statusFilter.shouldInclude(groupResource) : false;
}

/** PUT to `/status`, retried once on a conflict; a failure is a warning. Returns the newest object. */
export async function restoreStatus(desired: Item, status: unknown, created: Item, ctx: AfterCreateContext): Promise<Item> {
  const name = nameOf(desired);
  const body = cloneJson(desired);
  body.status = status;
  const opts = { namespace: ctx.namespace || undefined, signal: ctx.signal };
  const withVersion = (rv: unknown): Item => ({ ...body, metadata: { ...body.metadata, resourceVersion: typeof rv === 'string' ? rv : undefined } });
  try {
    try {
      return await ctx.client.updateStatus(ctx.ref, withVersion(created.metadata?.resourceVersion), opts);
    } catch (err) {
      if (!isConflict(err)) throw err;
      const fresh = await ctx.client.get<Item>(ctx.ref, name, opts);
      return await ctx.client.updateStatus(ctx.ref, withVersion(fresh.metadata?.resourceVersion), opts);
    }
  } catch (err) {
    ctx.log.info(`status field update failed ${ctx.namespace ? `${ctx.namespace}/` : ''}${name}: ${errMessage(err)}`);
    ctx.warnings.add(ctx.namespace, errMessage(err));
    return created;
  }
}

/**
 * Puts the backed-up managedFields back, so field ownership survives the move. A backup without
 * them changes nothing: the server keeps its own when a write names none.
 */
export async function restoreManagedFields(backedUp: unknown, created: Item, ctx: AfterCreateContext): Promise<void> {
  if (!Array.isArray(backedUp) || backedUp.length === 0) return;
  const current = { metadata: { managedFields: created.metadata?.managedFields ?? null } };
  const patch = createMergePatch(current, { metadata: { managedFields: backedUp } });
  if (!patch) return;
  const name = nameOf(created);
  try {
    await ctx.client.patch(ctx.ref, name, patch, { type: 'merge', namespace: ctx.namespace || undefined, signal: ctx.signal });
  } catch (err) {
    ctx.log.error(`error patch for managed fields ${ctx.namespace ? `${ctx.namespace}/` : ''}${name}: ${errMessage(err)}`);
    if (!isNotFound(err)) ctx.errors.add(ctx.namespace, errMessage(err));
  }
}

function conditionTrue(crd: Item, type: string): boolean {
  const conditions = isJsonObject(crd.status) && Array.isArray(crd.status.conditions) ? crd.status.conditions : [];
  return conditions.some((c) => isJsonObject(c) && c.type === type && c.status === 'True');
}

/** Velero's IsCRDReady: Established and NamesAccepted. Polls once a second up to the resource timeout. */
export async function waitForCrdReady(name: string, ctx: AfterCreateContext, clock: Clock, timeoutMs: number): Promise<void> {
  const deadline = clock.now() + timeoutMs;
  let ready = false;
  try {
    for (;;) {
      const crd = await ctx.client.get<Item>(ctx.ref, name, { signal: ctx.signal });
      ready = conditionTrue(crd, 'Established') && conditionTrue(crd, 'NamesAccepted');
      if (ready || clock.now() >= deadline || ctx.signal?.aborted) break;
      ctx.log.info(`${name} is not yet available`);
      await clock.sleep(1000, ctx.signal);
    }
  } catch (err) {
    ctx.errors.add(ctx.namespace, `error verifying the CRD ${name} is ready to use: ${errMessage(err)}`);
    return;
  }
  if (!ready) ctx.errors.add(ctx.namespace, `the CRD ${name} is not available to use for custom resources`);
}
