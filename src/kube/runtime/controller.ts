import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { KubeClient } from '../client.js';
import type { Clock } from '../clock.js';
import { splitApiVersion } from '../paths.js';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceRef } from '../types.js';
import type { CacheReader, ControllerSpec, EventRecorder, ReconcileRequest, ReconcileResult } from './contract.js';
import type { RuntimeMetrics } from './metrics.js';
import type { SharedInformer, SharedInformers } from './shared-informers.js';
import { WorkQueue, type WorkQueueOptions } from './work-queue.js';

export interface ControllerDeps {
  client: KubeClient;
  clock: Clock;
  cache: SharedInformers;
  events: EventRecorder;
  metrics: RuntimeMetrics;
  log: Logger;
  queue?: Omit<WorkQueueOptions, 'clock' | 'onDepthChange'>;
}

export interface DrainOptions {
  /** How long in-flight reconciles may run on before their signal aborts. */
  timeoutMs: number;
  /** How long to wait for aborted reconciles to return. */
  abortGraceMs: number;
}

/**
 * One controller: turns informer changes into keys, and runs the reconciler over them with
 * `concurrency` workers. Workers can be started and stopped repeatedly (leadership comes and goes);
 * the queue and the event wiring live as long as the controller.
 */
export class Controller {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  private readonly log: Logger;
  private primary: SharedInformer | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  private workers: { stop: AbortController; done: Promise<void> } | undefined;
  /** Abort controllers of the reconciles running now, so a drain can cancel stragglers. */
  private readonly running = new Set<AbortController>();

  constructor(
    readonly spec: ControllerSpec,
    private readonly deps: ControllerDeps,
  ) {
    this.name = spec.name;
    this.log = deps.log.child({ controller: spec.name });
    this.queue = new WorkQueue<string>({
      ...deps.queue,
      clock: deps.clock,
      onDepthChange: (depth) => deps.metrics.setDepth(spec.name, depth),
    });
    deps.metrics.registerController(spec.name);
  }

  /** Creates (or joins) the informers this controller needs and subscribes to their changes. */
  async wire(): Promise<void> {
    const { cache } = this.deps;
    const primary = await cache.informerFor(this.spec.for, this.spec.namespace);
    this.primary = primary;
    const enqueueOwn = (obj: KubeObject): void => this.enqueueObject(obj);
    this.subscribe(primary, enqueueOwn);

    for (const owned of this.spec.owns ?? []) {
      const shared = await cache.informerFor(owned, this.spec.namespace);
      this.subscribe(shared, (obj) => this.enqueueOwner(obj, primary.ref));
    }
    for (const watch of this.spec.watches ?? []) {
      const shared = await cache.informerFor(watch.target, watch.namespace);
      this.subscribe(shared, (obj) => {
        let requests: ReconcileRequest[];
        try {
          requests = watch.map(obj, () => primary.informer.list());
        } catch (err) {
          this.log.error({ err: errorText(err), name: obj.metadata?.name, namespace: obj.metadata?.namespace }, 'watch mapping failed');
          return;
        }
        for (const req of requests) this.enqueue(req);
      });
    }
  }

  enqueue(req: ReconcileRequest): void {
    this.queue.add(keyFor(req.namespace, req.name));
  }

  /** Enqueues every primary object the cache holds: what a new leader must look at. */
  enqueueAll(): void {
    for (const obj of this.primary?.informer.list() ?? []) this.enqueueObject(obj);
  }

  get isRunning(): boolean {
    return this.workers !== undefined;
  }

  startWorkers(): void {
    if (this.workers) return;
    const stop = new AbortController();
    const count = Math.max(1, Math.floor(this.spec.concurrency ?? 1));
    const loops = Array.from({ length: count }, () => this.work(stop.signal));
    this.workers = { stop, done: Promise.all(loops).then(() => undefined) };
    this.log.info({ workers: count }, 'controller started');
  }

  /**
   * Stops taking keys, lets in-flight reconciles finish within the deadline, then aborts them.
   * Keys still queued stay queued for the next start (e.g. when leadership returns).
   */
  async stopWorkers(opts: DrainOptions): Promise<void> {
    const workers = this.workers;
    if (!workers) return;
    workers.stop.abort();
    let idle = await this.queue.waitForIdle(opts.timeoutMs);
    if (!idle) {
      this.log.warn({ inFlight: this.running.size }, 'reconciles still running at the shutdown deadline; aborting them');
      for (const ac of this.running) ac.abort(new Error('the controller is stopping'));
      idle = await this.queue.waitForIdle(opts.abortGraceMs);
      if (!idle) this.log.error({ inFlight: this.running.size }, 'reconciles ignored their abort signal; leaving them behind');
    }
    if (idle) await workers.done;
    this.workers = undefined;
    this.log.info('controller stopped');
  }

