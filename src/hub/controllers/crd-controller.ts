import type { Logger } from 'pino';
import type { HubContext } from '../rest/context.js';
import type { RestStore } from '../rest/rest-store.js';
import { CRD_CLEANUP_FINALIZER } from '../rest/crd-strategy.js';
import { removeFinalizer } from '../rest/finalizers.js';
import { KeyQueue } from './key-queue.js';

const CRDS = 'apiextensions.k8s.io/customresourcedefinitions';

/**
 * Keeps the served resource types in step with stored CRDs (synchronously, as part of publishing
 * the change, so a client that was told "created" can use the new resource at once), and empties a
 * deleted CRD of its objects before letting it go.
 */
export class CrdController {
  readonly queue: KeyQueue;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly ctx: HubContext,
    private readonly rest: RestStore,
    private readonly log: Logger,
  ) {
    this.queue = new KeyQueue(
      (name) => this.cleanup(name),
      (name, err) => this.log.warn({ err, crd: name }, 'CRD cleanup failed; retrying'),
    );
  }

  /** Loads every stored CRD; call before serving. */
  load(): void {
    for (const crd of this.ctx.store.scan(CRDS, '')) this.ctx.registry.applyCrd(crd, crd.metadata.name ?? '');
  }

  start(): void {
    this.unsubscribe = this.ctx.watchHub.add({
      storageKey: CRDS,
      onChange: (change) => {
        this.ctx.registry.applyCrd(change.type === 'DELETED' ? undefined : change.object, change.name);
        if (change.type !== 'DELETED' && change.object.metadata.deletionTimestamp) this.queue.add(change.name);
      },
    });
    const deleting = [...this.ctx.store.scan(CRDS, '')].filter((c) => c.metadata.deletionTimestamp);
    for (const crd of deleting) this.queue.add(crd.metadata.name ?? '');
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private async cleanup(name: string): Promise<void> {
    const crd = this.ctx.store.get({ storageKey: CRDS, namespace: '', name });
    if (!crd || !crd.metadata.deletionTimestamp) return;
    const rt = this.ctx.registry.crdType(name);
    if (rt) {
      const keys = this.ctx.store.keysOf(rt.storageKey);
      for (const k of keys)
        await this.rest.deleteByKey({ storageKey: rt.storageKey, namespace: k.namespace, name: k.name }, { propagationPolicy: 'Background' });
      if (this.ctx.store.count(rt.storageKey, undefined) > 0) {
        // Objects held by their own finalizers; their deletion re-queues nothing, so look again.
        setTimeout(() => this.queue.add(name), 1000).unref();
        return;
      }
    }
    await removeFinalizer(this.rest, { storageKey: CRDS, namespace: '', name }, CRD_CLEANUP_FINALIZER);
  }
}
