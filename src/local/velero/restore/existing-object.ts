// An item that already exists in the target (spec/velero.md §5.5): compared with the backed-up
// version after the same normalisation, then left alone, merged (ServiceAccounts), or patched,
// according to existingResourcePolicy, with Velero's warning texts.
import type { ExistingResourcePolicy } from '../../../api/velero/index.js';
import { LABEL_BACKUP_NAME, LABEL_RESTORE_NAME } from '../../../api/velero/index.js';
import type { KubeClient, ResourceRef } from '../../../kube/index.js';
import { createMergePatch } from './json-diff.js';
import { addRestoreLabels, blankRestoreLabels, nameOf, resetMetadataAndStatus, type Item } from './item-object.js';
import { cloneJson, isJsonObject, jsonEqual, type JsonObject } from '../../../util/json.js';
import type { ItemAction } from './restored-items.js';
import type { RestoreLog } from './restore-log.js';
import type { ResultBuilder } from './results.js';

export interface ExistingObjectContext {
  client: KubeClient;
  ref: ResourceRef;
  groupResource: string;
  /** Target namespace, '' for cluster-scoped: where warnings and errors are filed. */
  namespace: string;
  policy: ExistingResourcePolicy | undefined;
  warnings: ResultBuilder;
  errors: ResultBuilder;
  log: RestoreLog;
  signal?: AbortSignal;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Decides and applies what happens to `desired` (normalised, labelled, in its target namespace)
 * given the live object. Returns the resource-list action, or undefined when the item ends as
 * `failed` (it carried a warning or an error).
 */
export async function handleExistingObject(desired: Item, live: Item, ctx: ExistingObjectContext): Promise<ItemAction | undefined> {
  let fromCluster: Item;
  try {
    fromCluster = resetMetadataAndStatus(cloneJson(live));
  } catch (err) {
    ctx.warnings.add(ctx.namespace, errMessage(err));
    return undefined;
  }
  // The live object cannot carry this restore's labels yet; give it the desired ones so that
  // only real differences count.
  const labels = desired.metadata?.labels ?? {};
  addRestoreLabels(fromCluster, labels[LABEL_RESTORE_NAME] ?? '', labels[LABEL_BACKUP_NAME] ?? '');
  const fromClusterWithLabels = cloneJson(fromCluster);
  const kind = desired.kind ?? '';
  const name = nameOf(desired);
  const fields = { kind, name, namespace: ctx.namespace || undefined };

  if (jsonEqual(fromCluster, desired)) {
    if (ctx.policy === 'update') {
      blankRestoreLabels(fromCluster);
      await patchLabels(fromCluster, desired, ctx);
    }
    ctx.log.info(`Restore of ${kind}, ${name} skipped: it already exists in the cluster and is the same as the backed up version`, fields);
    return 'skipped';
  }

  if (ctx.groupResource === 'serviceaccounts') {
    const merged = mergeServiceAccounts(fromCluster, desired);
    const patch = createMergePatch(fromCluster, merged);
    if (!patch) return 'skipped';
    try {
      await ctx.client.patch(ctx.ref, name, patch, { type: 'merge', namespace: ctx.namespace || undefined, signal: ctx.signal });
      ctx.log.info(`ServiceAccount ${ctx.namespace}/${name} successfully updated`, fields);
      return 'updated';
    } catch (err) {
      ctx.warnings.add(ctx.namespace, errMessage(err));
      if (ctx.policy === 'update') {
        blankRestoreLabels(fromCluster);
        await patchLabels(fromCluster, fromClusterWithLabels, ctx);
      }
      return undefined;
    }
  }

  if (ctx.policy === 'none') {
    ctx.log.info(`restore API has resource policy defined none, executing restore workflow accordingly for changed resource ${kind} ${name}`, fields);
    ctx.warnings.add(
      ctx.namespace,
      `could not restore, ${kind} ${JSON.stringify(name)} already exists. Warning: the in-cluster version is different than the backed-up version`,
    );
    return undefined;
  }
  if (ctx.policy === 'update') {
    blankRestoreLabels(fromCluster);
    const patch = createMergePatch(fromCluster, desired);
    if (!patch) return 'updated';
    try {
      await ctx.client.patch(ctx.ref, name, patch, { type: 'merge', namespace: ctx.namespace || undefined, signal: ctx.signal });
      ctx.log.info(`${kind} ${name} successfully updated`, fields);
      return 'updated';
    } catch (err) {
      ctx.log.warn(`patch attempt failed for ${kind} ${name}: ${errMessage(err)}`, fields);
      ctx.warnings.add(ctx.namespace, errMessage(err));
      await patchLabels(fromCluster, fromClusterWithLabels, ctx);
      return undefined;
    }
  }
  ctx.warnings.add(ctx.namespace, `could not restore, ${kind}:${name} already exists. Warning: the in-cluster version is different than the backed-up version`);
  return undefined;
}

/** Puts only this restore's labels on the live object; a failure is an error (§5.5). */
async function patchLabels(from: Item, to: Item, ctx: ExistingObjectContext): Promise<void> {
  const name = nameOf(to);
  const patch = createMergePatch(from, to);
  if (!patch) return;
  try {
    await ctx.client.patch(ctx.ref, name, patch, { type: 'merge', namespace: ctx.namespace || undefined, signal: ctx.signal });
    ctx.log.info(`backup/restore labels successfully updated for ${to.kind ?? ''} ${name}`);
  } catch (err) {
    ctx.log.error(`backup/restore label patch attempt failed for ${to.kind ?? ''} ${name}: ${errMessage(err)}`);
    ctx.errors.add(ctx.namespace, errMessage(err));
  }
}

function refsByName(list: unknown): JsonObject[] {
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

function unionByName(live: unknown, backedUp: unknown): JsonObject[] | undefined {
  const out = refsByName(live);
  const names = new Set(out.map((r) => r.name));
  for (const ref of refsByName(backedUp)) if (!names.has(ref.name)) out.push(ref);
  return out.length > 0 ? out : undefined;
}

function addMissing(into: Record<string, string> | undefined, from: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!from) return into;
  const out = { ...(into ?? {}) };
  for (const [k, v] of Object.entries(from)) if (!(k in out)) out[k] = v;
  return out;
}

/** The live ServiceAccount plus whatever the backed-up one adds: secrets, pull secrets, labels, annotations. */
function mergeServiceAccounts(live: Item, backedUp: Item): Item {
  const merged = cloneJson(live);
  const secrets = unionByName(live.secrets, backedUp.secrets);
  if (secrets) merged.secrets = secrets;
  const pullSecrets = unionByName(live.imagePullSecrets, backedUp.imagePullSecrets);
  if (pullSecrets) merged.imagePullSecrets = pullSecrets;
  const meta = (merged.metadata ??= {});
  const labels = addMissing(meta.labels, backedUp.metadata?.labels);
  if (labels) meta.labels = labels;
  const annotations = addMissing(meta.annotations, backedUp.metadata?.annotations);
  if (annotations) meta.annotations = annotations;
  return merged;
}
