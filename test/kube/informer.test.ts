import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { CONFIGMAPS, Informer, KubeClient } from '../../src/kube/index.js';
import { ensureNamespace, inParallel, kubeConfigVia, startHub, TcpProxy, waitFor, type TestHub } from '../support/index.js';
import { cm, rvNum, type ConfigMap } from './fixtures.js';

interface Recorded {
  type: 'add' | 'update' | 'delete';
  name: string;
  rv: number;
  oldRv?: number;
}

let env: TestHub;
let client: KubeClient;

before(async () => {
  env = await startHub();
  client = env.client;
});

after(async () => {
  await env?.teardown();
});

function record(informer: Informer<ConfigMap>): Recorded[] {
  const events: Recorded[] = [];
  const name = (o: ConfigMap): string => o.metadata?.name ?? '';
  const rv = (o: ConfigMap): number => rvNum(o.metadata?.resourceVersion);
  informer.onAdd((o) => void events.push({ type: 'add', name: name(o), rv: rv(o) }));
  informer.onUpdate((o, n) => void events.push({ type: 'update', name: name(n), rv: rv(n), oldRv: rv(o) }));
  informer.onDelete((o) => void events.push({ type: 'delete', name: name(o), rv: rv(o) }));
  return events;
}

async function serverState(namespace: string): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  for await (const o of client.listAll<ConfigMap>(CONFIGMAPS, { namespace })) state.set(o.metadata?.name ?? '', o.metadata?.resourceVersion ?? '');
  return state;
}

function cacheState(informer: Informer<ConfigMap>): Map<string, string> {
  return new Map(informer.list().map((o) => [o.metadata?.name ?? '', o.metadata?.resourceVersion ?? '']));
}

async function cacheMatchesServer(informer: Informer<ConfigMap>, namespace: string): Promise<boolean> {
  const server = await serverState(namespace);
  const cache = cacheState(informer);
  if (server.size !== cache.size) return false;
  for (const [k, v] of server) if (cache.get(k) !== v) return false;
  return true;
}

/** Per object: add (update)* (delete add (update)*)* delete?, with resourceVersions never going back. */
function assertLifecycles(events: Recorded[]): void {
  const byName = new Map<string, Recorded[]>();
  for (const e of events) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  for (const [name, seq] of byName) {
    let exists = false;
    let lastRv = 0;
    for (const e of seq) {
      if (e.type === 'add') assert.ok(!exists, `${name}: add while it exists`);
      else assert.ok(exists, `${name}: ${e.type} while it does not exist`);
      assert.ok(e.rv >= lastRv, `${name}: resourceVersion went back from ${lastRv} to ${e.rv}`);
      if (e.type === 'update') assert.ok(e.rv > (e.oldRv ?? 0), `${name}: update did not move forward`);
      exists = e.type !== 'delete';
      lastRv = e.rv;
    }
  }
}

test('an informer over 1,000 ConfigMaps sees every change in order, with no gap across a forced 410 relist', async () => {
  const ns = 'thousand';
  await ensureNamespace(client, ns);
  const names = Array.from({ length: 1000 }, (_, i) => `cm-${String(i).padStart(4, '0')}`);
  await inParallel(names, 16, (name, i) => client.create(CONFIGMAPS, cm(ns, name, { i: String(i) })));

  // The informer reaches the hub through a relay the test can cut, as a network failure would.
  const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(env.hub.url).port));
  const viaProxy = new KubeClient(kubeConfigVia(env.hub.kubeconfig(), env.hub.url, proxy.url));
  let logged = '';
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _e, cb) {
        logged += chunk.toString();
        cb();
      },
    }),
  );
  const informer = new Informer<ConfigMap>(viaProxy, CONFIGMAPS, { namespace: ns, backoff: { initialMs: 20, maxMs: 200 }, log });
  const events = record(informer);
  const failures: unknown[] = [];
  informer.onError((err) => void failures.push(err));
  try {
    informer.start();
    await informer.synced();
    assert.equal(events.length, 1000);
    assert.ok(events.every((e) => e.type === 'add'));
    assert.equal(informer.list().length, 1000);
    assert.equal(informer.get(ns, 'cm-0042')?.data?.i, '42');

    // Live changes arrive through the watch, in the server's order.
    const liveFrom = events.length;
    await inParallel(names.slice(0, 50), 8, (n) => client.patch(CONFIGMAPS, n, { data: { phase: 'live' } }, { type: 'merge', namespace: ns }));
    await inParallel(names.slice(50, 70), 8, (n) => client.delete(CONFIGMAPS, n, { namespace: ns }));
    await inParallel(
      Array.from({ length: 20 }, (_, i) => `live-${i}`),
      8,
      (n) => client.create(CONFIGMAPS, cm(ns, n)),
    );
    await waitFor('the informer to catch up with live changes', () => cacheMatchesServer(informer, ns), 20_000);
    const live = events.slice(liveFrom);
    assert.equal(live.filter((e) => e.type === 'update').length, 50);
    assert.equal(live.filter((e) => e.type === 'delete').length, 20);
    assert.equal(live.filter((e) => e.type === 'add').length, 20);
    const liveRvs = live.map((e) => e.rv);
    for (let i = 1; i < liveRvs.length; i++) assert.ok(liveRvs[i] > liveRvs[i - 1], `live events out of order at ${i}: ${liveRvs[i - 1]} then ${liveRvs[i]}`);

    // Cut the informer off, change things behind its back, and forget the history it would need.
    await proxy.refuse();
    await waitFor('the informer to notice the outage', () => failures.length > 0, 20_000);
    const rvBeforeOutage = informer.resourceVersion;
    const outageFrom = events.length;
    const updated = names.slice(100, 200);
    const deleted = names.slice(200, 250);
    const created = Array.from({ length: 50 }, (_, i) => `gap-${i}`);
    await inParallel(updated, 8, (n) => client.patch(CONFIGMAPS, n, { data: { phase: 'gap' } }, { type: 'merge', namespace: ns }));
    await inParallel(deleted, 8, (n) => client.delete(CONFIGMAPS, n, { namespace: ns }));
    await inParallel(created, 8, (n) => client.create(CONFIGMAPS, cm(ns, n)));
    // Deleted and created again under the same name: a new object the informer must not miss.
    await client.delete(CONFIGMAPS, 'cm-0250', { namespace: ns });
    await client.create(CONFIGMAPS, cm(ns, 'cm-0250', { reborn: 'yes' }));
    env.hub.ctx.store.compactTo(env.hub.ctx.store.currentRv());
    assert.ok(rvNum(rvBeforeOutage) < env.hub.ctx.store.compactedRv(), 'the informer resourceVersion must now be too old');
    assert.equal(events.length, outageFrom, 'nothing can be delivered while cut off');

    await proxy.accept();
    await waitFor('the informer to relist and converge', () => cacheMatchesServer(informer, ns), 30_000);
    assert.match(logged, /watch history expired; relisting/);

    const gap = events.slice(outageFrom);
    const kinds = (type: Recorded['type']): string[] =>
      gap
        .filter((e) => e.type === type)
        .map((e) => e.name)
        .sort();
    assert.deepEqual(kinds('update'), [...updated, 'cm-0250'].sort());
    assert.deepEqual(kinds('delete'), [...deleted].sort());
    assert.deepEqual(kinds('add'), [...created].sort());
    const server = await serverState(ns);
    for (const e of gap.filter((x) => x.type !== 'delete')) assert.equal(String(e.rv), server.get(e.name), `${e.name} was reported at its final version`);
    assert.equal(informer.get(ns, 'cm-0250')?.data?.reborn, 'yes');

    // The watch resumes from the relist: later changes flow again.
    await client.create(CONFIGMAPS, cm(ns, 'after-relist'));
    await waitFor('a change after the relist', () => informer.get(ns, 'after-relist'), 20_000);
    assert.deepEqual(events[events.length - 1].type, 'add');
    assert.equal(events[events.length - 1].name, 'after-relist');

    assertLifecycles(events);
  } finally {
    await informer.stop();
    viaProxy.close();
    await proxy.close();
  }
});

