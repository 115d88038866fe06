import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { CONFIGMAPS, Informer, KubeClient, systemClock, type Clock } from '../../src/kube/index.js';
import { ensureNamespace, startHub, tempDir, waitFor, type TestHub } from '../support/index.js';
import { cm, type ConfigMap } from './fixtures.js';

// Real back-off delays (1 s doubling to 30 s) are recorded as asked for, but slept 20 times faster.
const TIME_SCALE = 20;

test('an informer backs off while the hub is down and recovers when it comes back', async () => {
  const dataDir = await tempDir('kube-backoff');
  let env: TestHub | undefined = await startHub({ dataDir });
  const port = Number(new URL(env.hub.url).port);
  const client = new KubeClient(env.kubeConfig);
  const clock: Clock = { now: () => Date.now(), sleep: (ms, signal) => systemClock.sleep(ms / TIME_SCALE, signal) };
  const informer = new Informer<ConfigMap>(client, CONFIGMAPS, { namespace: 'backoff', clock });
  const delays: number[] = [];
  informer.onError((_err, retryInMs) => void delays.push(retryInMs));
  try {
    await ensureNamespace(client, 'backoff');
    await client.create(CONFIGMAPS, cm('backoff', 'before'));
    informer.start();
    await informer.synced();
    assert.ok(informer.get('backoff', 'before'));

    await env.teardown();
    env = undefined;
    await waitFor('five failed attempts against the stopped hub', () => delays.length >= 5, 30_000);
    const first = delays.slice(0, 5);
    assert.ok(first[0] >= 1000 && first[0] <= 1200, `first delay ${first[0]} ms`);
    for (let i = 1; i < first.length; i++) assert.ok(first[i] > first[i - 1], `delays must grow: ${first.join(', ')}`);
    assert.ok(
      delays.every((d) => d <= 30_000),
      `delays are capped at 30 s: ${delays.join(', ')}`,
    );

    // Same data dir and port: same CA, token and history, so the informer's kubeconfig still works.
    env = await startHub({ dataDir, port });
    const fresh = new KubeClient(env.kubeConfig);
    try {
      await fresh.create(CONFIGMAPS, cm('backoff', 'after'));
      await waitFor('the informer to recover', () => informer.get('backoff', 'after'), 60_000);
      const failuresAtRecovery = delays.length;
      await fresh.create(CONFIGMAPS, cm('backoff', 'after-2'));
      await waitFor('the next change', () => informer.get('backoff', 'after-2'), 20_000);
      assert.equal(delays.length, failuresAtRecovery, 'no more failures once recovered');
      assert.ok(informer.get('backoff', 'before'));
    } finally {
      fresh.close();
    }
  } finally {
    await informer.stop();
    client.close();
    await env?.teardown();
    await rm(dataDir, { recursive: true, force: true });
  }
});
