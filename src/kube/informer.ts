import type { Logger } from 'pino';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { KubeClient, SelectorOptions } from './client.js';
import { systemClock, type Clock } from './clock.js';
import { KubeApiError, isExpired } from './errors.js';
import { apiVersionOf } from './paths.js';
import type { KubeObject } from '../api/meta.js';
import { keyOf, objectKey, type ResourceRef, type ResourceTarget } from './types.js';
import type { WatchEvent } from './watch.js';

export interface InformerOptions extends SelectorOptions {
  /** Omit for a namespaced resource to watch every namespace. */
  namespace?: string;
  /** Page size of the initial list and of relists. Default 500. */
  pageSize?: number;
  /** Re-deliver every cached object as an update this often. 0 (default) turns it off. */
  resyncIntervalMs?: number;
  /** Retry delays after failures; default 1 s doubling to 30 s, with up to 20 % jitter. */
  backoff?: BackoffOptions;
  clock?: Clock;
  /** Server-side length of each watch; default random 300–600 s. */
  watchTimeoutSeconds?: number;
  log?: Logger;
}

export type AddHandler<T> = (obj: T) => void | Promise<void>;
export type UpdateHandler<T> = (oldObj: T, newObj: T) => void | Promise<void>;
/** After a relist, the object is the last state the cache knew: the final state was missed. */
export type DeleteHandler<T> = (obj: T) => void | Promise<void>;
export type ErrorHandler = (err: unknown, retryInMs: number) => void;

// A watch that ends this quickly without delivering anything is treated as a failure, so that a
// server which closes every stream at once is not hammered with reconnects.
const SHORT_WATCH_MS = 1000;

type Outcome = 'ended' | 'expired';

/**
 * A list-then-watch cache of one resource (optionally narrowed by namespace and selectors).
 *
 * Subscribers see every change exactly in the order the cache applies it. When the watch falls so
 * far behind that the server no longer has the history (410), the informer relists and delivers
 * the difference between the cache and the new list as adds, updates and deletes, so nobody
 * misses a change. Handlers may be async: the next event waits for them.
 */
export class Informer<T extends KubeObject = KubeObject> {
  private cache = new Map<string, T>();
  private rv: string | undefined;
  private readonly addHandlers = new Set<AddHandler<T>>();
  private readonly updateHandlers = new Set<UpdateHandler<T>>();
  private readonly deleteHandlers = new Set<DeleteHandler<T>>();
  private readonly errorHandlers = new Set<ErrorHandler>();
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private readonly clock: Clock;
  private deliveries: Promise<void> = Promise.resolve();
  private loops: Promise<void>[] = [];
  private started = false;
  private isSynced = false;
  private expiredInARow = 0;
  private readonly syncedPromise: Promise<void>;
  private resolveSynced!: () => void;
  private rejectSynced!: (err: Error) => void;

  constructor(
    private readonly client: KubeClient,
    private readonly target: ResourceTarget,
    private readonly opts: InformerOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.backoff = new Backoff(opts.backoff);
    this.syncedPromise = new Promise<void>((resolve, reject) => {
      this.resolveSynced = resolve;
      this.rejectSynced = reject;
    });
    // Nobody is obliged to wait for sync; a stop before it must not become an unhandled rejection.
    this.syncedPromise.catch(() => undefined);
  }

  onAdd(handler: AddHandler<T>): () => void {
    return subscribe(this.addHandlers, handler);
  }

  onUpdate(handler: UpdateHandler<T>): () => void {
    return subscribe(this.updateHandlers, handler);
  }

  onDelete(handler: DeleteHandler<T>): () => void {
    return subscribe(this.deleteHandlers, handler);
  }

  /** Told about every failed list or watch, with the delay before the next attempt. */
  onError(handler: ErrorHandler): () => void {
    return subscribe(this.errorHandlers, handler);
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    this.loops.push(this.run());
    if (this.opts.resyncIntervalMs && this.opts.resyncIntervalMs > 0) this.loops.push(this.resyncLoop(this.opts.resyncIntervalMs));
    return this;
  }

  /** Resolves once the first list has been delivered to the handlers. */
  synced(): Promise<void> {
    return this.syncedPromise;
  }

  get hasSynced(): boolean {
    return this.isSynced;
  }

  /** The resourceVersion the cache reflects; the next watch resumes from it. */
  get resourceVersion(): string | undefined {
    return this.rv;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(objectKey(namespace, name));
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (!this.isSynced) this.rejectSynced(new Error('the informer was stopped before it synced'));
    await Promise.all(this.loops);
    await this.deliveries;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    let mustList = true;
    while (!signal.aborted) {
      try {
        if (mustList) {
          await this.relist(signal);
          mustList = false;
        }
        if ((await this.watchOnce(signal)) === 'expired') {
          mustList = true;
          await this.pauseAfterExpiry(signal);
        }
      } catch (err) {
        if (signal.aborted) break;
        if (isExpired(err)) {
          mustList = true;
          await this.pauseAfterExpiry(signal);
          continue;
        }
        // As client-go's reflector does: when the server itself rejects the watch (e.g. a
        // resourceVersion it has not reached yet), resuming from the same version cannot help.
        // Connection failures and throttling only need the same watch again.
        if (err instanceof KubeApiError && err.code !== 429) mustList = true;
        await this.retryLater(err, signal);
      }
    }
  }