test('bookmarks advance the resourceVersion past changes the selector filters out', async () => {
  const ns = 'bookmarks';
  await ensureNamespace(client, ns);
  await client.create(CONFIGMAPS, cm(ns, 'chosen', {}, { app: 'chosen' }));
  // Short watches: every re-watch opens with a bookmark at the head of history.
  const informer = new Informer<ConfigMap>(client, CONFIGMAPS, { namespace: ns, labelSelector: 'app=chosen', watchTimeoutSeconds: 1 });
  const events = record(informer);
  try {
    informer.start();
    await informer.synced();
    assert.deepEqual(
      events.map((e) => e.name),
      ['chosen'],
    );
    let last: ConfigMap | undefined;
    for (let i = 0; i < 5; i++) last = await client.create<ConfigMap>(CONFIGMAPS, cm(ns, `ignored-${i}`, {}, { app: 'other' }));
    const target = rvNum(last?.metadata?.resourceVersion);
    await waitFor('a bookmark to move the informer past the filtered changes', () => rvNum(informer.resourceVersion) >= target, 20_000);
    assert.equal(events.length, 1, 'filtered changes are not delivered');

    await client.patch(CONFIGMAPS, 'chosen', { data: { seen: 'yes' } }, { type: 'merge', namespace: ns });
    await waitFor('a matching change after several re-watches', () => informer.get(ns, 'chosen')?.data?.seen === 'yes', 20_000);
    assert.deepEqual(
      events.map((e) => e.type),
      ['add', 'update'],
    );
  } finally {
    await informer.stop();
  }
});

test('a resync re-delivers every cached object as an update', async () => {
  const ns = 'resync';
  await ensureNamespace(client, ns);
  for (const n of ['a', 'b', 'c']) await client.create(CONFIGMAPS, cm(ns, n));
  const informer = new Informer<ConfigMap>(client, CONFIGMAPS, { namespace: ns, resyncIntervalMs: 100 });
  const resynced = new Map<string, number>();
  informer.onUpdate((o, n) => {
    if (o.metadata?.resourceVersion === n.metadata?.resourceVersion) resynced.set(n.metadata?.name ?? '', (resynced.get(n.metadata?.name ?? '') ?? 0) + 1);
  });
  try {
    informer.start();
    await informer.synced();
    await waitFor('two resyncs of every object', () => ['a', 'b', 'c'].every((n) => (resynced.get(n) ?? 0) >= 2), 20_000);
  } finally {
    await informer.stop();
  }
});

test('stop before sync rejects synced() and ends the loops', async () => {
  const informer = new Informer<ConfigMap>(client, { apiVersion: 'nowhere.example.com/v1', kind: 'Nothing' }, { backoff: { initialMs: 10, maxMs: 20 } });
  const failures: unknown[] = [];
  informer.onError((err) => void failures.push(err));
  informer.start();
  await waitFor('the informer to fail on an unknown kind', () => failures.length >= 2, 20_000);
  await informer.stop();
  await assert.rejects(informer.synced(), /stopped before it synced/);
});
