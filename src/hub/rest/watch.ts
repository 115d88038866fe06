import { ApiError, expired } from '../errors.js';
import { groupVersion, storageVersion, type ResourceType } from '../registry/resource-type.js';
import type { ApiObject } from '../../api/meta.js';
import type { CachedChange, ChangeCache } from '../storage/change-cache.js';
import type { HubContext } from './context.js';
import type { ObjectFilter } from './object-filter.js';
import { present } from './presenter.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export type ChangeEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Where a watch's events go, one line each. */
export interface WatchSink {
  /**
   * False when the client has not taken what was written yet: the stream waits for `onDrain`.
   * A Buffer line may be shared with other watches: send it, never change it.
   */
  write(line: string | Buffer): boolean;
  onDrain(resume: () => void): void;
  close(): void;
}

/** Turns events into lines: JSON as stored, or a one-row Table for `kubectl get -w`. */
export interface WatchEncoder {
  /** `object` is shared with other watchers: read it, never change it. */
  change(type: ChangeEventType, object: () => ApiObject, json: () => string): string;
  status(type: 'ERROR' | 'BOOKMARK', object: Record<string, unknown>): string;
  /**
   * True when a change's line depends only on its type and JSON text: every watch of the same
   * version then sends the same bytes, encoded once and kept with the change.
   */
  readonly linesShareable?: boolean;
}

export interface WatchOptions {
  resourceVersion: string;
  allowBookmarks: boolean;
  /** Set explicitly, or by the apiserver's WatchList defaults for a watch from "now"/"any". */
  sendInitialEvents?: boolean;
}

export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** Entries a catching-up watcher handles before it lets other work run. */
const SLICE = 5000;

interface Presented {
  rt: ResourceType;
  json: string;
  object?: ApiObject;
  /** The wire line of each event type, for encoders whose lines are shareable. */
  lines?: Partial<Record<ChangeEventType, Buffer>>;
}

/**
 * One watch: an optional snapshot of current objects, then every change after its starting
 * resourceVersion, read from the shared watch cache (ChangeCache) at the pace the client takes
 * them. While it is behind it reads the cache, in slices; once it has caught up it hears each
 * change as it commits. A client that stops reading makes it fall behind again, never buffer
 * without bound; one that falls behind the change log's compaction gets 410 Gone.
 */
export class WatchStream {
  private pending: string[] = [];
  private pendingAt = 0;
  private lastRv = 0;
  private live = false;
  private blocked = false;
  private scheduled = false;
  private closed = false;
  private announced = false;
  private unsubscribe: () => void = () => undefined;
  private readonly cache: ChangeCache;

  constructor(
    private readonly ctx: HubContext,
    private readonly rt: ResourceType,
    private readonly version: string,
    private readonly filter: ObjectFilter,
    private readonly opts: WatchOptions,
    private readonly sink: WatchSink,
    private readonly encoder: WatchEncoder,
  ) {
    this.cache = ctx.changeCache;
  }

  start(): void {
    const rvText = this.opts.resourceVersion;
    const head = this.cache.head();
    const fromNow = rvText === '' || rvText === '0';
    if (!fromNow) {
      const from = Number(rvText);
      if (from < this.cache.compactedRv()) return this.fail(tooOld(from, this.cache.compactedRv()));
      // A version this hub has not reached (a client that remembers another store's versions).
      // Bookmarking it would make the client skip every change up to it; tell it to relist.
      if (from > head) return this.fail(tooLargeResourceVersion(from, head));
      this.lastRv = from;
    } else {
      this.lastRv = head;
    }
    if (this.opts.sendInitialEvents === true || (fromNow && this.opts.sendInitialEvents === undefined)) {
      this.snapshot();
      this.lastRv = head;
      if (this.opts.allowBookmarks && this.opts.sendInitialEvents === true) {
        this.pending.push(this.encoder.status('BOOKMARK', this.bookmarkObject(head, true)));
        this.announced = true;
      }
    }
    this.unsubscribe = this.cache.subscribe(this.rt.storageKey, (entry) => this.onLive(entry));
    this.pump();
  }

  /** A periodic BOOKMARK: only when every change up to the head has been sent. */
  bookmark(): void {
    if (!this.opts.allowBookmarks || !this.live || this.blocked || this.closed) return;
    this.write(this.encoder.status('BOOKMARK', this.bookmarkObject(this.cache.head(), false)));
  }

  stop(): void {
    this.closed = true;
    this.unsubscribe();
  }

  // ------------------------------------------------------------------------------------------

  private snapshot(): void {
    const { rt, version, filter } = this;
    for (const stored of this.ctx.store.scan(rt.storageKey, filter.namespace, undefined, filter.name)) {
      const object = present(rt, version, stored);
      if (filter.matches(object)) this.pending.push(this.encoder.change('ADDED', () => object, () => JSON.stringify(object)));
    }
  }

  private onLive(entry: CachedChange): void {
    if (!this.live || this.blocked || this.closed || entry.rv <= this.lastRv) return;
    this.lastRv = entry.rv;
    this.deliver(entry);
  }

