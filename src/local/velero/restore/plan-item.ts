// One prepared item in a restore that writes nothing (plan-recorder.ts): create when it does not
// exist, otherwise the decision handleExistingObject would take.
import type { ResourceRef } from '../../../kube/index.js';
import type { ApiResourceInfo } from '../filters/index.js';
import { decideExistingObject } from './existing-object.js';
import { nameOf, resourceKey, type Item } from './item-object.js';
import { patchPaths } from './json-diff.js';
import type { ItemPipelineContext } from './restore-item.js';

/**
 * `listed` false: the existing-object list failed, so the object is looked up by name (what a
 * create's AlreadyExists leads to in a real restore).
 */
export async function planItem(
  desired: Item,
  live: Item | undefined,
  listed: boolean,
  ref: ResourceRef,
  resource: ApiResourceInfo,
  namespace: string,
  ctx: ItemPipelineContext,
): Promise<void> {
  const plan = ctx.plan;
  if (!plan) return;
  const name = nameOf(desired);
  let current = live;
  if (!listed) current = await ctx.client.get<Item>(ref, name, { namespace: namespace || undefined, signal: ctx.signal }).catch(() => undefined);
  const base = {
    groupResource: resource.groupResource,
    apiVersion: desired.apiVersion ?? `${ref.group ? `${ref.group}/` : ''}${ref.version}`,
    kind: desired.kind ?? resource.kind,
    namespace,
    name,
    labels: { ...(desired.metadata?.labels ?? {}) },
  };
  if (!current) {
    plan.record({ ...base, action: 'create' });
    ctx.restored.set(resourceKey(desired), namespace, name, 'created');
    return;
  }
  const decision = decideExistingObject(desired, current, resource.groupResource, ctx.policy);
  if (decision.action === 'not-restored') {
    ctx.log.warn(`${base.kind} ${name} would not be restored: ${decision.reason}`);
    return;
  }
  if (decision.action === 'unchanged') plan.record({ ...base, action: 'unchanged' });
  else plan.record({ ...base, action: 'update', changedPaths: patchPaths(decision.changes) });
}
