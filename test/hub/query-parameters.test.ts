// Issue 9, deliverable 1: query parameters converted and checked as kube-apiserver does, through
// raw HTTPS (the way clients other than kubectl send them). Every refused request is shown to
// change nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rawClient, rawRequest, startHub, waitFor, type RawClient, type RawTarget, type TestHub } from '../support/index.js';

const NS = 'params';
const CM = `/api/v1/namespaces/${NS}/configmaps`;

interface Status {
  kind: string;
  code: number;
  reason: string;
  message: string;
}

interface Meta {
  metadata: { name: string; uid: string; resourceVersion: string; ownerReferences?: unknown[]; annotations?: Record<string, string> };
}

let env: TestHub;
let api: RawClient;

async function create(name: string, extra: Record<string, unknown> = {}): Promise<Meta> {
  const r = await api.request('POST', CM, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data: { k: 'v' } } });
  assert.equal(r.status, 201, r.text);
  return r.json<Meta>();
}

async function exists(name: string): Promise<boolean> {
  return (await api.request('GET', `${CM}/${name}`)).status === 200;
}

async function names(): Promise<string[]> {
  return (await api.request('GET', CM)).json<{ items: Meta[] }>().items.map((i) => i.metadata.name);
}

function expectStatus(r: { status: number; text: string }, code: number, message: string | RegExp): Status {
  assert.equal(r.status, code, r.text);
  const s = JSON.parse(r.text) as Status;
  assert.equal(s.kind, 'Status');
  assert.equal(s.code, code);
  if (typeof message === 'string') assert.equal(s.message, message);
  else assert.match(s.message, message);
  return s;
}

function target(): RawTarget {
  return { url: api.url, ca: api.ca, token: api.token };
}

before(async () => {
  env = await startHub({ bookmarkIntervalMs: 200 });
  api = rawClient(env.kubeconfigPath);
  const ns = await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
  assert.equal(ns.status, 201, ns.text);
});

after(async () => {
  await env?.teardown();
});

