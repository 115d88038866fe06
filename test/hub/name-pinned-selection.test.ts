// Lists and watches pinned to one name by a `metadata.name` field selector (one per simulated
// cluster's agent) read only objects of that name, and answer exactly as an unpinned selection
// would: every namespace's object of that name, other requirements still applied, pages and the
// initial events of a watch included.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIGMAPS, type KubeObject } from '../../src/kube/index.js';
import { ensureNamespace, startHub, type TestHub } from '../support/index.js';

interface Named {
  metadata: { namespace?: string; name?: string };
}

const keys = (items: Named[]): string[] => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

describe('selections pinned to one name', () => {
  let env: TestHub;

  before(async () => {
    env = await startHub();
    for (const ns of ['pin-a', 'pin-b', 'pin-c']) {
      await ensureNamespace(env.client, ns);
      for (const name of ['lease', 'other', 'zeta'])
        await env.client.create(CONFIGMAPS, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: ns, labels: { ns } },
          data: { k: `${ns}-${name}` },
        } as KubeObject);
    }
  });

  after(async () => {
    await env?.teardown();
  });

  it('lists the object of that name in every namespace, with the other requirements and in pages', async () => {
    const all = await env.client.list<Named>(CONFIGMAPS, { fieldSelector: 'metadata.name=lease' });
    assert.deepEqual(keys(all.items), ['pin-a/lease', 'pin-b/lease', 'pin-c/lease']);
    const one = await env.client.list<Named>(CONFIGMAPS, { namespace: 'pin-b', fieldSelector: 'metadata.name==lease' });
    assert.deepEqual(keys(one.items), ['pin-b/lease']);
    const both = await env.client.list<Named>(CONFIGMAPS, { fieldSelector: 'metadata.name=lease,metadata.namespace!=pin-a', labelSelector: 'ns!=pin-c' });
    assert.deepEqual(keys(both.items), ['pin-b/lease']);
    const none = await env.client.list<Named>(CONFIGMAPS, { fieldSelector: 'metadata.name=lease,metadata.name=zeta' });
    assert.deepEqual(none.items, []);
    const except = await env.client.list<Named>(CONFIGMAPS, { namespace: 'pin-a', fieldSelector: 'metadata.name!=lease' });
    assert.deepEqual(
      keys(except.items).filter((k) => !k.endsWith('kube-root-ca.crt')),
      ['pin-a/other', 'pin-a/zeta'],
    );

    const first = await env.client.transport.json<{ items: Named[]; metadata: { continue?: string } }>({
      method: 'GET',
      path: '/api/v1/configmaps',
      query: { fieldSelector: 'metadata.name=lease', limit: 2 },
    });
    assert.deepEqual(keys(first.items), ['pin-a/lease', 'pin-b/lease']);
    assert.ok(first.metadata.continue);
    const second = await env.client.transport.json<{ items: Named[]; metadata: { continue?: string } }>({
      method: 'GET',
      path: '/api/v1/configmaps',
      query: { fieldSelector: 'metadata.name=lease', limit: 2, continue: first.metadata.continue },
    });
    assert.deepEqual(keys(second.items), ['pin-c/lease']);
  });

  it('starts a watch with the objects of that name only', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    for await (const ev of env.client.watch<Named>(CONFIGMAPS, { fieldSelector: 'metadata.name=zeta', signal: abort.signal, timeoutSeconds: 30 })) {
      if (ev.type === 'BOOKMARK') continue;
      assert.equal(ev.type, 'ADDED');
      seen.push(`${ev.object.metadata.namespace}/${ev.object.metadata.name}`);
      if (seen.length === 3) abort.abort();
    }
    assert.deepEqual(seen, ['pin-a/zeta', 'pin-b/zeta', 'pin-c/zeta']);
  });
});