  /** Lists everything (page by page) and delivers the difference to the cache. */
  private async relist(signal: AbortSignal): Promise<void> {
    const ref = await this.client.resolve(this.target);
    const items: T[] = [];
    let listRv: string | undefined;
    let token: string | undefined;
    do {
      const page = await this.client.list<T>(ref, {
        namespace: this.opts.namespace,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        limit: this.opts.pageSize ?? 500,
        continue: token,
        signal,
      });
      listRv ??= page.metadata?.resourceVersion;
      const kind = ref.kind ?? page.kind?.replace(/List$/, '');
      for (const item of page.items) items.push(withType(ref, kind, item));
      token = page.metadata?.continue || undefined;
    } while (token);
    if (signal.aborted) return;
    // The back-off is reset only by a working watch: a server that lists but rejects every watch
    // must see growing delays, not a relist every second.
    await this.deliver(() => this.replace(items, listRv));
    if (!this.isSynced) {
      this.isSynced = true;
      this.resolveSynced();
    }
  }

  private async watchOnce(signal: AbortSignal): Promise<Outcome> {
    const startedAt = this.clock.now();
    let delivered = false;
    const events = this.client.watch<T>(this.target, {
      namespace: this.opts.namespace,
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
      resourceVersion: this.rv,
      allowWatchBookmarks: true,
      timeoutSeconds: this.opts.watchTimeoutSeconds,
      signal,
    });
    for await (const event of events) {
      if (event.type === 'ERROR') {
        const status = event.object;
        if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') return 'expired';
        throw KubeApiError.fromStatus(status, status.code ?? 500);
      }
      if (!delivered) {
        delivered = true;
        this.expiredInARow = 0;
        this.backoff.reset();
      }
      if (event.type === 'BOOKMARK') {
        this.rv = event.object.metadata?.resourceVersion ?? this.rv;
        continue;
      }
      await this.deliver(() => this.apply(event));
    }
    if (!signal.aborted && !delivered && this.clock.now() - startedAt < SHORT_WATCH_MS) {
      await this.retryLater(new Error('the watch ended at once without events'), signal);
    }
    return 'ended';
  }

  /** The first 410 relists at once; repeated ones (a server whose lists are not watchable) back off. */
  private async pauseAfterExpiry(signal: AbortSignal): Promise<void> {
    this.expiredInARow += 1;
    this.opts.log?.info({ resource: describe(this.target), resourceVersion: this.rv }, 'watch history expired; relisting');
    if (this.expiredInARow > 1) await this.retryLater(new Error(`resourceVersion ${this.rv ?? ''} expired again right after a relist`), signal);
  }

  private async retryLater(err: unknown, signal: AbortSignal): Promise<void> {
    const delay = this.backoff.next();
    this.opts.log?.warn({ resource: describe(this.target), err: errorText(err), retryInMs: delay }, 'list/watch failed; retrying');
    for (const h of this.errorHandlers) {
      try {
        h(err, delay);
      } catch {
        // an observer's failure must not stop the informer
      }
    }
    await this.clock.sleep(delay, signal);
  }

  private async resyncLoop(intervalMs: number): Promise<void> {
    const signal = this.abort.signal;
    await this.syncedPromise.catch(() => undefined);
    while (!signal.aborted) {
      await this.clock.sleep(intervalMs, signal);
      if (signal.aborted) break;
      await this.deliver(async () => {
        for (const obj of [...this.cache.values()]) await this.emit(this.updateHandlers, obj, obj);
      });
    }
  }

  /** Cache changes and handler calls run one job at a time, in the order they were queued. */
  private deliver(job: () => Promise<void>): Promise<void> {
    const run = this.deliveries.then(job);
    this.deliveries = run.catch(() => undefined);
    return run;
  }

  private async apply(event: Exclude<WatchEvent<T>, { type: 'ERROR' | 'BOOKMARK' }>): Promise<void> {
    const obj = event.object;
    const key = keyOf(obj);
    const old = this.cache.get(key);
    this.rv = obj.metadata?.resourceVersion ?? this.rv;
    if (event.type === 'DELETED') {
      this.cache.delete(key);
      await this.emit(this.deleteHandlers, obj);
      return;
    }
    this.cache.set(key, obj);
    if (old) await this.emit(this.updateHandlers, old, obj);
    else await this.emit(this.addHandlers, obj);
  }

  private async replace(items: T[], listRv: string | undefined): Promise<void> {
    const previous = this.cache;
    const next = new Map<string, T>();
    for (const item of items) next.set(keyOf(item), item);
    this.cache = next;
    this.rv = listRv;
    for (const [key, obj] of next) {
      const old = previous.get(key);
      if (!old) await this.emit(this.addHandlers, obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) await this.emit(this.updateHandlers, old, obj);
    }
    for (const [key, old] of previous) {
      if (!next.has(key)) await this.emit(this.deleteHandlers, old);
    }
  }

  private async emit<A extends unknown[]>(handlers: Set<(...args: A) => void | Promise<void>>, ...args: A): Promise<void> {
    for (const h of [...handlers]) {
      try {
        await h(...args);
      } catch (err) {
        this.opts.log?.error({ resource: describe(this.target), err: errorText(err) }, 'informer handler failed');
      }
    }
  }
}

function subscribe<H>(set: Set<H>, handler: H): () => void {
  set.add(handler);
  return () => set.delete(handler);
}

/** Real API servers omit apiVersion/kind on list items; watch events carry them. */
function withType<T extends KubeObject>(ref: ResourceRef, kind: string | undefined, item: T): T {
  if (item.apiVersion && item.kind) return item;
  return { ...item, apiVersion: item.apiVersion ?? apiVersionOf(ref), kind: item.kind ?? kind };
}

function describe(target: ResourceTarget): string {
  return 'plural' in target ? `${target.plural}${target.group ? `.${target.group}` : ''}` : `${target.kind}.${target.apiVersion}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
