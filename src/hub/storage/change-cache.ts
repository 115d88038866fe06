// The watch cache: one shared, bounded, in-memory window over the change log, from which every
// API watch is served — live changes as they commit, and resumption from an older
// resourceVersion. A resuming watcher reads the same cached pages as every other watcher, so
// resuming costs what the changes cost, not watchers × changes.
//
// The log is cut into pages of `pageSize` consecutive resourceVersions. A page is complete up to
// the head when it is read, and changes committed later are appended to it, so a page never
// misses a change and a reader never sees one twice. A page read back from SQLite holds what
// each change is (resourceVersion, storage key, namespace, name, type) without the stored
// object: most watchers resuming through it want few of its changes (an informer wants its own
// kind, a watch of one object one name), so the objects are read when a watcher first wants
// one, for all of that page's changes of the same storage key at once, and kept for the others.
// Two pools hold the pages:
//   - the window: the newest pages, filled as changes commit and dropped oldest first once it
//     holds more than `maxChanges` changes or `maxBytes` (estimated) bytes;
//   - pages read back from SQLite for watchers resuming from before the window, within half of
//     those bounds; once full it keeps what it holds, and pages no reader asked for in a while
//     make room (after a restart, while the window has room, they go there: it is empty then, and
//     every informer resumes at once). Watchers resuming together move through the log together,
//     so each such page is read once, not once per watcher; and reading them never pushes the
//     window out, which those watchers read next.
import type { Change, ChangeHead, ChangeType, SqliteStore } from './sqlite-store.js';
import { describeError } from '../../util/safe-error.js';

export interface ChangeCacheOptions {
  /** Changes kept in memory at most… */
  maxChanges: number;
  /** …and bytes of their JSON (plus what decoding them for watchers added). */
  maxBytes: number;
  /** resourceVersions per page: the unit read from SQLite and dropped together. */
  pageSize: number;
}

export const DEFAULT_CHANGE_CACHE: ChangeCacheOptions = { maxChanges: 40_000, maxBytes: 48 * 1024 * 1024, pageSize: 512 };

/** The share of the window's bounds that pages read back from the log may use on top of it. */
const LOG_POOL_SHARE = 0.5;

/** How long a page read back from the log stays when no reader asks for it and the pool is full. */
const LOG_PAGE_IDLE_MS = 2000;

/** What an entry costs beyond its texts: the entry itself and the page's slot. */
const ENTRY_OVERHEAD = 200;

/**
 * One committed change, shared by every watcher. `memo` holds what watchers derived from it
 * (parsed and presented forms); whoever fills it reports the bytes with `ChangeCache.account`.
 */
export class CachedChange {
  memo?: Map<string, unknown>;
  constructor(
    readonly rv: number,
    readonly storageKey: string,
    readonly namespace: string,
    readonly name: string,
    readonly type: ChangeType,
    /**
     * The object as stored, with this change's resourceVersion; read on demand (`ChangeCache.json`)
     * for a change whose page came from the log.
     */
    public json: string | undefined,
    /** The stored previous state, when it came with the change; else read on demand. */
    public previousJson: string | undefined,
    public bytes: number,
    readonly page: Page | undefined,
  ) {}
}

export interface Page {
  readonly index: number;
  readonly entries: CachedChange[];
  bytes: number;
  readonly pool: PagePool;
  /** When a reader last asked for it (performance.now()). */
  used: number;
  /**
   * The page's changes of one storage key (in one namespace), by `selectionKey`: made when a
   * watcher of that selection first reads the page, kept as changes are appended, so each watcher
   * walks only what it may want instead of every change of the page.
   */
  selections?: Map<string, CachedChange[]>;
}

/** What a watcher reads: the changes of one storage key, in one namespace or all of them. */
export interface Selection {
  storageKey: string;
  namespace?: string;
}

/** Bytes a selection's list costs per change it holds (one reference). */
const SELECTION_SLOT_BYTES = 8;

/** Pages within a count and byte bound; dropped from the front (oldest, or least recently used). */
class PagePool {
  readonly pages = new Map<number, Page>();
  changes = 0;
  bytes = 0;

  constructor(
    private readonly maxChanges: number,
    private readonly maxBytes: number,
    private readonly recency: boolean,
  ) {}

  get(index: number): Page | undefined {
    const page = this.pages.get(index);
    if (page && this.recency) {
      page.used = performance.now();
      this.pages.delete(index);
      this.pages.set(index, page);
    }
    return page;
  }

  add(index: number): Page {
    const page = unpooled(index, this);
    this.pages.set(index, page);
    return page;
  }

  /** Drops the pages no reader has asked for in `idleMs`. */
  dropIdle(idleMs: number): void {
    const before = performance.now() - idleMs;
    for (const [index, page] of this.pages) if (page.used < before) this.drop(index, page);
  }

  grow(page: Page, bytes: number, changes: number): void {
    if (this.pages.get(page.index) !== page) return;
    page.bytes += bytes;
    this.bytes += bytes;
    this.changes += changes;
  }

