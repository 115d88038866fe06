import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore, type Change } from './sqlite-store.js';
import { ChangeCache, type CachedChange, type Selection } from './change-cache.js';

let dir: string;
let store: SqliteStore;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-change-cache-'));
  store = new SqliteStore(path.join(dir, 'hub.db'));
});

after(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Commits one change per name, as the committer does, and hands them to the cache. */
function commit(cache: ChangeCache, names: string[], key = '/configmaps', namespace = 'ns'): Change[] {
  const changes = store.transaction(() =>
    names.map((name) =>
      store.put({ storageKey: key, namespace, name }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, uid: name } }, 'ADDED', undefined, 0),
    ),
  );
  store.takeCommitted();
  cache.publish(changes);
  return changes;
}

/** Everything after `after` (of `selection`), read the way a watcher reads. */
function readAll(cache: ChangeCache, after: number, selection?: Selection): number[] | 'expired' {
  const out: number[] = [];
  let last = after;
  for (;;) {
    const r = cache.read(last, selection);
    if (r === 'expired') return r;
    if (r === 'caught-up') return out;
    for (let i = r.from; i < r.entries.length; i++) {
      out.push(r.entries[i].rv);
      last = r.entries[i].rv;
    }
    last = Math.max(last, r.through);
  }
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('ChangeCache', () => {
  it('serves every change after any point exactly once, from memory or the log, within its bounds', () => {
    const cache = new ChangeCache(store, { pageSize: 4, maxChanges: 8, maxBytes: 1 << 20 });
    const start = store.currentRv();
    commit(
      cache,
      range(1, 30).map((i) => `a${i}`),
    );
    const head = store.currentRv();
    for (const from of [start, start + 1, start + 3, start + 4, start + 17, head - 1, head]) {
      assert.deepEqual(readAll(cache, from), range(from + 1, head), `from ${from}`);
      const { window, fromLog } = cache.stats();
      // Each pool may hold one page over its bound: the page being written or read is never dropped.
      assert.ok(window.changes <= 8 + 4 && fromLog.changes <= 4 + 4, `bounded: ${JSON.stringify(cache.stats())}`);
    }
  });

  it('pages read back from the log never push the newest changes out of the window', () => {
    const cache = new ChangeCache(store, { pageSize: 4, maxChanges: 8, maxBytes: 1 << 20 });
    const start = store.currentRv();
    commit(
      cache,
      range(1, 40).map((i) => `w${i}`),
    );
    const windowBefore = cache.stats().window;
    assert.deepEqual(readAll(cache, start), range(start + 1, store.currentRv()));
    assert.deepEqual(cache.stats().window, windowBefore, 'the window is what it was');
    assert.ok(cache.stats().fromLog.pages > 0, 'the older pages came from the log');
  });

  it('after a restart, pages read from the log fill the empty window first', () => {
    const start = store.currentRv();
    commit(
      new ChangeCache(store, { pageSize: 4 }),
      range(1, 12).map((i) => `r${i}`),
    );
    const cold = new ChangeCache(store, { pageSize: 4, maxChanges: 8, maxBytes: 1 << 20 });
    assert.deepEqual(readAll(cold, start), range(start + 1, store.currentRv()));
    const { window, fromLog } = cold.stats();
    assert.ok(window.changes >= 4 && window.changes <= 8 + 4, JSON.stringify(cold.stats()));
    assert.ok(fromLog.changes > 0, 'the rest went to the log pool');
  });

  it('hands live changes to subscribers of their storage key only', () => {
    const cache = new ChangeCache(store, { pageSize: 4 });
    const heard: string[] = [];
    const stop = cache.subscribe('/configmaps', (e: CachedChange) => heard.push(e.name));
    commit(cache, ['x1']);
    commit(cache, ['s1'], '/secrets');
    stop();
    commit(cache, ['x2']);
    assert.deepEqual(heard, ['x1']);
  });

  it('a resourceVersion lost to a rolled-back write is a gap, not a change to wait for', () => {
    const cache = new ChangeCache(store, { pageSize: 4 });
    const start = store.currentRv();
    const kept = store.transaction(() => {
      const ok = store.put(
        { storageKey: '/configmaps', namespace: 'ns', name: 'kept' },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept' } },
        'ADDED',
        undefined,
        0,
      );
      try {
        store.transaction(() => {
          store.put(
            { storageKey: '/configmaps', namespace: 'ns', name: 'lost' },
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lost' } },
            'ADDED',
            undefined,
            0,
          );
          throw new Error('rolled back');
        });
      } catch {
        // the savepoint is gone; its resourceVersion stays used
      }
      return ok;
    });
    cache.publish(store.takeCommitted());
    commit(cache, ['after-gap']);
    assert.deepEqual(readAll(cache, start), [kept.rv, store.currentRv()]);
    assert.equal(store.currentRv(), kept.rv + 2);
  });

  it('a reader behind the compacted log is told so when it needs the log', () => {
    const cache = new ChangeCache(store, { pageSize: 4, maxChanges: 4, maxBytes: 1 << 20 });
    const start = store.currentRv();
    commit(
      cache,
      range(1, 20).map((i) => `c${i}`),
    );
    store.compactTo(store.currentRv() - 2);
    assert.equal(readAll(cache, start), 'expired');
    assert.deepEqual(readAll(cache, store.currentRv() - 2), range(store.currentRv() - 1, store.currentRv()));
  });

  it('the previous state comes from the change when it has it, else from the log once', () => {
    const cache = new ChangeCache(store, { pageSize: 4 });
    const [created] = commit(cache, ['p1']);
    const updated = store.transaction(() =>
      store.put(
        { storageKey: '/configmaps', namespace: 'ns', name: 'p1' },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p1' }, data: { v: '2' } },
        'MODIFIED',
        created.object,
        0,
      ),
    );
    cache.publish(store.takeCommitted());
    const cold = new ChangeCache(store, { pageSize: 4 });
    const r = cold.read(updated.rv - 1);
    assert.ok(typeof r === 'object');
    const entry = r.entries[r.from];
    assert.equal(entry.previousJson, undefined, 'pages read from the log leave the previous state out');
    assert.equal(JSON.parse(cold.previousJson(entry) ?? '').metadata.name, 'p1');
  });

  it('a selection reads only its storage key and namespace, across the log and the window, changes appended later included', () => {
    const cache = new ChangeCache(store, { pageSize: 4, maxChanges: 8, maxBytes: 1 << 20 });
    const start = store.currentRv();
    const mixed = (round: number): Change[] =>
      range(1, 6).flatMap((i) => [
        ...commit(cache, [`m${round}-${i}`], '/configmaps', i % 2 === 0 ? 'even' : 'odd'),
        ...commit(cache, [`s${round}-${i}`], '/secrets', 'even'),
      ]);
    const all = mixed(1);
    const rvsOf = (changes: Change[], key: string, namespace?: string): number[] =>
      changes.filter((c) => c.storageKey === key && (namespace === undefined || c.namespace === namespace)).map((c) => c.rv);
    // The first pages are out of the window by now: this reads them from the log.
    assert.deepEqual(readAll(cache, start, { storageKey: '/configmaps', namespace: 'even' }), rvsOf(all, '/configmaps', 'even'));
    assert.deepEqual(readAll(cache, start, { storageKey: '/configmaps' }), rvsOf(all, '/configmaps'));
    const middle = all[5].rv;
    all.push(...mixed(2));
    assert.deepEqual(
      readAll(cache, middle, { storageKey: '/configmaps', namespace: 'even' }),
      rvsOf(all, '/configmaps', 'even').filter((rv) => rv > middle),
    );
    assert.deepEqual(readAll(cache, middle, { storageKey: '/secrets' }), rvsOf(all, '/secrets').filter((rv) => rv > middle));
  });

  it('pages read from the log come without the stored objects, read for a storage key once someone wants one', () => {
    const cache = new ChangeCache(store, { pageSize: 8 });
    // One page: the changes below start it.
    while (store.currentRv() % 8 !== 0) commit(cache, [`pad${store.currentRv()}`]);
    const start = store.currentRv();
    commit(cache, ['b1', 'b2']);
    commit(cache, ['b3'], '/secrets');
    const cold = new ChangeCache(store, { pageSize: 8 });
    const r = cold.read(start);
    assert.ok(typeof r === 'object');
    const entries = r.entries.slice(r.from);
    assert.deepEqual(
      entries.map((e) => [e.name, e.json]),
      [
        ['b1', undefined],
        ['b2', undefined],
        ['b3', undefined],
      ],
    );
    assert.equal(JSON.parse(cold.json(entries[0]) ?? '').metadata.name, 'b1');
    assert.equal(JSON.parse(entries[1].json ?? '').metadata.name, 'b2', "the page's other changes of that key came with it");
    assert.equal(entries[2].json, undefined, 'another key waits until a watcher of it asks');
  });

  it('a stored object compacted away before anyone read it is missing, not made up', () => {
    const start = store.currentRv();
    commit(new ChangeCache(store, { pageSize: 4 }), ['g1', 'g2', 'g3']);
    const cold = new ChangeCache(store, { pageSize: 4 });
    const r = cold.read(start);
    assert.ok(typeof r === 'object');
    store.compactTo(store.currentRv() - 1);
    assert.equal(cold.json(r.entries[r.from]), undefined);
  });
});
