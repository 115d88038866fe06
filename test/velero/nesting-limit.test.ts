// Issue 13, finding 9: an object nested ~2,000 levels deep was accepted, and every later backup
// of its namespace failed with a stack overflow. The hub now accepts exactly MAX_JSON_DEPTH
// levels and no more; an object at the limit survives everything done with it later: reads, a
// watch, patches, a backup of its namespace and a restore of that backup into another hub.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rawClient, startHub, type HubWithStorage, type RawClient } from '../support/index.js';
import { OPEN_WIDGET_CRD } from '../hub/fixtures.js';
import { MAX_JSON_DEPTH, jsonDepth } from '../../src/util/json-depth.js';
import { makeBackup, registerBackup, restore, tempStore, type TempStore } from './restore-helpers.js';
import { WIDGETS } from './restore-fixtures.js';

const NS = 'deep';
const W = `/apis/example.com/v1/namespaces/${NS}/widgets`;

/** A Widget whose JSON nests exactly `depth` levels (the object itself is the first). */
function widget(name: string, depth: number): Record<string, unknown> {
  let spec: unknown = 'bottom';
  // The object is one level and `spec` another; the chain inside spec makes up the rest.
  for (let i = 0; i < depth - 1; i++) spec = { next: spec };
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name }, spec };
}

async function ready(hub: HubWithStorage, api: RawClient): Promise<void> {
  const crd = await api.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: OPEN_WIDGET_CRD });
  assert.equal(crd.status, 201, crd.text);
  await hub.hub.settle();
}

describe('an object at the nesting limit', () => {
  let shared: TempStore;
  let source: HubWithStorage;
  let target: HubWithStorage | undefined;
  let api: RawClient;

  before(async () => {
    shared = await tempStore();
    source = await startHub({ location: { dir: shared.dir, default: true } });
    api = rawClient(source.kubeconfigPath);
    await ready(source, api);
    assert.equal((await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } })).status, 201);
  });

  after(async () => {
    await target?.teardown();
    await source?.teardown();
    await shared?.remove();
  });

  test('is accepted at the limit and refused one level deeper', async () => {
    const atLimit = widget('at-limit', MAX_JSON_DEPTH);
    assert.equal(jsonDepth(atLimit), MAX_JSON_DEPTH);
    const ok = await api.request('POST', W, { body: atLimit });
    assert.equal(ok.status, 201, ok.text.slice(0, 300));
    const deeper = await api.request('POST', W, { body: widget('too-deep', MAX_JSON_DEPTH + 1) });
    assert.equal(deeper.status, 400);
    assert.match(deeper.json<{ message: string }>().message, /exceeded max depth/);
  });

  test('reads, lists, tables, watches and patches', async () => {
    const got = await api.request('GET', `${W}/at-limit`);
    assert.equal(got.status, 200);
    assert.equal(jsonDepth(got.json()), MAX_JSON_DEPTH);
    assert.equal((await api.request('GET', W)).status, 200);
    assert.equal((await api.request('GET', W, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })).status, 200);
    const w = await api.watch(`${W}?watch=1&timeoutSeconds=1`);
    await w.ended;
    assert.equal(w.events.length, 1);
    const merge = await api.request('PATCH', `${W}/at-limit`, {
      body: { metadata: { labels: { patched: 'yes' } } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(merge.status, 200, merge.text.slice(0, 300));
    const copy = await api.request('PATCH', `${W}/at-limit`, {
      body: [{ op: 'copy', from: '/spec', path: '/spec/next/extra' }],
      contentType: 'application/json-patch+json',
    });
    assert.equal(copy.status, 422, 'a copy that would nest deeper is refused');
    assert.equal(jsonDepth((await api.request('GET', `${W}/at-limit`)).json()), MAX_JSON_DEPTH);
  });

  test('a backup of its namespace completes, and its restore into another hub too', async () => {
    const backup = await makeBackup(source, shared.store, 'deep-backup', { includedNamespaces: [NS] });
    assert.equal(backup.status?.progress?.itemsBackedUp, backup.status?.progress?.totalItems);
    target = await startHub({ location: { dir: shared.dir, default: true } });
    await registerBackup(target, backup);
    const outcome = await restore(target, shared.store, 'deep-restore', { backupName: 'deep-backup' });
    assert.equal(outcome.status.phase, 'Completed', JSON.stringify(outcome.status));
    const restored = await target.client.get(WIDGETS, 'at-limit', { namespace: NS });
    assert.equal(jsonDepth(restored), MAX_JSON_DEPTH);
  });
});
