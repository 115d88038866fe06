// What the restore did to each item it considered (spec/velero.md §2.3, §5.8): the source of the
// resource list (`ns/name(action)`) and of status.progress.

export type ItemAction = 'created' | 'updated' | 'skipped' | 'failed';

interface Entry {
  resourceKey: string;
  namespace: string;
  name: string;
  action: ItemAction | undefined;
}

export class RestoredItems {
  private readonly items = new Map<string, Entry>();

  private static key(resourceKey: string, namespace: string, name: string): string {
    return `${resourceKey}\u0000${namespace}\u0000${name}`;
  }

  has(resourceKey: string, namespace: string, name: string): boolean {
    return this.items.has(RestoredItems.key(resourceKey, namespace, name));
  }

  /** The action so far; undefined for an unknown item or one still open (which ends as `failed`). */
  actionOf(resourceKey: string, namespace: string, name: string): ItemAction | undefined {
    return this.items.get(RestoredItems.key(resourceKey, namespace, name))?.action;
  }

  /** Claims an item; its action stays open until set, and an item left open counts as failed. */
  claim(resourceKey: string, namespace: string, name: string): void {
    this.items.set(RestoredItems.key(resourceKey, namespace, name), { resourceKey, namespace, name, action: undefined });
  }

  set(resourceKey: string, namespace: string, name: string, action: ItemAction): void {
    this.items.set(RestoredItems.key(resourceKey, namespace, name), { resourceKey, namespace, name, action });
  }

  get size(): number {
    return this.items.size;
  }

  /** `{"v1/ConfigMap": ["ns/a(created)", …]}`, values sorted, keys sorted as Go writes a map. */
  resourceList(): Record<string, string[]> {
    const byKey = new Map<string, string[]>();
    for (const e of this.items.values()) {
      const entry = `${e.namespace ? `${e.namespace}/${e.name}` : e.name}(${e.action ?? 'failed'})`;
      let list = byKey.get(e.resourceKey);
      if (!list) byKey.set(e.resourceKey, (list = []));
      list.push(entry);
    }
    const out: Record<string, string[]> = {};
    for (const key of [...byKey.keys()].sort()) out[key] = (byKey.get(key) ?? []).sort();
    return out;
  }
}