  private pump(): void {
    this.scheduled = false;
    if (this.closed || this.blocked) return;
    while (this.pendingAt < this.pending.length) {
      const line = this.pending[this.pendingAt++];
      if (!this.write(line)) return;
    }
    this.pending = [];
    this.pendingAt = 0;
    let handled = 0;
    const selection = { storageKey: this.rt.storageKey, namespace: this.filter.namespace };
    for (;;) {
      const next = this.cache.read(this.lastRv, selection);
      if (next === 'caught-up') break;
      if (next === 'expired') return this.fail(tooOld(this.lastRv, this.cache.compactedRv()));
      const { entries } = next;
      for (let i = next.from; i < entries.length; i++) {
        const entry = entries[i];
        this.lastRv = entry.rv;
        this.deliver(entry);
        if (this.closed || this.blocked) return;
        if (++handled >= SLICE) return this.schedule();
      }
      this.lastRv = Math.max(this.lastRv, next.through);
    }
    this.live = true;
    if (!this.announced && this.opts.allowBookmarks) {
      this.announced = true;
      this.bookmark();
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private write(line: string | Buffer): boolean {
    if (this.closed) return false;
    if (this.sink.write(line)) return true;
    this.blocked = true;
    this.live = false;
    this.sink.onDrain(() => {
      this.blocked = false;
      this.pump();
    });
    return false;
  }

  private fail(status: ApiError): void {
    this.write(this.encoder.status('ERROR', status.toStatus() as unknown as Record<string, unknown>));
    this.stop();
    this.sink.close();
  }

  /** What this watcher sees of a change, selector transitions included (kube-api spec §2.10). */
  private deliver(entry: CachedChange): void {
    const { filter } = this;
    if (filter.namespace !== undefined && entry.namespace !== filter.namespace) return;
    if (filter.name !== undefined && entry.name !== filter.name) return;
    const current = this.presented(entry, 'p', () => this.cache.json(entry));
    // The stored object was compacted away while this watcher was behind.
    if (!current) return this.fail(tooOld(entry.rv - 1, this.cache.compactedRv()));
    const emit = (type: ChangeEventType): void => {
      this.write(this.changeLine(entry, current, type));
    };
    if (filter.selectsAll) return emit(entry.type);
    const nowMatches = filter.matches(this.objectOf(entry, current));
    // A deletion's object is the last state with the deletion's version: it matches as that did.
    if (entry.type === 'DELETED' || entry.type === 'ADDED') {
      if (nowMatches) emit(entry.type);
      return;
    }
    const before = this.presented(entry, 'q', () => this.cache.previousJson(entry));
    if (!before) {
      // The previous state was compacted away while this watcher was behind.
      return this.fail(tooOld(entry.rv - 1, this.cache.compactedRv()));
    }
    const wasMatching = filter.matches(this.objectOf(entry, before));
    if (nowMatches && wasMatching) emit('MODIFIED');
    else if (nowMatches) emit('ADDED');
    else if (wasMatching) emit('DELETED');
  }

  /**
   * The entry in this watch's version, shared by every watcher of that version: the stored text
   * itself where presenting changes nothing, else presented once and kept with the entry.
   */
  private presented(entry: CachedChange, which: 'p' | 'q', stored: () => string | undefined): Presented | undefined {
    const key = `${which}:${this.version}`;
    const memo = entry.memo?.get(key) as Presented | undefined;
    if (memo && memo.rt === this.rt) return memo;
    const json = stored();
    if (json === undefined) return undefined;
    let made: Presented;
    if (servesStored(this.rt, this.version)) {
      made = { rt: this.rt, json };
    } else {
      const object = present(this.rt, this.version, JSON.parse(json) as ApiObject);
      made = { rt: this.rt, object, json: JSON.stringify(object) };
      this.cache.account(entry, made.json.length * 3);
    }
    (entry.memo ??= new Map()).set(key, made);
    return made;
  }

  private changeLine(entry: CachedChange, p: Presented, type: ChangeEventType): string | Buffer {
    const line = (): string => this.encoder.change(type, () => this.objectOf(entry, p), () => p.json);
    if (!this.encoder.linesShareable) return line();
    const lines = (p.lines ??= {});
    let shared = lines[type];
    if (!shared) {
      shared = Buffer.from(line());
      lines[type] = shared;
      this.cache.account(entry, shared.length);
    }
    return shared;
  }

  private objectOf(entry: CachedChange, p: Presented): ApiObject {
    if (!p.object) {
      p.object = JSON.parse(p.json) as ApiObject;
      this.cache.account(entry, p.json.length * 2);
    }
    return p.object;
  }

  private bookmarkObject(rv: number, initialEventsEnd: boolean): Record<string, unknown> {
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (initialEventsEnd) metadata.annotations = { [INITIAL_EVENTS_END]: 'true' };
    return { kind: this.rt.kind, apiVersion: groupVersion(this.rt.group, this.version), metadata };
  }
}

/** Built-in kinds in their storage version are served exactly as stored. */
function servesStored(rt: ResourceType, version: string): boolean {
  return !rt.crdName && !rt.view && version === storageVersion(rt);
}

function tooOld(rv: number, compacted: number): ApiError {
  return expired(`too old resource version: ${rv} (${compacted + 1})`);
}

function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}
