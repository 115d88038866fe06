// The hub's housekeeping with an injected clock: event TTL and watch-history compaction.
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { rawClient, startHub, TestClock, type RawClient, type TestHub } from '../support/index.js';

describe('hub maintenance', () => {
  let env: TestHub;
  let api: RawClient;
  const clock = new TestClock('2026-11-26T12:00:00Z');
  before(async () => {
    env = await startHub({
      clock,
      maintenance: { eventTtlMs: 3600_000, historyMinChanges: 20, historyMinAgeMs: 600_000, compactionSlice: 7, intervalMs: 3600_000 },
    });
    api = rawClient(env.kubeconfigPath);
  });
  after(async () => env?.teardown());

  it('deletes events older than the TTL and keeps younger ones', async () => {
    const event = (name: string, at: number) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: 'default' },
      involvedObject: { kind: 'ConfigMap', name: 'x', namespace: 'default' },
      reason: 'Test',
      message: name,
      type: 'Normal',
      lastTimestamp: new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    await api.request('POST', '/api/v1/namespaces/default/events', { body: event('old', clock.now() - 2 * 3600_000) });
    await api.request('POST', '/api/v1/namespaces/default/events', { body: event('fresh', clock.now() - 60_000) });
    await env.hub.controllers.maintenance.runOnce();
    assert.equal((await api.request('GET', '/api/v1/namespaces/default/events/old')).status, 404);
    assert.equal((await api.request('GET', '/api/v1/namespaces/default/events/fresh')).status, 200);
  });

  it('compacts history only beyond both the change count and the age, never the head', async () => {
    for (let i = 0; i < 50; i++)
      await api.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } } });
    const store = env.hub.ctx.store;
    await env.hub.controllers.maintenance.runOnce();
    assert.equal(store.compactedRv(), 0, 'young changes are kept whatever their number');
    clock.advance(11 * 60_000);
    await env.hub.controllers.maintenance.runOnce();
    // In slices of 7 changes, the event loop free in between, to the same point.
    assert.equal(store.compactedRv(), store.currentRv() - 20, 'old changes beyond the newest 20 are dropped');
    const w = await api.watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${store.currentRv() - 25}`);
    await w.ended;
    assert.equal(w.events[0]?.type, 'ERROR');
    const ok = await api.watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${store.compactedRv()}&timeoutSeconds=1`);
    await ok.ended;
    assert.equal(ok.events.filter((e) => e.type === 'MODIFIED' || e.type === 'ADDED').length, 20, 'everything after the compaction point replays');
  });
});
