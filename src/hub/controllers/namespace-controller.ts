import type { Logger } from 'pino';
import type { HubContext } from '../rest/context.js';
import { metaTime } from '../../api/meta.js';
import type { RestStore } from '../rest/rest-store.js';
import { NAMESPACES_STORAGE_KEY, finalizeNamespace, setNamespaceStatus } from '../rest/namespace-lifecycle.js';
import { KeyQueue } from './key-queue.js';

/**
 * Empties a terminating namespace: deletes every object in it (their finalizers are honoured), and
 * when nothing is left drops the `kubernetes` finalizer so the namespace itself goes away.
 */
export class NamespaceController {
  readonly queue: KeyQueue;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly ctx: HubContext,
    private readonly rest: RestStore,
    private readonly log: Logger,
  ) {
    this.queue = new KeyQueue(
      (ns) => this.sync(ns),
      (ns, err) => this.log.warn({ err, namespace: ns }, 'namespace cleanup failed; retrying'),
    );
  }

  start(): void {
    this.unsubscribe = this.ctx.watchHub.add({
      onChange: (change) => {
        if (change.storageKey === NAMESPACES_STORAGE_KEY) {
          if (change.object.metadata.deletionTimestamp && change.type !== 'DELETED') this.queue.add(change.name);
        } else if (change.type === 'DELETED' && change.namespace && this.isTerminating(change.namespace)) {
          this.queue.add(change.namespace);
        } else if (change.namespace && change.object.metadata.deletionTimestamp && this.isTerminating(change.namespace)) {
          this.queue.add(change.namespace);
        }
      },
    });
    // Finish what a previous run started.
    const terminating = [...this.ctx.store.scan(NAMESPACES_STORAGE_KEY, '')].filter((ns) => ns.metadata.deletionTimestamp);
    for (const ns of terminating) this.queue.add(ns.metadata.name ?? '');
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private isTerminating(name: string): boolean {
    return Boolean(this.ctx.store.get({ storageKey: NAMESPACES_STORAGE_KEY, namespace: '', name })?.metadata.deletionTimestamp);
  }

  private async sync(name: string): Promise<void> {
    const ns = this.ctx.store.get({ storageKey: NAMESPACES_STORAGE_KEY, namespace: '', name });
    if (!ns || !ns.metadata.deletionTimestamp) return;
    const remaining: { storageKey: string; name: string; finalizers: string[] }[] = [];
    for (const storageKey of this.ctx.store.storageKeysInNamespace(name)) {
      // Collect first: SQLite refuses writes while a read cursor is open.
      const objects = [...this.ctx.store.scan(storageKey, name)];
      for (const obj of objects) {
        const key = { storageKey, namespace: name, name: obj.metadata.name ?? '' };
        if (!obj.metadata.deletionTimestamp) await this.rest.deleteByKey(key, { propagationPolicy: 'Background' });
        const still = this.ctx.store.get(key);
        if (still) remaining.push({ storageKey, name: key.name, finalizers: still.metadata.finalizers ?? [] });
      }
    }
    if (remaining.length === 0) {
      await finalizeNamespace(this.rest, name);
      return;
    }
    const finalizers = [...new Set(remaining.flatMap((r) => r.finalizers))].sort();
    const now = metaTime(this.ctx.clock.now());
    const conditions = [
      {
        type: 'NamespaceContentRemaining',
        status: 'True',
        lastTransitionTime: now,
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${summarise(remaining)}`,
      },
      ...(finalizers.length > 0
        ? [
            {
              type: 'NamespaceFinalizersRemaining',
              status: 'True',
              lastTransitionTime: now,
              reason: 'SomeFinalizersRemain',
              message: `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`,
            },
          ]
        : []),
    ];
    const status = (ns.status ?? {}) as { conditions?: { type: string; message: string }[] };
    const same =
      conditions.every((c) => status.conditions?.some((o) => o.type === c.type && o.message === c.message)) && status.conditions?.length === conditions.length;
    if (!same) await setNamespaceStatus(this.rest, name, { phase: 'Terminating', conditions });
    // Objects held by finalizers are revisited when they change (their deletion wakes this up).
  }
}

function summarise(remaining: { storageKey: string }[]): string {
  const counts = new Map<string, number>();
  for (const r of remaining) {
    const [group, resource] = r.storageKey.split('/');
    const name = group ? `${resource}.${group}` : resource;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].map(([n, c]) => `${n} has ${c} resource instances`).join(', ');
}
