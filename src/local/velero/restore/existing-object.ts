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
    fromCluster = normalizedLive(desired, live);
  } catch (err) {
    ctx.warnings.add(ctx.namespace, errMessage(err));
    return undefined;
  }
  const kind = desired.kind ?? '';
  const name = nameOf(desired);
  const fields = { kind, name, namespace: ctx.namespace || undefined };

  if (jsonEqual(fromCluster, desired)) {
    if (ctx.policy === 'update') await patchLabels(desired, ctx);
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
      if (ctx.policy === 'update') await patchLabels(desired, ctx);
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
      await patchLabels(desired, ctx);
      return undefined;
    }
  }
  ctx.warnings.add(ctx.namespace, `could not restore, ${kind}:${name} already exists. Warning: the in-cluster version is different than the backed-up version`);
  return undefined;
}

/**
 * The live object as the comparison sees it: normalised like a backed-up item (§5.4 step 5) and
 * given the desired restore labels, which it cannot carry yet, so that only real differences count.
 */
function normalizedLive(desired: Item, live: Item): Item {
  const fromCluster = resetMetadataAndStatus(cloneJson(live));
  const labels = desired.metadata?.labels ?? {};
  addRestoreLabels(fromCluster, labels[LABEL_RESTORE_NAME] ?? '', labels[LABEL_BACKUP_NAME] ?? '');
  return fromCluster;
}

export type ExistingDecision = { action: 'unchanged' } | { action: 'update'; changes: JsonObject } | { action: 'not-restored'; reason: string };

/**
 * What handleExistingObject would do, without doing it (`lifeboat restore preview`): the same
 * comparison and branches; `changes` is the merge patch of the real differences (the restore's own
 * label update aside).
 */
export function decideExistingObject(desired: Item, live: Item, groupResource: string, policy: ExistingResourcePolicy | undefined): ExistingDecision {
  let fromCluster: Item;
  try {
    fromCluster = normalizedLive(desired, live);
  } catch (err) {
    return { action: 'not-restored', reason: errMessage(err) };
  }
  if (jsonEqual(fromCluster, desired)) return { action: 'unchanged' };
  if (groupResource === 'serviceaccounts') {
    const patch = createMergePatch(fromCluster, mergeServiceAccounts(fromCluster, desired));
    return patch ? { action: 'update', changes: patch } : { action: 'unchanged' };
  }
  if (policy !== 'update') return { action: 'not-restored', reason: 'it already exists and differs from the backed-up version' };
  return { action: 'update', changes: createMergePatch(fromCluster, desired) ?? {} };
}

/**
 * Puts only this restore's labels on the live object; a failure is an error (§5.5). The patch is
 * what Velero's diff of the live object with both labels blanked against the labelled one gives,
 * built directly: on a passive hub's sync this runs for every unchanged object.
 */
async function patchLabels(desired: Item, ctx: ExistingObjectContext): Promise<void> {
  const name = nameOf(desired);
  const labels = desired.metadata?.labels ?? {};
  const patch = { metadata: { labels: { [LABEL_BACKUP_NAME]: labels[LABEL_BACKUP_NAME] ?? '', [LABEL_RESTORE_NAME]: labels[LABEL_RESTORE_NAME] ?? '' } } };
  try {
    await ctx.client.patch(ctx.ref, name, patch, { type: 'merge', namespace: ctx.namespace || undefined, signal: ctx.signal });
    ctx.log.info(`backup/restore labels successfully updated for ${desired.kind ?? ''} ${name}`);
  } catch (err) {
    ctx.log.error(`backup/restore label patch attempt failed for ${desired.kind ?? ''} ${name}: ${errMessage(err)}`);
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
