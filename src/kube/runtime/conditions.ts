import { metaTime, type Condition, type ConditionStatus } from '../../api/meta.js';

export interface ConditionInput {
  type: string;
  status: ConditionStatus;
  reason: string;
  message?: string;
  observedGeneration?: number;
}

/**
 * Returns the conditions with `input` set. lastTransitionTime moves only when the status changes:
 * a reconcile that re-asserts the same state is not a new transition, and writing an unchanged
 * status stays a no-op. The input array is not modified.
 */
export function setCondition(conditions: readonly Condition[] | undefined, input: ConditionInput, now: number | Date): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === input.type);
  const existing = index >= 0 ? list[index] : undefined;
  const next: Condition = {
    type: input.type,
    status: input.status,
    ...(input.observedGeneration !== undefined ? { observedGeneration: input.observedGeneration } : {}),
    lastTransitionTime: existing && existing.status === input.status ? existing.lastTransitionTime : metaTime(now),
    reason: input.reason,
    message: input.message ?? '',
  };
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}

/** Returns the conditions without the given type. */
export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

export function getCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return getCondition(conditions, type)?.status === 'True';
}

export function isFalse(conditions: readonly Condition[] | undefined, type: string): boolean {
  return getCondition(conditions, type)?.status === 'False';
}