  /** Whether `changes` more changes fit without dropping anything. */
  hasRoom(changes: number): boolean {
    return this.changes + changes <= this.maxChanges && this.bytes < this.maxBytes;
  }

  /** Drops pages from the front until the pool fits, never `keep`. */
  shrink(keep: number): void {
    for (const [index, page] of this.pages) {
      if (this.changes <= this.maxChanges && this.bytes <= this.maxBytes) return;
      if (index !== keep) this.drop(index, page);
    }
  }

  private drop(index: number, page: Page): void {
    this.pages.delete(index);
    this.bytes -= page.bytes;
    this.changes -= page.entries.length;
  }
}

export type ChangeListener = (entry: CachedChange) => void;

/**
 * `entries` from `from` are the selected changes after the reader's point, oldest first, and
 * every selected change up to `through` is among them (more may be appended while it reads).
 * `expired`: the log no longer has what a reader needs (compacted while it was behind).
 */
export type ReadResult = { entries: readonly CachedChange[]; from: number; through: number } | 'expired' | 'caught-up';

export class ChangeCache {
  private readonly window: PagePool;
  private readonly fromLog: PagePool;
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly opts: ChangeCacheOptions;

  constructor(
    private readonly store: SqliteStore,
    opts: Partial<ChangeCacheOptions> = {},
  ) {
    this.opts = { ...DEFAULT_CHANGE_CACHE, ...opts };
    const { maxChanges, maxBytes } = this.opts;
    this.window = new PagePool(maxChanges, maxBytes, false);
    this.fromLog = new PagePool(Math.ceil(maxChanges * LOG_POOL_SHARE), Math.ceil(maxBytes * LOG_POOL_SHARE), true);
  }

  /**
   * The newest committed resourceVersion. Changes are published in the same synchronous step as
   * their commit, and an rv given to a write that rolled back is a gap, never a change to come.
   */
  head(): number {
    return this.store.currentRv();
  }

  compactedRv(): number {
    return this.store.compactedRv();
  }

  /** Live watchers of one storage key; they hear each change right after it is cached. */
  subscribe(storageKey: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(storageKey);
    if (!set) {
      set = new Set();
      this.listeners.set(storageKey, set);
    }
    const s = set;
    s.add(listener);
    return () => {
      s.delete(listener);
      if (s.size === 0) this.listeners.delete(storageKey);
    };
  }

  /** Takes committed changes (oldest first) into the window and hands them to live watchers. */
  publish(changes: readonly Change[]): void {
    for (const c of changes) {
      const index = this.pageIndex(c.rv);
      let page = this.window.pages.get(index);
      // A page not in memory is read whole from SQLite when someone needs it, this change
      // included; only a page this change opens is started here.
      if (!page && c.rv === index * this.opts.pageSize + 1) page = this.window.add(index);
      const last = page?.entries[page.entries.length - 1];
      const kept = page && (!last || last.rv < c.rv) ? page : undefined;
      const entry = new CachedChange(c.rv, c.storageKey, c.namespace, c.name, c.type, c.json, c.previousJson, entryBytes(c.json, c.previousJson), kept);
      if (kept) {
        kept.entries.push(entry);
        this.window.grow(kept, entry.bytes, 1);
        if (kept.selections) this.extendSelections(kept, entry);
      }
      const set = this.listeners.get(c.storageKey);
      if (set) for (const l of set) safeCall(l, entry);
    }
    this.window.shrink(this.pageIndex(Math.max(1, this.head())));
  }

  /**
   * Changes after `after` (of `selection` only, when given), oldest first, from the next page that
   * has one: the caller walks `entries` from `from`, and calls again with `through` once it has
   * handled them all, or with the last rv it handled when it stops before.
   */
  read(after: number, selection?: Selection): ReadResult {
    const head = this.head();
    let next = after;
    while (next < head) {
      const index = this.pageIndex(next + 1);
      let page = this.window.pages.get(index) ?? this.fromLog.get(index);
      if (!page) {
        if (next < this.store.compactedRv()) return 'expired';
        page = this.loadPage(index, head);
      }
      const entries = selection ? this.selected(page, selection) : page.entries;
      const from = firstAfter(entries, next);
      const through = Math.min(head, (index + 1) * this.opts.pageSize);
      if (from < entries.length) return { entries, from, through };
      // Nothing selected after `next` in this page (rolled-back writes leave gaps): on to the next one.
      next = through;
    }
    return 'caught-up';
  }