describe('booleans are true for anything but 0 and false', () => {
  it('watch=True watches; watch=0 and watch=FALSE list', async () => {
    await create('w-one');
    const w = await api.watch(`${CM}?watch=True`);
    await waitFor('the initial ADDED event', () => w.events.some((e) => e.type === 'ADDED'), 10_000);
    await create('w-two');
    await waitFor('the live ADDED event', () => w.events.some((e) => (e.object.metadata as { name: string }).name === 'w-two'), 10_000);
    w.stop();
    for (const value of ['0', 'FALSE', 'false']) {
      const list = await api.request('GET', `${CM}?watch=${value}`);
      assert.equal(list.status, 200);
      assert.equal(list.json<{ kind: string }>().kind, 'ConfigMapList', value);
    }
  });

  it('an empty value is true too, as in Go', async () => {
    const w = await api.watch(`${CM}?watch=&resourceVersion=0&timeoutSeconds=1`);
    await w.ended;
    assert.ok(w.events.length > 0 && w.events.every((e) => e.type === 'ADDED'));
  });

  it('on an object path, ?watch= is ignored: the object comes back', async () => {
    const r = await api.request('GET', `${CM}/w-one?watch=true`);
    assert.equal(r.status, 200);
    assert.equal(r.json<{ kind: string }>().kind, 'ConfigMap');
  });

  it('orphanDependents=True keeps the dependent, without its owner reference', async () => {
    const owner = await create('owner-a');
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner-a', uid: owner.metadata.uid };
    await create('dependent-a', { ownerReferences: [ref] });
    const del = await api.request('DELETE', `${CM}/owner-a?orphanDependents=True`);
    assert.ok(del.status === 200, del.text);
    await waitFor('the owner to go', async () => !(await exists('owner-a')), 10_000);
    await env.hub.settle();
    const dependent = await api.request('GET', `${CM}/dependent-a`);
    assert.equal(dependent.status, 200, 'the dependent survives');
    assert.deepEqual(dependent.json<Meta>().metadata.ownerReferences ?? [], []);
  });

  it('orphanDependents=false deletes the dependent in the background', async () => {
    const owner = await create('owner-b');
    await create('dependent-b', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner-b', uid: owner.metadata.uid }] });
    const del = await api.request('DELETE', `${CM}/owner-b?orphanDependents=false`);
    assert.equal(del.status, 200, del.text);
    await waitFor('the dependent to be collected', async () => !(await exists('dependent-b')), 10_000);
  });
});

describe('a value that does not convert or validate is refused and changes nothing', () => {
  it('list and watch parameters', async () => {
    await create('stays');
    expectStatus(await api.request('GET', `${CM}?limit=abc`), 400, 'strconv.ParseInt: parsing "abc": invalid syntax');
    expectStatus(await api.request('GET', `${CM}?limit=1e20`), 400, 'strconv.ParseInt: parsing "1e20": invalid syntax');
    expectStatus(await api.request('GET', `${CM}?limit=99999999999999999999`), 400, 'strconv.ParseInt: parsing "99999999999999999999": value out of range');
    expectStatus(await api.request('GET', `${CM}?watch=1&timeoutSeconds=x`), 400, 'strconv.ParseInt: parsing "x": invalid syntax');
    expectStatus(
      await api.request('GET', `${CM}?resourceVersion=1&resourceVersionMatch=bogus`),
      422,
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "bogus": supported values: "Exact", "NotOlderThan", ""',
    );
    expectStatus(await api.request('GET', `${CM}?sendInitialEvents=true`), 422, /sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list/);
    expectStatus(await api.request('GET', `${CM}?resourceVersion=abc`), 400, /^invalid resource version: resourceVersion: Invalid value: "abc"/);
    expectStatus(await api.request('GET', `${CM}?watch=1&resourceVersion=-3`), 400, /strconv.ParseUint: parsing "-3": invalid syntax/);
    expectStatus(
      await api.request('GET', `${CM}?includeObject=bogus`, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' }),
      400,
      `Unable to convert to Table as requested: includeObject: Invalid value: "bogus": must be 'Metadata', 'Object', 'None', or empty`,
    );
    expectStatus(await api.request('DELETE', `${CM}?limit=abc`), 400, /strconv.ParseInt/);
    assert.ok(await exists('stays'), 'deletecollection with a bad limit deleted nothing');
    assert.equal((await api.request('GET', `${CM}?limit=-1&pretty=true&unknownParameter=1`)).status, 200, 'unknown parameters are ignored');
  });

  it('create, update and patch options', async () => {
    const before = await names();
    expectStatus(
      await api.request('POST', `${CM}?dryRun=bogus`, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'never' } } }),
      422,
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"bogus"}: supported values: "All"',
    );
    expectStatus(
      await api.request('POST', `${CM}?fieldValidation=bogus`, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'never' } } }),
      422,
      /fieldValidation: Unsupported value: "bogus": supported values: "", "Ignore", "Strict", "Warn"/,
    );
    assert.deepEqual(await names(), before);
    const stays = await api.request('GET', `${CM}/stays`);
    const rv = stays.json<Meta>().metadata.resourceVersion;
    expectStatus(
      await api.request('PATCH', `${CM}/stays?force=true`, { body: { data: { k: 'changed' } }, contentType: 'application/merge-patch+json' }),
      422,
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
    expectStatus(
      await api.request('PATCH', `${CM}/stays`, { body: '{"data":{"k":"changed"}}', contentType: 'application/apply-patch+yaml' }),
      422,
      /fieldManager: Required value: is required for apply patch/,
    );
    expectStatus(
      await api.request('PUT', `${CM}/stays?dryRun=bogus`, { body: { ...stays.json<Meta>(), data: { k: 'changed' } } }),
      422,
      /^UpdateOptions.meta.k8s.io "" is invalid: dryRun/,
    );
    assert.equal((await api.request('GET', `${CM}/stays`)).json<Meta>().metadata.resourceVersion, rv, 'unchanged');
  });

  it('delete options, from the query and from the body', async () => {
    await create('target');
    expectStatus(
      await api.request('DELETE', `${CM}/target?propagationPolicy=bogus`),
      422,
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "bogus": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
    expectStatus(await api.request('DELETE', `${CM}/target?dryRun=bogus`), 422, /dryRun: Unsupported value: \[\]string\{"bogus"\}/);
    expectStatus(await api.request('DELETE', `${CM}/target?gracePeriodSeconds=soon`), 400, 'strconv.ParseInt: parsing "soon": invalid syntax');
    // Issue 13 finding 5: a string where a list belongs really deleted; so did a precondition that is no object.
    expectStatus(
      await api.request('DELETE', `${CM}/target`, { body: '{"dryRun": "All"}' }),
      400,
      'json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string',
    );
    expectStatus(
      await api.request('DELETE', `${CM}/target`, { body: '{"preconditions": "x"}' }),
      400,
      'json: cannot unmarshal string into Go struct field DeleteOptions.preconditions of type v1.Preconditions',
    );
    expectStatus(
      await api.request('DELETE', `${CM}/target`, { body: 'dryRun: All\n', contentType: 'application/yaml' }),
      400,
      /DeleteOptions.dryRun of type \[\]string/,
    );
    assert.ok(await exists('target'), 'nothing deleted');
    const dry = await api.request('DELETE', `${CM}/target`, { body: { dryRun: ['All'] } });
    assert.equal(dry.status, 200, dry.text);
    assert.ok(await exists('target'), 'a dry run deletes nothing');
    expectStatus(await api.request('DELETE', `${CM}?labelSelector=x%3Dy`, { body: '{"dryRun": "All"}' }), 400, /DeleteOptions.dryRun/);
    const gone = await api.request('DELETE', `${CM}/target`, {
      body: { preconditions: { uid: (await api.request('GET', `${CM}/target`)).json<Meta>().metadata.uid } },
    });
    assert.equal(gone.status, 200, gone.text);
    assert.equal(await exists('target'), false);
  });

  it('a bad ?timeout= is a 400 before authentication', async () => {
    expectStatus(
      await api.request('GET', `${CM}?timeout=abc`, { token: null }),
      400,
      'invalid timeout specified in the request URL - time: invalid duration "abc"',
    );
    expectStatus(await api.request('GET', '/version?timeout=5', { token: null }), 400, /time: missing unit in duration "5"/);
    assert.equal((await api.request('GET', `${CM}?timeout=5s`, { token: null })).status, 401);
  });
});

