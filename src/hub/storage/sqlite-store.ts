import { closeSync, fsync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import type { ApiObject } from '../../api/meta.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  storageKey: string;
  namespace: string;
  name: string;
  type: ChangeType;
  object: ApiObject;
  previous?: ApiObject;
  /** `object` as stored: the JSON text watches send without serialising it again. */
  json: string;
  /** `previous` as stored. */
  previousJson?: string;
}

/** A change-log row as the watch cache reads it: the texts, and no previous state (read on demand). */
export type ChangeRow = [rv: number, storageKey: string, namespace: string, name: string, type: ChangeType, json: string];

/** What a change-log row says of a change without its texts: enough to decide who wants it. */
export type ChangeHead = [rv: number, storageKey: string, namespace: string, name: string, type: ChangeType];

export interface ObjectKey {
  storageKey: string;
  namespace: string;
  name: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS objects(
  id INTEGER PRIMARY KEY,
  skey TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
  uid TEXT NOT NULL, rv INTEGER NOT NULL, body TEXT NOT NULL,
  UNIQUE(skey, ns, name));
CREATE INDEX IF NOT EXISTS objects_by_uid ON objects(uid);
CREATE TABLE IF NOT EXISTS changes(
  rv INTEGER PRIMARY KEY, skey TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
  type TEXT NOT NULL, body TEXT NOT NULL, prev TEXT, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS changes_by_key ON changes(skey, rv);
CREATE INDEX IF NOT EXISTS changes_by_at ON changes(at);
CREATE TABLE IF NOT EXISTS owner_refs(
  owner_uid TEXT NOT NULL, skey TEXT NOT NULL, ns TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY(owner_uid, skey, ns, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokens(
  hash TEXT PRIMARY KEY, name TEXT NOT NULL, read_only INTEGER NOT NULL, created TEXT NOT NULL, expires INTEGER);
`;

/**
 * The WHERE clause for objects of one storage key (in one namespace) after a key. Row-value
 * comparison lets SQLite seek in the primary key instead of scanning from the start on every page.
 */
function rangeClause(storageKey: string, namespace: string | undefined, after?: { namespace: string; name: string }): [string, unknown[]] {
  const parts = ['skey = ?'];
  const args: unknown[] = [storageKey];
  if (namespace !== undefined) {
    parts.push('ns = ?');
    args.push(namespace);
    if (after) {
      parts.push('name > ?');
      args.push(after.name);
    }
  } else if (after) {
    parts.push('(ns, name) > (?, ?)');
    args.push(after.namespace, after.name);
  }
  return [parts.join(' AND '), args];
}

/**
 * The hub's persistence: current objects, separate from the change log that feeds watches, so a
 * list never scans history. Objects live in a rowid table with a narrow unique key index: counts
 * and key seeks read the index, not the (kilobyte-sized) bodies. One process writes; every write is a transaction that assigns the next
 * global resourceVersion. A committed transaction is in the WAL file (`synchronous=NORMAL`), so it
 * survives `kill -9`; `syncWal()` then makes everything committed so far survive power loss with
 * one fsync of the WAL, off the event loop, which is what "acknowledged" means for the API (the
 * committer answers writes after it). `synchronous=FULL` did that fsync inside every commit,
 * blocking the event loop for its duration. A store opened with `powerLossSafe: false`
 * (simulated clusters, hundreds per process) never fsyncs: its commits survive a crash of the
 * process, not of the machine.
 */
export class SqliteStore {
  readonly db: Db;
  private rv: number;
  private compacted: number;
  private pending: Change[] = [];
  private readonly stmts: ReturnType<SqliteStore['prepare']>;
  /** Whether commits must reach the disk (syncWal) before they are acknowledged. */
  readonly powerLossSafe: boolean;
  private walFd: number | undefined;
  private walSync: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    opts: { powerLossSafe?: boolean } = {},
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.powerLossSafe = opts.powerLossSafe !== false;
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    // Databases created before tokens could expire lack the column.
    if (!(this.db.prepare('PRAGMA table_info(tokens)').all() as { name: string }[]).some((c) => c.name === 'expires'))
      this.db.exec('ALTER TABLE tokens ADD COLUMN expires INTEGER');
    this.stmts = this.prepare();
    this.compacted = Number(this.readMeta('compacted_rv') ?? 0);
    // Compaction never removes the newest change, so the log's head is the current version.
    const head = (this.db.prepare('SELECT max(rv) AS m FROM changes').get() as { m: number | null }).m ?? 0;
    this.rv = Math.max(head, this.compacted);
  }

  private prepare() {
    const db = this.db;
    return {
      get: db.prepare('SELECT body FROM objects WHERE skey = ? AND ns = ? AND name = ?'),
      getByUid: db.prepare('SELECT skey, ns, name, body FROM objects WHERE uid = ?'),
      existsUid: db.prepare('SELECT 1 FROM objects WHERE uid = ?'),
      upsert: db.prepare(
        'INSERT INTO objects(skey, ns, name, uid, rv, body) VALUES(?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT(skey, ns, name) DO UPDATE SET uid = excluded.uid, rv = excluded.rv, body = excluded.body',
      ),
      del: db.prepare('DELETE FROM objects WHERE skey = ? AND ns = ? AND name = ?'),
      addChange: db.prepare('INSERT INTO changes(rv, skey, ns, name, type, body, prev, at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)'),
      setMeta: db.prepare('INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      delOwnerRefs: db.prepare('DELETE FROM owner_refs WHERE skey = ? AND ns = ? AND name = ?'),
      addOwnerRef: db.prepare('INSERT OR IGNORE INTO owner_refs(owner_uid, skey, ns, name) VALUES(?, ?, ?, ?)'),
      dependents: db.prepare('SELECT skey, ns, name FROM owner_refs WHERE owner_uid = ?'),
      changeRows: db.prepare('SELECT rv, skey, ns, name, type, body FROM changes WHERE rv > ? AND rv <= ? ORDER BY rv').raw(),
      changeHeads: db.prepare('SELECT rv, skey, ns, name, type FROM changes WHERE rv > ? AND rv <= ? ORDER BY rv').raw(),
      changeBodies: db.prepare('SELECT rv, body FROM changes WHERE skey = ? AND rv > ? AND rv <= ? ORDER BY rv').raw(),
      previousOf: db.prepare('SELECT prev FROM changes WHERE rv = ?').pluck(),
      countNs: db.prepare('SELECT count(*) AS c FROM objects WHERE ns = ?'),
      keysInNs: db.prepare('SELECT DISTINCT skey FROM objects WHERE ns = ?'),
      allOfKey: db.prepare('SELECT ns, name FROM objects WHERE skey = ?'),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
    const fd = this.walFd;
    this.walFd = undefined;
    // An fsync still running in the thread pool keeps its descriptor until it is done.
    if (fd !== undefined) void (this.walSync ?? Promise.resolve()).finally(() => closeSync(fd));
  }

  /**
   * Every transaction committed before this call is on disk once it resolves: an fsync of the WAL
   * file (SQLite wrote the frames at commit), in the thread pool so that requests go on meanwhile.
   * The file is opened once; SQLite rewinds it after a checkpoint but never replaces it while open.
   */
  async syncWal(): Promise<void> {
    if (!this.powerLossSafe || !this.db.open) return;
    try {
      this.walFd ??= openSync(`${this.file}-wal`, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // No WAL file (not expected while the database is open): a checkpoint writes and syncs all.
      this.checkpoint();
      return;
    }
    const fd = this.walFd;
    const done = new Promise<void>((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
    this.walSync = done.catch(() => undefined);
    await done;
  }

  currentRv(): number {
    return this.rv;
  }

  compactedRv(): number {
    return this.compacted;
  }

  readMeta(key: string): string | undefined {
    return (this.stmts.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  writeMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }

  get(key: ObjectKey): ApiObject | undefined {
    const row = this.stmts.get.get(key.storageKey, key.namespace, key.name) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as ApiObject) : undefined;
  }

  getByUid(uid: string): { key: ObjectKey; object: ApiObject } | undefined {
    const row = this.stmts.getByUid.get(uid) as { skey: string; ns: string; name: string; body: string } | undefined;
    if (!row) return undefined;
    return { key: { storageKey: row.skey, namespace: row.ns, name: row.name }, object: JSON.parse(row.body) as ApiObject };
  }

  uidExists(uid: string): boolean {
    return this.stmts.existsUid.get(uid) !== undefined;
  }

  /**
   * Objects of one storage key in key order (namespace, then name), starting after `after`.
   * Iterates lazily so a list of 100,000 objects is never held in memory by the store.
   */
  /**
   * Current objects in key order. With `name`, only objects of that name (a list pinned by a
   * `metadata.name` field selector): the key index finds them, no other body is read or parsed.
   */
  *scan(storageKey: string, namespace: string | undefined, after?: { namespace: string; name: string }, name?: string): Generator<ApiObject> {
    const [range, args] = rangeClause(storageKey, namespace, after);
    const where = name === undefined ? range : `${range} AND name = ?`;
    const stmt = this.db.prepare(`SELECT body FROM objects WHERE ${where} ORDER BY ns, name`);
    for (const row of stmt.iterate(...args, ...(name === undefined ? [] : [name])) as IterableIterator<{ body: string }>) {
      yield JSON.parse(row.body) as ApiObject;
    }
  }

  /**
   * Stored JSON, as bytes, in key order: up to `limit` rows (all without one) after `after`, and
   * whether more follow. The bodies come out as BLOBs, so they are never decoded into JS strings only to be
   * encoded again for the socket; with one LIMIT query and array rows this reads a page about
   * three times faster than iterating row objects of text.
   */
  pageRaw(
    storageKey: string,
    namespace: string | undefined,
    after: { namespace: string; name: string } | undefined,
    limit?: number,
  ): { bodies: Buffer[]; last?: { namespace: string; name: string }; more: boolean } {
    const [where, args] = rangeClause(storageKey, namespace, after);
    const rows = this.db
      .prepare(`SELECT ns, name, CAST(body AS BLOB) FROM objects WHERE ${where} ORDER BY ns, name LIMIT ?`)
      .raw()
      .all(...args, limit === undefined ? -1 : limit + 1) as [string, string, Buffer][];
    const n = limit === undefined ? rows.length : Math.min(rows.length, limit);
    const bodies = new Array<Buffer>(n);
    for (let i = 0; i < n; i++) bodies[i] = rows[i][2];
    const last = n > 0 ? { namespace: rows[n - 1][0], name: rows[n - 1][1] } : undefined;
    return { bodies, last, more: rows.length > n };
  }

  count(storageKey: string, namespace: string | undefined, after?: { namespace: string; name: string }): number {
    const [where, args] = rangeClause(storageKey, namespace, after);
    return (this.db.prepare(`SELECT count(*) AS c FROM objects WHERE ${where}`).get(...args) as { c: number }).c;
  }

  keysOf(storageKey: string): { namespace: string; name: string }[] {
    return (this.stmts.allOfKey.all(storageKey) as { ns: string; name: string }[]).map((r) => ({ namespace: r.ns, name: r.name }));
  }

  storageKeysInNamespace(namespace: string): string[] {
    return (this.stmts.keysInNs.all(namespace) as { skey: string }[]).map((r) => r.skey);
  }

  countInNamespace(namespace: string): number {
    return (this.stmts.countNs.get(namespace) as { c: number }).c;
  }

  dependentsOf(ownerUid: string): ObjectKey[] {
    return (this.stmts.dependents.all(ownerUid) as { skey: string; ns: string; name: string }[]).map((r) => ({
      storageKey: r.skey,
      namespace: r.ns,
      name: r.name,
    }));
  }

  /**
   * Runs `fn` in one transaction; nested calls become savepoints. Changes made by a rolled-back
   * (outer or nested) transaction are dropped from `pending`, so nobody is told of a write that
   * did not happen.
   */
  transaction<T>(fn: () => T): T {
    const before = this.rv;
    const pendingBefore = this.pending.length;
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      this.pending.length = pendingBefore;
      if (!this.db.inTransaction) this.rv = before;
      throw err;
    }
  }

  /** Changes committed since the last call, oldest first. */
  takeCommitted(): Change[] {
    if (this.db.inTransaction) return [];
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Stores `object` (its resourceVersion is set here) and logs the change. Call inside a transaction. */
  put(key: ObjectKey, object: ApiObject, type: 'ADDED' | 'MODIFIED', previous: ApiObject | undefined, now: number): Change {
    const rv = this.nextRv();
    object.metadata.resourceVersion = String(rv);
    const body = JSON.stringify(object);
    const previousJson = previous ? JSON.stringify(previous) : undefined;
    this.stmts.upsert.run(key.storageKey, key.namespace, key.name, object.metadata.uid ?? '', rv, body);
    this.stmts.addChange.run(rv, key.storageKey, key.namespace, key.name, type, body, previousJson ?? null, now);
    this.indexOwners(key, object);
    const change: Change = { rv, ...key, type, object, previous, json: body, previousJson };
    this.pending.push(change);
    return change;
  }

  /** Removes the object and logs DELETED with the deletion's resourceVersion. Call inside a transaction. */
  remove(key: ObjectKey, last: ApiObject, now: number): Change {
    const rv = this.nextRv();
    const object: ApiObject = { ...last, metadata: { ...last.metadata, resourceVersion: String(rv) } };
    const json = JSON.stringify(object);
    const previousJson = JSON.stringify(last);
    this.stmts.del.run(key.storageKey, key.namespace, key.name);
    this.stmts.addChange.run(rv, key.storageKey, key.namespace, key.name, 'DELETED', json, previousJson, now);
    this.stmts.delOwnerRefs.run(key.storageKey, key.namespace, key.name);
    const change: Change = { rv, ...key, type: 'DELETED', object, previous: last, json, previousJson };
    this.pending.push(change);
    return change;
  }

  private nextRv(): number {
    this.rv += 1;
    return this.rv;
  }

  private indexOwners(key: ObjectKey, object: ApiObject): void {
    this.stmts.delOwnerRefs.run(key.storageKey, key.namespace, key.name);
    for (const ref of object.metadata.ownerReferences ?? []) {
      if (ref.uid) this.stmts.addOwnerRef.run(ref.uid, key.storageKey, key.namespace, key.name);
    }
  }

  /** The change-log rows with after < rv <= upTo, oldest first (the watch cache's page reads). */
  changeRows(after: number, upTo: number): ChangeRow[] {
    return this.stmts.changeRows.all(after, upTo) as ChangeRow[];
  }

  /** The change-log rows with after < rv <= upTo without their texts, oldest first. */
  changeHeads(after: number, upTo: number): ChangeHead[] {
    return this.stmts.changeHeads.all(after, upTo) as ChangeHead[];
  }

  /** The stored objects of one storage key's changes with after < rv <= upTo, oldest first. */
  changeBodies(storageKey: string, after: number, upTo: number): [rv: number, json: string][] {
    return this.stmts.changeBodies.all(storageKey, after, upTo) as [number, string][];
  }

  /** The stored previous state of the change at `rv`; undefined when it has none or was compacted. */
  previousJsonOf(rv: number): string | undefined {
    return (this.stmts.previousOf.get(rv) as string | null | undefined) ?? undefined;
  }

  /**
   * Up to where the history may be compacted (compactTo): the changes both older than `minAgeMs`
   * and outside the newest `minChanges`, never the head, so the resourceVersion of any list stays
   * watchable; at least the current compacted version. The age comes from the index on `at`: a
   * change's time is its row's last column, behind the bodies, so reading it from the table would
   * read every body of the last ten minutes (hundreds of megabytes after a restore) and stall the
   * event loop for each maintenance pass.
   */
  compactionPoint(minChanges: number, minAgeMs: number, now: number): number {
    const byCount = this.rv - minChanges;
    const row = this.db.prepare('SELECT max(rv) AS m FROM changes INDEXED BY changes_by_at WHERE at < ?').get(now - minAgeMs) as { m: number | null };
    const byAge = row.m ?? 0;
    return Math.max(this.compacted, Math.min(byCount, byAge, this.rv - 1));
  }

  /** Forgets history up to and including `rv` (maintenance, in slices; tests use it to force 410 Gone). */
  compactTo(rv: number): number {
    const upTo = Math.min(rv, this.rv);
    if (upTo <= this.compacted) return 0;
    const removed = this.db.transaction(() => {
      const r = this.db.prepare('DELETE FROM changes WHERE rv <= ?').run(upTo);
      this.stmts.setMeta.run('compacted_rv', String(upTo));
      return r.changes;
    })();
    this.compacted = upTo;
    return removed;
  }

  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  // --- bearer tokens (stored hashed; the plain token exists only in the kubeconfig handed out) ---

  /** `expiresAt` (epoch ms): the token stops authenticating then, like a bound service-account token. */
  addToken(hash: string, name: string, readOnly: boolean, expiresAt?: number): void {
    this.db
      .prepare('INSERT INTO tokens(hash, name, read_only, created, expires) VALUES(?, ?, ?, ?, ?)')
      .run(hash, name, readOnly ? 1 : 0, new Date().toISOString(), expiresAt ?? null);
  }

  findToken(hash: string): { name: string; readOnly: boolean; expiresAt?: number } | undefined {
    const row = this.db.prepare('SELECT name, read_only, expires FROM tokens WHERE hash = ?').get(hash) as
      { name: string; read_only: number; expires: number | null } | undefined;
    if (!row) return undefined;
    return { name: row.name, readOnly: row.read_only === 1, ...(row.expires !== null ? { expiresAt: row.expires } : {}) };
  }

  hasTokens(): boolean {
    return this.db.prepare('SELECT 1 FROM tokens LIMIT 1').get() !== undefined;
  }
}
