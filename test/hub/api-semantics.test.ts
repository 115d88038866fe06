// API semantics over raw HTTPS: concurrency, errors, auth, generation, finalizers, garbage
// collection, watch, paging and CRD versions. What a client sees, byte for byte where it matters.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { rawClient, REPO, startHub, waitFor, type RawClient, type TestHub } from '../support/index.js';

const exec = promisify(execFile);
const CM = '/api/v1/namespaces/default/configmaps';

interface Status {
  kind: string;
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { field: string; reason: string }[] };
}

function configMap(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data: { k: 'v' } };
}

const GADGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
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
              spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 }, name: { type: 'string', pattern: '^[a-z]+$' } } },
              status: { type: 'object', properties: { phase: { type: 'string' } } },
            },
          },
        },
      },
      {
        name: 'v1beta1',
        served: true,
        storage: false,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

describe('API semantics over HTTPS', () => {
  let env: TestHub;
  let api: RawClient;

  before(async () => {
    env = await startHub({ bookmarkIntervalMs: 200 });
    api = rawClient(env.kubeconfigPath);
    const crd = await api.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: GADGET_CRD });
    assert.equal(crd.status, 201, crd.text);
  });
  after(async () => {
    await env?.teardown();
  });

  it('two writers with the same resourceVersion: exactly one gets 409 Conflict', async () => {
    const created = await api.request('POST', CM, { body: configMap('race') });
    const rv = created.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    const writers = Array.from({ length: 8 }, (_, i) =>
      api.request('PUT', `${CM}/race`, { body: { ...configMap('race', { resourceVersion: rv }), data: { writer: String(i) } } }),
    );
    const results = await Promise.all(writers);
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    const conflicts = results.filter((r) => r.status === 409);
    assert.equal(conflicts.length, 7);
    const body = conflicts[0].json<Status>();
    assert.equal(body.reason, 'Conflict');
    assert.equal(
      body.message,
      'Operation cannot be fulfilled on configmaps "race": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  describe('bad input gets the right 4xx Status and the hub keeps serving', () => {
    const cases: { name: string; method: string; path: string; body?: string | Buffer; contentType?: string; code: number; reason: string; message: RegExp }[] =
      [
        { name: 'malformed JSON', method: 'POST', path: CM, body: '{"metadata": {', code: 400, reason: 'BadRequest', message: /json parse error/ },
        {
          name: 'malformed YAML',
          method: 'POST',
          path: CM,
          body: 'metadata:\n  name: [unclosed',
          contentType: 'application/yaml',
          code: 400,
          reason: 'BadRequest',
          message: /yaml parse error/,
        },
        {
          name: 'unknown resource',
          method: 'GET',
          path: '/api/v1/namespaces/default/widgetz',
          code: 404,
          reason: 'NotFound',
          message: /the server could not find the requested resource/,
        },
        {
          name: 'unknown group',
          method: 'GET',
          path: '/apis/nope.example.com/v1/things',
          code: 404,
          reason: 'NotFound',
          message: /could not find the requested resource/,
        },
        {
          name: 'wrong content type',
          method: 'POST',
          path: CM,
          body: 'name=x',
          contentType: 'text/plain',
          code: 415,
          reason: 'UnsupportedMediaType',
          message: /accepted media types include: application\/json/,
        },
        {
          name: 'invalid name',
          method: 'POST',
          path: CM,
          body: JSON.stringify(configMap('Bad_Name')),
          code: 422,
          reason: 'Invalid',
          message: /ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
        },
        {
          name: 'missing name',
          method: 'POST',
          path: CM,
          body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }),
          code: 422,
          reason: 'Invalid',
          message: /metadata.name: Required value: name or generateName is required/,
        },
        {
          name: 'invalid label',
          method: 'POST',
          path: CM,
          body: JSON.stringify(configMap('lbl', { labels: { 'bad key': 'v' } })),
          code: 422,
          reason: 'Invalid',
          message: /metadata.labels: Invalid value: "bad key"/,
        },
        {
          name: 'kind mismatch',
          method: 'POST',
          path: CM,
          body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }),
          code: 400,
          reason: 'BadRequest',
          message: /the kind in the data \(Secret\) does not match the expected kind \(ConfigMap\)/,
        },
        {
          name: 'namespace mismatch',
          method: 'POST',
          path: CM,
          body: JSON.stringify(configMap('x', { namespace: 'other' })),
          code: 400,
          reason: 'BadRequest',
          message: /does not match the namespace sent on the request/,
        },
        {
          name: 'missing namespace',
          method: 'POST',
          path: '/api/v1/namespaces/nowhere/configmaps',
          body: JSON.stringify(configMap('x')),
          code: 404,
          reason: 'NotFound',
          message: /namespaces "nowhere" not found/,
        },
        {
          name: 'body over 3 MiB',
          method: 'POST',
          path: CM,
          body: JSON.stringify({ ...configMap('huge'), data: { big: 'x'.repeat(3 * 1024 * 1024 + 10) } }),
          code: 413,
          reason: 'RequestEntityTooLarge',
          message: /limit is 3145728/,
        },
        {
          name: 'schema violation',
          method: 'POST',
          path: '/apis/example.com/v1/namespaces/default/gadgets',
          body: JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size: 0, name: 'UPPER' } }),
          code: 422,
          reason: 'Invalid',
          message:
            /Gadget.example.com "g" is invalid: \[spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1, spec.name: Invalid value: "UPPER": spec.name in body should match '\^\[a-z\]\+\$'\]/,
        },
        {
          name: 'strategic merge on a custom resource',
          method: 'PATCH',
          path: '/apis/example.com/v1/namespaces/default/gadgets/any',
          body: '{}',
          contentType: 'application/strategic-merge-patch+json',
          code: 415,
          reason: 'UnsupportedMediaType',
          message: /application\/merge-patch\+json/,
        },
        {
          name: 'bad label selector',
          method: 'GET',
          path: `${CM}?labelSelector=${encodeURIComponent('a in (b')}`,
          code: 400,
          reason: 'BadRequest',
          message: /unable to parse requirement|expected/,
        },
        { name: 'unsupported field selector', method: 'GET', path: `${CM}?fieldSelector=spec.x%3Dy`, code: 400, reason: 'BadRequest', message: /spec.x/ },
        {
          name: 'bad continue token',
          method: 'GET',
          path: `${CM}?limit=1&continue=garbage`,
          code: 400,
          reason: 'BadRequest',
          message: /continue key is not valid/,
        },
        {
          name: 'bad JSON patch',
          method: 'PATCH',
          path: `${CM}/race`,
          body: '{"op":"add"}',
          contentType: 'application/json-patch+json',
          code: 400,
          reason: 'BadRequest',
          message: /./,
        },
      ];
    for (const c of cases) {
      it(c.name, async () => {
        const r = await api.request(c.method, c.path, { body: c.body, contentType: c.contentType });
        assert.equal(r.status, c.code, r.text.slice(0, 300));
        const s = r.json<Status>();
        assert.equal(s.kind, 'Status');
        assert.equal(s.code, c.code);
        assert.equal(s.reason, c.reason);
        assert.match(s.message, c.message);
        const alive = await api.request('GET', '/readyz');
        assert.equal(alive.status, 200);
      });
    }

    it('a schema violation lists its causes by field', async () => {
      const r = await api.request('POST', '/apis/example.com/v1/namespaces/default/gadgets', {
        body: { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size: 'big' } },
      });
      assert.equal(r.status, 422);
      const s = r.json<Status>();
      assert.deepEqual(
        s.details?.causes?.map((c) => c.field),
        ['spec.size'],
      );
      assert.match(s.message, /spec.size in body must be of type integer: "string"/);
    });

    it('strict field validation rejects unknown fields; Warn answers with a Warning header', async () => {
      const gadget = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'strict' }, spec: { size: 1, extra: true } };
      const strict = await api.request('POST', '/apis/example.com/v1/namespaces/default/gadgets?fieldValidation=Strict', { body: gadget });
      assert.equal(strict.status, 400);
      assert.match(strict.json<Status>().message, /Gadget in version "v1" cannot be handled as a Gadget: strict decoding error: unknown field "spec.extra"/);
      const warn = await api.request('POST', '/apis/example.com/v1/namespaces/default/gadgets?fieldValidation=Warn', { body: gadget });
      assert.equal(warn.status, 201);
      assert.match(String(warn.headers.warning), /299 - "unknown field \\?"spec.extra\\?""/);
      assert.equal(warn.json<{ spec: Record<string, unknown> }>().spec.extra, undefined, 'unknown field pruned');
    });
  });

  describe('authentication', () => {
    it('no token and a wrong token get 401 with WWW-Authenticate', async () => {
      for (const token of [null, 'not-a-token']) {
        const r = await api.request('GET', CM, { token });
        assert.equal(r.status, 401);
        assert.equal(r.headers['www-authenticate'], 'Bearer realm="kubernetes"');
        assert.equal(r.json<Status>().reason, 'Unauthorized');
      }
      const version = await api.request('GET', '/version', { token: null });
      assert.equal(version.status, 401);
    });

    it('a read-only token made by `lifeboat hub token create --read-only` reads but cannot write', async () => {
      const { stdout } = await exec(process.execPath, [
        path.join(REPO, 'bin', 'lifeboat.js'),
        'hub',
        'token',
        'create',
        '--read-only',
        '--name',
        'auditor',
        '--data-dir',
        env.dataDir,
      ]);
      const token = stdout.trim();
      assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
      const read = await api.request('GET', CM, { token });
      assert.equal(read.status, 200);
      const write = await api.request('POST', CM, { token, body: configMap('ro') });
      assert.equal(write.status, 403);
      assert.equal(write.json<Status>().message, 'User "auditor" cannot create resource "configmaps" in API group "" in the namespace "default"');
      const ro = await env.kubectl(['get', 'configmaps'], { kubeconfig: await readOnlyKubeconfig(env) });
      assert.equal(ro.code, 0, ro.stderr);
    });
  });

  it('generateName, dryRun and deletecollection', async () => {
    const gen = await api.request('POST', CM, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-', labels: { batch: 'one' } } } });
    assert.equal(gen.status, 201);
    assert.match(gen.json<{ metadata: { name: string } }>().metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const dry = await api.request('POST', `${CM}?dryRun=All`, { body: configMap('dry') });
    assert.equal(dry.status, 201);
    assert.equal((await api.request('GET', `${CM}/dry`)).status, 404);
    await api.request('POST', CM, { body: configMap('batch-2', { labels: { batch: 'one' } }) });
    const before = await api.request('GET', `${CM}?labelSelector=batch%3Done`);
    assert.equal(before.json<{ items: unknown[] }>().items.length, 2);
    const del = await api.request('DELETE', `${CM}?labelSelector=batch%3Done`);
    assert.equal(del.status, 200);
    assert.equal(del.json<{ items: unknown[] }>().items.length, 2);
    const after = await api.request('GET', `${CM}?labelSelector=batch%3Done`);
    assert.equal(after.json<{ items: unknown[] }>().items.length, 0);
  });

  it('generation follows spec changes only; /status leaves spec alone', async () => {
    const base = '/apis/example.com/v1/namespaces/default/gadgets';
    const c = await api.request('POST', base, {
      body: { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'gen' }, spec: { size: 1 }, status: { phase: 'ignored' } },
    });
    assert.equal(c.json<{ metadata: { generation: number }; status?: unknown }>().metadata.generation, 1);
    assert.equal(c.json<{ status?: unknown }>().status, undefined, 'status is dropped on create');
    const label = await api.request('PATCH', `${base}/gen`, { body: { metadata: { labels: { a: 'b' } } }, contentType: 'application/merge-patch+json' });
    assert.equal(label.json<{ metadata: { generation: number } }>().metadata.generation, 1);
    const spec = await api.request('PATCH', `${base}/gen`, { body: { spec: { size: 2 } }, contentType: 'application/merge-patch+json' });
    assert.equal(spec.json<{ metadata: { generation: number } }>().metadata.generation, 2);
    const status = await api.request('PATCH', `${base}/gen/status`, {
      body: { status: { phase: 'Ready' }, spec: { size: 99 } },
      contentType: 'application/merge-patch+json',
    });
    const s = status.json<{ metadata: { generation: number }; spec: { size: number }; status: { phase: string } }>();
    assert.deepEqual([s.metadata.generation, s.spec.size, s.status.phase], [2, 2, 'Ready']);
    const noop = await api.request('PATCH', `${base}/gen`, { body: { spec: { size: 2 } }, contentType: 'application/merge-patch+json' });
    assert.equal(
      noop.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion,
      status.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion,
      'a no-op write keeps the resourceVersion',
    );
  });

  it('an object created in one CRD version is served in every version', async () => {
    const r = await api.request('POST', '/apis/example.com/v1beta1/namespaces/default/gadgets', {
      body: { apiVersion: 'example.com/v1beta1', kind: 'Gadget', metadata: { name: 'multi' }, spec: { size: 3 } },
    });
    assert.equal(r.status, 201, r.text);
    const v1 = await api.request('GET', '/apis/example.com/v1/namespaces/default/gadgets/multi');
    assert.equal(v1.json<{ apiVersion: string }>().apiVersion, 'example.com/v1');
    const beta = await api.request('GET', '/apis/example.com/v1beta1/namespaces/default/gadgets/multi');
    assert.equal(beta.json<{ apiVersion: string }>().apiVersion, 'example.com/v1beta1');
  });

  it('finalizers hold a deletion; no new finalizer may be added; removing the last one deletes', async () => {
    await api.request('POST', CM, { body: configMap('held', { finalizers: ['example.com/hold'] }) });
    const del = await api.request('DELETE', `${CM}/held`);
    assert.equal(del.status, 200);
    const marked = del.json<{ metadata: { deletionTimestamp?: string; finalizers: string[] } }>();
    assert.ok(marked.metadata.deletionTimestamp);
    const add = await api.request('PATCH', `${CM}/held`, {
      body: { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(add.status, 422);
    assert.match(add.json<Status>().message, /no new finalizers can be added if the object is being deleted/);
    const remove = await api.request('PATCH', `${CM}/held`, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    assert.equal(remove.status, 200);
    assert.equal((await api.request('GET', `${CM}/held`)).status, 404);
  });

  it('delete preconditions are checked', async () => {
    await api.request('POST', CM, { body: configMap('pre') });
    const r = await api.request('DELETE', `${CM}/pre`, { body: { preconditions: { uid: 'not-the-uid' } } });
    assert.equal(r.status, 409);
    assert.match(r.json<Status>().message, /Precondition failed: UID in precondition: not-the-uid/);
  });

  describe('garbage collection', () => {
    async function ownerWithDependent(owner: string, blocking = false) {
      const o = await api.request('POST', CM, { body: configMap(owner) });
      const uid = o.json<{ metadata: { uid: string } }>().metadata.uid;
      await api.request('POST', CM, {
        body: configMap(`${owner}-dep`, {
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid, blockOwnerDeletion: blocking, controller: true }],
        }),
      });
      return uid;
    }
    const exists = async (name: string) => (await api.request('GET', `${CM}/${name}`)).status === 200;

    it('Background: the dependent goes after its owner', async () => {
      await ownerWithDependent('bg');
      await api.request('DELETE', `${CM}/bg`, { body: { propagationPolicy: 'Background' } });
      await waitFor('dependent collected', async () => !(await exists('bg-dep')), 10_000);
    });

    it('Foreground: the owner waits for its blocking dependents', async () => {
      await ownerWithDependent('fg', true);
      const r = await api.request('DELETE', `${CM}/fg`, { body: { propagationPolicy: 'Foreground' } });
      assert.deepEqual(r.json<{ metadata: { finalizers: string[] } }>().metadata.finalizers, ['foregroundDeletion']);
      await waitFor('owner and dependent gone', async () => !(await exists('fg')) && !(await exists('fg-dep')), 10_000);
    });

    it('Orphan: the dependent stays and loses its owner reference', async () => {
      await ownerWithDependent('or');
      await api.request('DELETE', `${CM}/or`, { body: { propagationPolicy: 'Orphan' } });
      await waitFor('owner gone', async () => !(await exists('or')), 10_000);
      const dep = await api.request('GET', `${CM}/or-dep`);
      assert.equal(dep.status, 200);
      assert.equal(dep.json<{ metadata: { ownerReferences?: unknown } }>().metadata.ownerReferences, undefined);
    });
  });

  describe('watch', () => {
    it('replays from a resourceVersion, sends bookmarks, and reports selector transitions', async () => {
      const start = (await api.request('GET', CM)).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
      const w = await api.watch(`${CM}?watch=true&resourceVersion=${start}&labelSelector=team%3Dred&allowWatchBookmarks=true`);
      await api.request('POST', CM, { body: configMap('w-red', { labels: { team: 'red' } }) });
      await api.request('PATCH', `${CM}/w-red`, { body: { metadata: { labels: { team: 'blue' } } }, contentType: 'application/merge-patch+json' });
      await api.request('PATCH', `${CM}/w-red`, { body: { metadata: { labels: { team: 'red' } } }, contentType: 'application/merge-patch+json' });
      await api.request('DELETE', `${CM}/w-red`);
      await waitFor('four events', () => w.events.filter((e) => e.type !== 'BOOKMARK').length >= 4, 10_000);
      assert.deepEqual(
        w.events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type),
        ['ADDED', 'DELETED', 'ADDED', 'DELETED'],
      );
      await waitFor('a bookmark', () => w.events.some((e) => e.type === 'BOOKMARK'), 10_000);
      const bookmark = w.events.find((e) => e.type === 'BOOKMARK') as unknown as { object: { kind: string; metadata: { resourceVersion: string } } };
      assert.equal(bookmark.object.kind, 'ConfigMap');
      assert.ok(Number(bookmark.object.metadata.resourceVersion) >= Number(start));
      const rvs = w.events.filter((e) => e.type !== 'BOOKMARK').map((e) => Number((e.object.metadata as { resourceVersion: string }).resourceVersion));
      assert.deepEqual(
        [...rvs].sort((a, b) => a - b),
        rvs,
        'in resourceVersion order',
      );
      w.stop();
    });

    it('a compacted resourceVersion gets an ERROR 410 Expired event and the stream closes', async () => {
      const old = (await api.request('GET', CM)).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
      await api.request('POST', CM, { body: configMap('compact-me') });
      await api.request('POST', CM, { body: configMap('compact-me-too') });
      // History after `old` is forgotten up to the head's predecessor: `old` itself is too old now.
      env.hub.ctx.store.compactTo(env.hub.ctx.store.currentRv() - 1);
      const w = await api.watch(`${CM}?watch=true&resourceVersion=${old}`);
      await w.ended;
      assert.equal(w.events.length, 1);
      assert.equal(w.events[0].type, 'ERROR');
      const s = w.events[0].object as unknown as Status;
      assert.equal(s.code, 410);
      assert.equal(s.reason, 'Expired');
      assert.match(s.message, /^too old resource version: \d+ \(\d+\)$/);
      const fresh = (await api.request('GET', CM)).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
      const ok = await api.watch(`${CM}?watch=true&resourceVersion=${fresh}&timeoutSeconds=1`);
      await ok.ended;
      assert.ok(!ok.events.some((e) => e.type === 'ERROR'), 'the list resourceVersion is always watchable');
    });

    it('timeoutSeconds ends the stream cleanly', async () => {
      const t0 = Date.now();
      const w = await api.watch(`${CM}?watch=true&timeoutSeconds=1&resourceVersion=${env.hub.ctx.store.currentRv()}`);
      await w.ended;
      assert.ok(Date.now() - t0 >= 900);
    });
  });

  it('paginates with limit/continue and reports remainingItemCount', async () => {
    await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paging' } } });
    for (let i = 0; i < 25; i++) await api.request('POST', '/api/v1/namespaces/paging/configmaps', { body: configMap(`p-${String(i).padStart(2, '0')}`) });
    const names: string[] = [];
    let token = '';
    let pages = 0;
    let firstRv = '';
    do {
      const r = await api.request('GET', `/api/v1/namespaces/paging/configmaps?limit=10${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      const list = r.json<{ metadata: { continue?: string; remainingItemCount?: number; resourceVersion: string }; items: { metadata: { name: string } }[] }>();
      if (pages === 0) {
        firstRv = list.metadata.resourceVersion;
        assert.equal(list.metadata.remainingItemCount, 15);
      }
      assert.equal(list.metadata.resourceVersion, firstRv, 'every page reports the first page resourceVersion');
      names.push(...list.items.map((i) => i.metadata.name));
      token = list.metadata.continue ?? '';
      pages += 1;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(
      names,
      Array.from({ length: 25 }, (_, i) => `p-${String(i).padStart(2, '0')}`),
    );
  });

  it('refuses content in a terminating namespace and protects the system namespaces', async () => {
    await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'closing' } } });
    await api.request('POST', '/api/v1/namespaces/closing/configmaps', { body: configMap('stuck', { finalizers: ['example.com/hold'] }) });
    const del = await api.request('DELETE', '/api/v1/namespaces/closing');
    assert.equal(del.json<{ status: { phase: string } }>().status.phase, 'Terminating');
    const refused = await api.request('POST', '/api/v1/namespaces/closing/configmaps', { body: configMap('late') });
    assert.equal(refused.status, 403);
    assert.match(refused.json<Status>().message, /unable to create new content in namespace closing because it is being terminated/);
    await waitFor(
      'NamespaceFinalizersRemaining condition',
      async () => {
        const ns = (await api.request('GET', '/api/v1/namespaces/closing')).json<{ status: { conditions?: { type: string }[] } }>();
        return (ns.status.conditions ?? []).some((c) => c.type === 'NamespaceFinalizersRemaining');
      },
      10_000,
    );
    await api.request('PATCH', '/api/v1/namespaces/closing/configmaps/stuck', {
      body: { metadata: { finalizers: null } },
      contentType: 'application/merge-patch+json',
    });
    await waitFor('namespace gone', async () => (await api.request('GET', '/api/v1/namespaces/closing')).status === 404, 10_000);
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const r = await api.request('DELETE', `/api/v1/namespaces/${name}`);
      assert.equal(r.status, 403);
    }
  });
});

async function readOnlyKubeconfig(env: TestHub): Promise<string> {
  const file = path.join(env.dataDir, 'ro.kubeconfig');
  await exec(process.execPath, [
    path.join(REPO, 'bin', 'lifeboat.js'),
    'hub',
    'token',
    'create',
    '--read-only',
    '--name',
    'viewer',
    '--data-dir',
    env.dataDir,
    '--kubeconfig',
    file,
  ]);
  return file;
}