describe('pretty', () => {
  it('is read with strconv.ParseBool, and curl gets indented JSON without asking', async () => {
    const indented = (text: string): boolean => text.startsWith('{\n  "');
    assert.ok(indented((await api.request('GET', `${CM}/stays?pretty=true`)).text));
    assert.ok(indented((await api.request('GET', `${CM}?pretty=1`)).text));
    assert.ok(!indented((await api.request('GET', `${CM}/stays?pretty=yes`)).text), 'not a Go boolean: false');
    assert.ok(!indented((await api.request('GET', `${CM}/stays`)).text));
    const curl = await rawRequest(target(), 'GET', `${CM}/stays`, { headers: { 'User-Agent': 'curl/8.5.0' } });
    assert.ok(indented(curl.body), curl.body.slice(0, 40));
    assert.ok(indented((await api.request('GET', `${CM}/nothing-here?pretty=true`)).text), 'errors too');
  });
});

describe('watch parameters', () => {
  it('sendInitialEvents: initial events, then a bookmark that marks their end', async () => {
    const w = await api.watch(`${CM}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=1`);
    await waitFor('the initial-events-end bookmark', () => w.events.some((e) => e.type === 'BOOKMARK'), 10_000);
    w.stop();
    const first = w.events.findIndex((e) => e.type === 'BOOKMARK');
    assert.ok(first > 0 && w.events.slice(0, first).every((e) => e.type === 'ADDED'));
    assert.equal((w.events[first].object as unknown as Meta).metadata.annotations?.['k8s.io/initial-events-end'], 'true');
  });

  it('sendInitialEvents=false from now: only what changes next', async () => {
    const w = await api.watch(`${CM}?watch=1&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=1`);
    // The first bookmark says the watch is running.
    await waitFor('the first bookmark', () => w.events.length > 0, 10_000);
    await create('after-start');
    await waitFor('an event', () => w.events.some((e) => e.type !== 'BOOKMARK'), 10_000);
    w.stop();
    assert.deepEqual(
      w.events.filter((e) => e.type !== 'BOOKMARK').map((e) => [e.type, (e.object.metadata as { name: string }).name]),
      [['ADDED', 'after-start']],
    );
  });

  it('a timeoutSeconds beyond the timer range keeps the watch open; a negative one ends it at once', async () => {
    const rv = (await api.request('GET', CM)).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    const long = await api.watch(`${CM}?watch=1&resourceVersion=${rv}&timeoutSeconds=99999999999`);
    let ended = false;
    void long.ended.then(() => (ended = true));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(ended, false, 'still open after 1.5 s');
    await create('seen-late');
    await waitFor('the change', () => long.events.some((e) => (e.object.metadata as { name: string }).name === 'seen-late'), 10_000);
    long.stop();
    const negative = await api.watch(`${CM}?watch=1&resourceVersion=${rv}&timeoutSeconds=-1`);
    await negative.ended;
    assert.equal(negative.events.length, 0);
  });
});
