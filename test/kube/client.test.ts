import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  CONFIGMAPS,
  isAlreadyExists,
  isConflict,
  isNotFound,
  isStatus,
  KubeApiError,
  KubeClient,
  KubeTimeoutError,
  NoKindMatchError,
  type KubeObject,
  type ResourceRef,
} from '../../src/kube/index.js';
import { ensureNamespace, inParallel, kubeConfigVia, startHub, waitFor, type TestHub } from '../support/index.js';
import { cm, type ConfigMap } from './fixtures.js';

const GROUP = 'kubetest.lifeboat.io';
const WIDGET_TYPE = { apiVersion: `${GROUP}/v1`, kind: 'Widget' };

interface Widget extends KubeObject {
  spec?: { size?: number; color?: string; tags?: string[] };
  status?: { phase?: string; observedGeneration?: number };
}

const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  size: { type: 'integer', minimum: 1 },
                  color: { type: 'string' },
                  tags: { type: 'array', items: { type: 'string' } },
                },
              },
              status: { type: 'object', properties: { phase: { type: 'string' }, observedGeneration: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
};

let env: TestHub;
let client: KubeClient;

before(async () => {
  env = await startHub();
  client = env.client;
  await ensureNamespace(client, 'crud');
});

after(async () => {
  await env?.teardown();
});

async function expectApiError(promise: Promise<unknown>, code: number): Promise<KubeApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof KubeApiError, `expected a KubeApiError, got ${String(err)}`);
    assert.equal(err.code, code, `expected HTTP ${code}, got ${err.code} ${err.reason}: ${err.message}`);
    return err;
  }
  assert.fail(`expected the request to fail with ${code}`);
}

