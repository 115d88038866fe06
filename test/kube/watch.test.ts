import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIGMAPS, KubeApiError, KubeClient, type WatchEvent } from '../../src/kube/index.js';
import { ensureNamespaceWithDefaults, startHub, type TestHub } from '../support/index.js';
import { cm, rvNum, type ConfigMap } from './fixtures.js';

let env: TestHub;
let client: KubeClient;

before(async () => {
  env = await startHub();
  client = env.client;
  // With its kube-root-ca.crt, which the hub's namespace controller adds a moment later: a list
  // taken before it would see it replayed.
  await ensureNamespaceWithDefaults(client, 'watched');
});

after(async () => {
  await env?.teardown();
});

test('a watch from a list resourceVersion replays every later change in order, then a bookmark', async () => {
  const list = await client.list(CONFIGMAPS, { namespace: 'watched' });
  const from = list.metadata?.resourceVersion;
  await client.create(CONFIGMAPS, cm('watched', 'w', { v: '1' }));
  await client.patch(CONFIGMAPS, 'w', { data: { v: '2' } }, { type: 'merge', namespace: 'watched' });
  await client.create(CONFIGMAPS, cm('watched', 'other', {}, { skip: 'me' }));
  const lastChange = await client.delete(CONFIGMAPS, 'w', { namespace: 'watched' });
  assert.ok(lastChange);

  const seen: WatchEvent<ConfigMap>[] = [];
  for await (const ev of client.watch<ConfigMap>(CONFIGMAPS, { namespace: 'watched', resourceVersion: from, labelSelector: '!skip' })) {
    seen.push(ev);
    if (ev.type === 'BOOKMARK') break;
  }
  const changes = seen.filter((e) => e.type !== 'BOOKMARK');
  assert.deepEqual(
    changes.map((e) => `${e.type} ${e.type === 'ERROR' ? e.object.message : e.object.metadata?.name}`),
    ['ADDED w', 'MODIFIED w', 'DELETED w'],
  );
  const rvs = changes.map((e) => rvNum(e.object.metadata?.resourceVersion));
  assert.deepEqual(
    [...rvs].sort((a, b) => a - b),
    rvs,
  );
  const bookmark = seen[seen.length - 1];
  assert.equal(bookmark.type, 'BOOKMARK');
  // The bookmark tells the filtered watcher it has seen everything up to the 'other' object too.
  assert.ok(rvNum(bookmark.object.metadata?.resourceVersion) >= rvs[rvs.length - 1]);
});

test('a watch from a compacted resourceVersion gets one ERROR 410 event and ends', async () => {
  const old = String(env.hub.ctx.store.currentRv());
  await client.create(CONFIGMAPS, cm('watched', 'compacted-1'));
  await client.create(CONFIGMAPS, cm('watched', 'compacted-2'));
  env.hub.ctx.store.compactTo(env.hub.ctx.store.currentRv());
  const seen: WatchEvent[] = [];
  for await (const ev of client.watch(CONFIGMAPS, { namespace: 'watched', resourceVersion: old })) seen.push(ev);
  assert.equal(seen.length, 1);
  const [only] = seen;
  assert.equal(only.type, 'ERROR');
  if (only.type === 'ERROR') {
    assert.equal(only.object.code, 410);
    assert.equal(only.object.reason, 'Expired');
    assert.ok(KubeApiError.fromStatus(only.object, 200).code === 410);
  }
});

test('aborting the signal ends the iteration quietly', async () => {
  const abort = new AbortController();
  const seen: string[] = [];
  const done = (async () => {
    for await (const ev of client.watch<ConfigMap>(CONFIGMAPS, { namespace: 'watched', signal: abort.signal })) {
      seen.push(`${ev.type} ${ev.type === 'ERROR' ? ev.object.message : (ev.object.metadata?.name ?? '')}`);
      if (ev.type === 'BOOKMARK') abort.abort();
    }
  })();
  await done;
  assert.ok(seen.includes('BOOKMARK '), seen.join(', '));
  // Without a resourceVersion the watch starts with the current objects as synthetic ADDED events.
  assert.ok(seen.includes('ADDED other'), seen.join(', '));
});

test('the server ends a watch after timeoutSeconds and the iterator finishes', async () => {
  const { metadata } = await client.list(CONFIGMAPS, { namespace: 'watched' });
  let events = 0;
  for await (const _ of client.watch(CONFIGMAPS, { namespace: 'watched', resourceVersion: metadata?.resourceVersion, timeoutSeconds: 1 })) events++;
  assert.ok(events >= 1, 'at least the opening bookmark');
});
