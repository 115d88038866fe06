// controller-runtime's CreateOrUpdate: read the object (or start from its name), let `mutate` bring
// it to the wanted state, and write only when that changed something.
import { isNotFound, type KubeClient, type ResourceRef } from '../kube/index.js';
import { jsonEqual } from '../util/json.js';
import type { Typed } from './kinds.js';

export type Operation = 'created' | 'updated' | 'unchanged';

export async function createOrUpdate<T extends Typed>(
  client: KubeClient,
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  mutate: (obj: T, isNew: boolean) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<{ obj: T; op: Operation }> {
  let current: T | undefined;
  try {
    current = await client.get<T>(ref, name, { namespace, signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!current) {
    const fresh = {
      apiVersion: ref.group ? `${ref.group}/${ref.version}` : ref.version,
      kind: ref.kind,
      metadata: { name, ...(namespace ? { namespace } : {}) },
    } as T;
    await mutate(fresh, true);
    return { obj: await client.create<T>(ref, fresh, { signal }), op: 'created' };
  }
  const wanted = structuredClone(current);
  await mutate(wanted, false);
  if (jsonEqual(wanted, current)) return { obj: current, op: 'unchanged' };
  return { obj: await client.update<T>(ref, wanted, { signal }), op: 'updated' };
}

/** Sets the controller ownerReference to `ref` unless the object already has it; true when it changed. */
export function setControllerReference(obj: Typed, ref: { apiVersion: string; kind: string; name: string; uid: string }): boolean {
  const refs = (obj.metadata.ownerReferences ??= []);
  const existing = refs.find((r) => r.controller === true);
  if (existing) {
    if (existing.uid !== ref.uid) throw new Error(`${obj.kind ?? 'object'} ${obj.metadata.name} is already controlled by ${existing.kind} ${existing.name}`);
    return false;
  }
  refs.push({ ...ref, controller: true, blockOwnerDeletion: true });
  return true;
}

/** Adds a non-controller ownerReference unless present. */
export function addOwnerReference(obj: Typed, ref: { apiVersion: string; kind: string; name: string; uid: string }): boolean {
  const refs = (obj.metadata.ownerReferences ??= []);
  if (refs.some((r) => r.uid === ref.uid)) return false;
  refs.push({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid });
  return true;
}