  /**
   * The stored object of a change, read from the log when the entry came without it: with those of
   * the page's other changes of the same storage key, which the watchers of that kind want next.
   * Undefined when the log was compacted past it meanwhile.
   */
  json(entry: CachedChange): string | undefined {
    if (entry.json !== undefined) return entry.json;
    const page = entry.page;
    if (!page) return undefined;
    const { entries } = page;
    const bodies = this.store.changeBodies(entry.storageKey, entries[0].rv - 1, entries[entries.length - 1].rv);
    let i = 0;
    for (const [rv, json] of bodies) {
      while (i < entries.length && entries[i].rv < rv) i++;
      const e = entries[i];
      if (e?.rv === rv && e.json === undefined) {
        e.json = json;
        this.account(e, json.length);
      }
    }
    return entry.json;
  }

  /** The stored previous state of a change, read from the log when the entry came without it. */
  previousJson(entry: CachedChange): string | undefined {
    if (entry.previousJson === undefined && (entry.type === 'MODIFIED' || entry.type === 'DELETED')) {
      const json = this.store.previousJsonOf(entry.rv);
      if (json !== undefined) {
        entry.previousJson = json;
        this.account(entry, json.length);
      }
    }
    return entry.previousJson;
  }

  /** Counts memory a watcher attached to an entry (a parsed or presented form). */
  account(entry: CachedChange, bytes: number): void {
    entry.bytes += bytes;
    entry.page?.pool.grow(entry.page, bytes, 0);
  }

  /** What the cache holds now (tests and metrics). */
  stats(): { window: { pages: number; changes: number; bytes: number }; fromLog: { pages: number; changes: number; bytes: number } } {
    const of = (p: PagePool) => ({ pages: p.pages.size, changes: p.changes, bytes: p.bytes });
    return { window: of(this.window), fromLog: of(this.fromLog) };
  }

  private selected(page: Page, { storageKey, namespace }: Selection): CachedChange[] {
    const key = selectionKey(storageKey, namespace);
    page.selections ??= new Map();
    let list = page.selections.get(key);
    if (!list) {
      list = page.entries.filter((e) => e.storageKey === storageKey && (namespace === undefined || e.namespace === namespace));
      page.selections.set(key, list);
      page.pool.grow(page, list.length * SELECTION_SLOT_BYTES, 0);
    }
    return list;
  }

  /** A change appended to a page joins the selections already made of it. */
  private extendSelections(page: Page, entry: CachedChange): void {
    for (const key of [selectionKey(entry.storageKey, undefined), selectionKey(entry.storageKey, entry.namespace)]) {
      const list = page.selections?.get(key);
      if (list) {
        list.push(entry);
        page.pool.grow(page, SELECTION_SLOT_BYTES, 0);
      }
    }
  }

  private pageIndex(rv: number): number {
    return Math.floor((rv - 1) / this.opts.pageSize);
  }

  /** Reads a page from SQLite: into the window if changes still come to it or it has room, else the log pool. */
  private loadPage(index: number, head: number): Page {
    const start = index * this.opts.pageSize;
    const rows = this.store.changeHeads(start, Math.min(head, start + this.opts.pageSize));
    const open = index === this.pageIndex(head);
    const pool = open || this.window.hasRoom(rows.length) ? this.window : this.fromLog;
    // Resuming watchers scan the log in the same order, a little apart. Replacing pages to make
    // room would drop exactly those the watchers behind read next (least recently used is the
    // worst policy for such scans), so a full log pool keeps what it holds and lends this page to
    // its reader alone; pages no one has read for a while make room again.
    if (pool === this.fromLog && !pool.hasRoom(rows.length)) pool.dropIdle(LOG_PAGE_IDLE_MS);
    const page = pool === this.fromLog && !pool.hasRoom(rows.length) ? unpooled(index, pool) : pool.add(index);
    let bytes = 0;
    for (const row of rows) {
      const entry = fromHead(row, page);
      page.entries.push(entry);
      bytes += entry.bytes;
    }
    pool.grow(page, bytes, rows.length);
    pool.shrink(index);
    return page;
  }
}

function fromHead([rv, storageKey, namespace, name, type]: ChangeHead, page: Page): CachedChange {
  return new CachedChange(rv, storageKey, namespace, name, type, undefined, undefined, ENTRY_OVERHEAD + namespace.length + name.length, page);
}

// Namespaces are DNS labels: never `*`, never containing a newline.
function selectionKey(storageKey: string, namespace: string | undefined): string {
  return `${storageKey}\n${namespace ?? '*'}`;
}

/** A page not (yet) in `pool`: growing it counts nowhere until the pool takes it. */
function unpooled(index: number, pool: PagePool): Page {
  return { index, entries: [], bytes: 0, pool, used: performance.now() };
}

function entryBytes(json: string, previousJson: string | undefined): number {
  return json.length + (previousJson?.length ?? 0) + ENTRY_OVERHEAD;
}

/** Index of the first entry with rv > after (entries are in rv order). */
function firstAfter(entries: readonly CachedChange[], after: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].rv <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// One broken watcher must not keep the others from hearing about a committed change.
function safeCall(l: ChangeListener, entry: CachedChange): void {
  try {
    l(entry);
  } catch (err) {
    process.emitWarning(`watch cache listener failed: ${describeError(err).type}`);
  }
}