  /** Final shutdown: also drops the informer subscriptions and pending delayed keys. */
  async close(opts: DrainOptions): Promise<void> {
    this.queue.shutDown();
    await this.stopWorkers(opts);
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private subscribe(shared: SharedInformer, handle: (obj: KubeObject) => void): void {
    const informer = shared.informer;
    this.unsubscribe.push(
      informer.onAdd((obj) => handle(obj)),
      informer.onUpdate((oldObj, newObj) => {
        handle(newObj);
        // An owner reference that changed (or a mapping that depended on old state) concerns the old key too.
        if (oldObj !== newObj) handle(oldObj);
      }),
      informer.onDelete((obj) => handle(obj)),
    );
    // Objects cached before this controller joined a running informer.
    if (informer.hasSynced) for (const obj of informer.list()) handle(obj);
  }

  private enqueueObject(obj: KubeObject): void {
    const name = obj.metadata?.name;
    if (name) this.queue.add(keyFor(obj.metadata?.namespace ?? '', name));
  }

  private enqueueOwner(obj: KubeObject, primary: ResourceRef): void {
    const owner = obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
    if (!owner || owner.kind !== primary.kind || splitApiVersion(owner.apiVersion).group !== primary.group) return;
    // Owners live in their dependent's namespace, or are cluster-scoped.
    this.queue.add(keyFor(primary.namespaced ? (obj.metadata?.namespace ?? '') : '', owner.name));
  }

  private async work(stop: AbortSignal): Promise<void> {
    for (;;) {
      const key = await this.queue.get(stop);
      if (key === undefined) return;
      try {
        await this.reconcileKey(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async reconcileKey(key: string): Promise<void> {
    const req = requestOf(key);
    const log = this.log.child({ namespace: req.namespace || undefined, name: req.name });
    const abort = new AbortController();
    // A reconcile may run many requests at once (a restore writes in parallel), each listening on
    // this signal: that is not a leak, so Node's 10-listener warning does not apply.
    setMaxListeners(0, abort.signal);
    this.running.add(abort);
    const started = performance.now();
    const clockAtStart = this.deps.clock.now();
    let result: ReconcileResult | void;
    try {
      result = await this.spec.reconciler.reconcile(req, {
        signal: abort.signal,
        client: this.deps.client,
        clock: this.deps.clock,
        events: this.deps.events,
        cache: this.deps.cache satisfies CacheReader,
      });
    } catch (err) {
      const seconds = (performance.now() - started) / 1000;
      this.deps.metrics.observeReconcile(this.name, 'error', seconds);
      if (abort.signal.aborted) {
        // Cut short by shutdown: the next leader or start picks the key up again.
        this.queue.add(key);
        log.warn({ err: errorText(err) }, 'reconcile aborted by shutdown');
        return;
      }
      const retries = this.queue.retries(key);
      const retryInMs = this.queue.addRateLimited(key);
      this.deps.metrics.retried(this.name);
      log.error({ err: errorText(err), retries: retries + 1, retryInMs }, 'reconcile failed; will retry');
      log.debug({ stack: err instanceof Error ? err.stack : undefined }, 'reconcile failure stack');
      return;
    } finally {
      this.running.delete(abort);
    }
    const seconds = (performance.now() - started) / 1000;
    this.queue.forget(key);
    const requeueAfterMs = result?.requeueAfterMs;
    if (requeueAfterMs !== undefined && requeueAfterMs >= 0) {
      // The reconciler measured its delay from the time it read at its start. When the clock
      // jumped meanwhile (an injected clock moved forward, or the wall clock stepped), the jump
      // counts against the delay: a deadline it aimed at is not pushed back by the jump.
      const jumpedMs = Math.max(0, this.deps.clock.now() - clockAtStart - (performance.now() - started));
      this.queue.addAfter(key, Math.max(0, requeueAfterMs - jumpedMs));
      this.deps.metrics.observeReconcile(this.name, 'requeue', seconds);
      log.debug({ requeueAfterMs, seconds }, 'reconciled; requeued');
    } else {
      this.deps.metrics.observeReconcile(this.name, 'success', seconds);
      log.debug({ seconds }, 'reconciled');
    }
  }
}

/** Queue keys are `namespace/name`, or `name` alone for cluster-scoped objects (names never hold '/'). */
function keyFor(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function requestOf(key: string): ReconcileRequest {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