describe('ConfigMaps', () => {
  test('create, get, update, 409 on a stale resourceVersion, delete', async () => {
    const created = await client.create<ConfigMap>(CONFIGMAPS, cm('crud', 'one', { a: '1' }));
    assert.ok(created.metadata?.uid);
    assert.ok(created.metadata?.resourceVersion);
    assert.equal(created.kind, 'ConfigMap');

    // Through discovery instead of an explicit ResourceRef.
    const fetched = await client.get<ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap' }, 'one', { namespace: 'crud' });
    assert.deepEqual(fetched.data, { a: '1' });

    const updated = await client.update<ConfigMap>(CONFIGMAPS, { ...fetched, data: { a: '2' } });
    assert.deepEqual(updated.data, { a: '2' });
    assert.notEqual(updated.metadata?.resourceVersion, fetched.metadata?.resourceVersion);

    const stale = await expectApiError(client.update<ConfigMap>(CONFIGMAPS, { ...fetched, data: { a: '3' } }), 409);
    assert.ok(isConflict(stale));
    assert.ok(!isAlreadyExists(stale));
    assert.equal(stale.reason, 'Conflict');
    assert.match(stale.message, /the object has been modified/);

    const dup = await expectApiError(client.create(CONFIGMAPS, cm('crud', 'one')), 409);
    assert.ok(isAlreadyExists(dup));
    assert.ok(!isConflict(dup));
    assert.equal(dup.reason, 'AlreadyExists');

    const deleted = await client.delete(CONFIGMAPS, 'one', { namespace: 'crud' });
    assert.ok(isStatus(deleted) || deleted.metadata?.name === 'one');
    const gone = await expectApiError(client.get(CONFIGMAPS, 'one', { namespace: 'crud' }), 404);
    assert.ok(isNotFound(gone));
    assert.equal(gone.reason, 'NotFound');
    assert.match(gone.message, /"one" not found/);
  });

  test('merge, json, strategic and server-side apply patches', async () => {
    await client.create<ConfigMap>(CONFIGMAPS, cm('crud', 'patched', { a: '1', b: '2' }, { team: 'x' }));

    const merged = await client.patch<ConfigMap>(CONFIGMAPS, 'patched', { data: { a: null, c: '3' } }, { type: 'merge', namespace: 'crud' });
    assert.deepEqual(merged.data, { b: '2', c: '3' });

    const jsonPatched = await client.patch<ConfigMap>(
      CONFIGMAPS,
      'patched',
      [
        { op: 'test', path: '/data/b', value: '2' },
        { op: 'replace', path: '/data/b', value: 'two' },
        { op: 'remove', path: '/data/c' },
      ],
      { type: 'json', namespace: 'crud' },
    );
    assert.deepEqual(jsonPatched.data, { b: 'two' });

    const strategic = await client.patch<ConfigMap>(
      CONFIGMAPS,
      'patched',
      { metadata: { labels: { tier: 'gold' } } },
      { type: 'strategic', namespace: 'crud' },
    );
    assert.deepEqual(strategic.metadata?.labels, { team: 'x', tier: 'gold' });

    // Server-side apply is an upsert: a missing object is created.
    const appliedNew = await client.patch<ConfigMap>(
      CONFIGMAPS,
      'applied',
      { metadata: { name: 'applied', namespace: 'crud' }, data: { k: 'v1' } },
      {
        type: 'apply',
        namespace: 'crud',
        fieldManager: 'lifeboat-test',
        force: true,
      },
    );
    assert.deepEqual(appliedNew.data, { k: 'v1' });
    const appliedAgain = await client.patch<ConfigMap>(
      CONFIGMAPS,
      'applied',
      { metadata: { name: 'applied', namespace: 'crud' }, data: { k: 'v2' } },
      {
        type: 'apply',
        namespace: 'crud',
        fieldManager: 'lifeboat-test',
        force: true,
      },
    );
    assert.equal(appliedAgain.data?.k, 'v2');
    assert.equal(appliedAgain.metadata?.uid, appliedNew.metadata?.uid);

    await assert.rejects(client.patch(CONFIGMAPS, 'applied', {}, { type: 'apply', namespace: 'crud' }), /fieldManager/);
  });

  test('delete preconditions and propagation policy', async () => {
    const obj = await client.create<ConfigMap>(CONFIGMAPS, cm('crud', 'guarded'));
    const wrongUid = await expectApiError(
      client.delete(CONFIGMAPS, 'guarded', { namespace: 'crud', preconditions: { uid: '00000000-0000-4000-8000-000000000000' } }),
      409,
    );
    assert.ok(isConflict(wrongUid));
    await client.get(CONFIGMAPS, 'guarded', { namespace: 'crud' });

    await client.delete(CONFIGMAPS, 'guarded', { namespace: 'crud', preconditions: { uid: obj.metadata?.uid }, propagationPolicy: 'Foreground' });
    await waitFor(
      'the foreground delete to finish',
      async () => {
        try {
          await client.get(CONFIGMAPS, 'guarded', { namespace: 'crud' });
          return false;
        } catch (err) {
          return isNotFound(err);
        }
      },
      20_000,
    );
  });

  test('list with label and field selectors; deleteCollection with a label selector', async () => {
    await ensureNamespace(client, 'coll');
    for (let i = 0; i < 5; i++) await client.create(CONFIGMAPS, cm('coll', `doomed-${i}`, {}, { fate: 'doomed' }));
    for (let i = 0; i < 2; i++) await client.create(CONFIGMAPS, cm('coll', `kept-${i}`, {}, { fate: 'kept' }));

    const doomed = await client.list<ConfigMap>(CONFIGMAPS, { namespace: 'coll', labelSelector: 'fate=doomed' });
    assert.equal(doomed.items.length, 5);
    assert.ok(doomed.metadata?.resourceVersion);
    const byName = await client.list<ConfigMap>(CONFIGMAPS, { namespace: 'coll', fieldSelector: 'metadata.name=kept-1' });
    assert.deepEqual(
      byName.items.map((i) => i.metadata?.name),
      ['kept-1'],
    );

    await client.deleteCollection(CONFIGMAPS, { namespace: 'coll', labelSelector: 'fate=doomed' });
    const left = await waitFor(
      'the collection delete',
      async () => {
        const l = await client.list<ConfigMap>(CONFIGMAPS, { namespace: 'coll' });
        return l.items.length === 2 ? l : undefined;
      },
      20_000,
    );
    assert.deepEqual(left.items.map((i) => i.metadata?.name).sort(), ['kept-0', 'kept-1']);
  });

  test('listAll follows continue over more than 1,000 objects', async () => {
    await ensureNamespace(client, 'paging');
    const names = Array.from({ length: 1100 }, (_, i) => `item-${String(i).padStart(4, '0')}`);
    await inParallel(names, 16, (name, i) => client.create(CONFIGMAPS, cm('paging', name, { i: String(i) }, { parity: i % 2 ? 'odd' : 'even' })));

    const firstPage = await client.list<ConfigMap>(CONFIGMAPS, { namespace: 'paging', limit: 250 });
    assert.equal(firstPage.items.length, 250);
    assert.ok(firstPage.metadata?.continue, 'a limited list must hand out a continue token');

    const seen: string[] = [];
    for await (const item of client.listAll<ConfigMap>(CONFIGMAPS, { namespace: 'paging', limit: 250 })) seen.push(item.metadata?.name ?? '');
    assert.equal(seen.length, 1100);
    assert.deepEqual([...new Set(seen)].sort(), names);

    let defaultPaged = 0;
    for await (const _ of client.listAll(CONFIGMAPS, { namespace: 'paging' })) defaultPaged++;
    assert.equal(defaultPaged, 1100);

    let odd = 0;
    for await (const item of client.listAll<ConfigMap>(CONFIGMAPS, { namespace: 'paging', labelSelector: 'parity=odd', limit: 100 })) {
      assert.equal(item.metadata?.labels?.parity, 'odd');
      odd++;
    }
    assert.equal(odd, 550);
  });
});

