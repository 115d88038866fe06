// The objects already in the target, per type and namespace, listed once (as Velero's informer
// cache does): restoring into an empty cluster costs one create per item and no GET, and restoring
// over existing objects (a passive hub's sync) compares against the listed object instead of a GET
// per item. A (type, namespace) is released once its items are done, so memory holds one
// namespace's objects of one type at a time, not the whole target.
import type { KubeClient, ResourceRef } from '../../../kube/index.js';
import type { Item } from './item-object.js';

/** What the cache knows about one object: it exists (as listed), it does not, or the list failed. */
export type Existence = { known: true; live: Item | undefined } | { known: false };

const UNKNOWN: Existence = { known: false };
const ABSENT: Existence = { known: true, live: undefined };

export class ExistingObjects {
  private readonly lists = new Map<string, Promise<Map<string, Item> | undefined>>();
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

  async lookup(ref: ResourceRef, namespace: string, name: string): Promise<Existence> {
    if (namespace !== '' && this.fresh.has(namespace)) return ABSENT;
    const key = keyOf(ref, namespace);
    let objects = this.lists.get(key);
    if (!objects) {
      objects = this.list(ref, namespace);
      this.lists.set(key, objects);
    }
    const map = await objects;
    return map ? { known: true, live: map.get(name) } : UNKNOWN;
  }

  /** The items of this type in this namespace are done: drop what was listed for them (at every version). */
  release(group: string, plural: string, namespace: string): void {
    const prefix = `${group}/`;
    const suffix = `/${plural}\u0000${namespace}`;
    for (const key of this.lists.keys()) if (key.startsWith(prefix) && key.endsWith(suffix) && key.split('/').length === 3) this.lists.delete(key);
  }

  private async list(ref: ResourceRef, namespace: string): Promise<Map<string, Item> | undefined> {
    try {
      const map = new Map<string, Item>();
      for await (const o of this.client.listAll<Item>(ref, { namespace: namespace || undefined, signal: this.signal })) map.set(o.metadata?.name ?? '', o);
      return map;
    } catch {
      return undefined;
    }
  }
}

function keyOf(ref: ResourceRef, namespace: string): string {
  return `${ref.group}/${ref.version}/${ref.plural}\u0000${namespace}`;
}