describe('custom resources', () => {
  let widgets: ResourceRef;

  before(async () => {
    await ensureNamespace(client, 'widgets');
    await client.create({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }, WIDGET_CRD);
    widgets = await waitFor(
      'the Widget CRD to be served',
      async () => {
        try {
          return await client.resolve(WIDGET_TYPE);
        } catch (err) {
          if (err instanceof NoKindMatchError) return undefined;
          throw err;
        }
      },
      20_000,
    );
    assert.deepEqual({ ...widgets }, { group: GROUP, version: 'v1', plural: 'widgets', namespaced: true, kind: 'Widget' });
  });

  test('CRUD, status subresource, patch types and conflicts', async () => {
    const created = await client.create<Widget>(WIDGET_TYPE, { metadata: { name: 'w1', namespace: 'widgets' }, spec: { size: 1, color: 'red', tags: ['a'] } });
    assert.equal(created.apiVersion, `${GROUP}/v1`);
    assert.equal(created.kind, 'Widget');
    assert.equal(created.metadata?.generation, 1);

    const grown = await client.update<Widget>(WIDGET_TYPE, { ...created, spec: { ...created.spec, size: 2 } });
    assert.equal(grown.spec?.size, 2);
    assert.equal(grown.metadata?.generation, 2);

    const stale = await expectApiError(client.update<Widget>(WIDGET_TYPE, { ...created, spec: { size: 5 } }), 409);
    assert.ok(isConflict(stale));

    // /status changes only the status, whatever the body says about spec.
    const withStatus = await client.updateStatus<Widget>(WIDGET_TYPE, { ...grown, spec: { size: 99 }, status: { phase: 'Ready', observedGeneration: 2 } });
    assert.equal(withStatus.status?.phase, 'Ready');
    assert.equal(withStatus.spec?.size, 2);
    assert.equal(withStatus.metadata?.generation, 2);

    const patchedStatus = await client.patchStatus<Widget>(
      WIDGET_TYPE,
      'w1',
      { status: { phase: 'Degraded' }, spec: { size: 50 } },
      { type: 'merge', namespace: 'widgets' },
    );
    assert.equal(patchedStatus.status?.phase, 'Degraded');
    assert.equal(patchedStatus.spec?.size, 2);

    // The main resource ignores status when the kind has a status subresource.
    const merged = await client.patch<Widget>(
      widgets,
      'w1',
      { spec: { color: 'blue' }, status: { phase: 'Ignored' } },
      { type: 'merge', namespace: 'widgets' },
    );
    assert.equal(merged.spec?.color, 'blue');
    assert.equal(merged.status?.phase, 'Degraded');

    const jsonPatched = await client.patch<Widget>(widgets, 'w1', [{ op: 'add', path: '/spec/tags/-', value: 'b' }], { type: 'json', namespace: 'widgets' });
    assert.deepEqual(jsonPatched.spec?.tags, ['a', 'b']);

    const applied = await client.patch<Widget>(
      widgets,
      'w1',
      { metadata: { name: 'w1', namespace: 'widgets' }, spec: { size: 3 } },
      {
        type: 'apply',
        namespace: 'widgets',
        fieldManager: 'lifeboat-test',
        force: true,
      },
    );
    assert.equal(applied.spec?.size, 3);

    const smp = await expectApiError(client.patch(widgets, 'w1', { spec: { size: 4 } }, { type: 'strategic', namespace: 'widgets' }), 415);
    assert.equal(smp.reason, 'UnsupportedMediaType');

    const invalid = await expectApiError(client.patch(widgets, 'w1', { spec: { size: 0 } }, { type: 'merge', namespace: 'widgets' }), 422);
    assert.equal(invalid.reason, 'Invalid');
    assert.ok(
      invalid.causes.some((c) => c.field === 'spec.size'),
      `causes: ${JSON.stringify(invalid.causes)}`,
    );

    await client.create<Widget>(WIDGET_TYPE, { metadata: { name: 'w2', namespace: 'default' }, spec: { size: 1 } });
    const everywhere = await client.list<Widget>(WIDGET_TYPE);
    assert.deepEqual(everywhere.items.map((w) => `${w.metadata?.namespace}/${w.metadata?.name}`).sort(), ['default/w2', 'widgets/w1']);

    await client.delete(WIDGET_TYPE, 'w1', { namespace: 'widgets' });
    await expectApiError(client.get(WIDGET_TYPE, 'w1', { namespace: 'widgets' }), 404);
  });

  test('an unknown kind is a NoKindMatchError, not a NotFound', async () => {
    await assert.rejects(client.get({ apiVersion: `${GROUP}/v1`, kind: 'Gadget' }, 'x', { namespace: 'default' }), NoKindMatchError);
    await assert.rejects(client.get({ apiVersion: 'nothing.example.com/v9', kind: 'Thing' }, 'x'), NoKindMatchError);
  });
});

describe('transport', () => {
  test('a request that gets no answer times out', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const url = `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    const mute = new KubeClient(kubeConfigVia(env.hub.kubeconfig(), env.hub.url, url), { timeoutMs: 300 });
    try {
      const err = await mute.get(CONFIGMAPS, 'x', { namespace: 'default' }).then(
        () => assert.fail('expected a timeout'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof KubeTimeoutError, `got ${String(err)}`);
      assert.equal(err.timeoutMs, 300);
      const perCall = await mute.get(CONFIGMAPS, 'x', { namespace: 'default', timeoutMs: 100 }).catch((e: unknown) => e);
      assert.ok(perCall instanceof KubeTimeoutError && perCall.timeoutMs === 100);
    } finally {
      mute.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  test('requests are logged without the bearer token', async () => {
    const token = env.kubeConfig.getCurrentUser()?.token;
    assert.ok(token, 'the hub kubeconfig carries a token');
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logged += chunk.toString();
        cb();
      },
    });
    const logging = new KubeClient(env.kubeConfig, { log: pino({ level: 'debug' }, sink) });
    try {
      await logging.list(CONFIGMAPS, { namespace: 'default' });
      const err = await logging.get(CONFIGMAPS, 'missing', { namespace: 'default' }).catch((e: unknown) => e);
      assert.ok(isNotFound(err));
      assert.ok(!String((err as Error).message).includes(token));
      assert.match(logged, /kube request/);
      assert.ok(!logged.includes(token), 'the token leaked into the log');
    } finally {
      logging.close();
    }
  });
});
