// Issue 13, findings 1, 6, 7 and 9 (finding 5, option bodies, is in query-parameters.test.ts):
// each with the input that found it, sent byte for byte over TLS, asserting the answer and that
// nothing changed. The hub's log is captured: no error line, and nothing a body said, reaches it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { rawClient, rawRequest, startHub, type RawClient, type RawTarget, type TestHub } from '../support/index.js';
import { MAX_JSON_DEPTH } from '../../src/util/json-depth.js';

const NS = 'victim';
const CM = `/api/v1/namespaces/${NS}/configmaps`;

let env: TestHub;
let api: RawClient;
let target: RawTarget;
const logLines: string[] = [];
const warnings: string[] = [];
const onWarning = (w: Error): void => {
  warnings.push(`${w.name}: ${w.message}`);
};

interface Meta {
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string> };
  status?: { phase?: string };
}

async function namespaceRv(): Promise<string> {
  const r = await api.request('GET', `/api/v1/namespaces/${NS}`);
  assert.equal(r.status, 200, 'the namespace is still there');
  const ns = r.json<Meta>();
  assert.equal(ns.status?.phase, 'Active');
  return ns.metadata.resourceVersion;
}

async function keepIsThere(): Promise<void> {
  assert.equal((await api.request('GET', `${CM}/keep`)).status, 200, 'its content is still there');
}

function status(body: string): { code: number; reason: string; message: string } {
  return JSON.parse(body) as { code: number; reason: string; message: string };
}

before(async () => {
  process.on('warning', onWarning);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  env = await startHub({ log: pino({ level: 'debug' }, sink) });
  api = rawClient(env.kubeconfigPath);
  target = { url: api.url, ca: api.ca, token: api.token };
  assert.equal((await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } })).status, 201);
  assert.equal((await api.request('POST', CM, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { k: 'v' } } })).status, 201);
});

after(async () => {
  process.off('warning', onWarning);
  await env?.teardown();
});

describe('finding 1: a path is never normalised', () => {
  it('DELETE, GET and PATCH through configmaps/%2e%2e reach no namespace', async () => {
    const rv = await namespaceRv();
    for (const segment of ['%2e%2e', '%2E%2e', '..']) {
      const del = await rawRequest(target, 'DELETE', `${CM}/${segment}`);
      assert.equal(del.status, 400, `${segment}: ${del.body}`);
      assert.deepEqual(status(del.body), { ...status(del.body), code: 400, reason: 'BadRequest', message: `Name parameter invalid: "..": may not be '..'` });
      const get = await rawRequest(target, 'GET', `${CM}/${segment}`);
      assert.equal(get.status, 400, get.body);
      const patch = await rawRequest(target, 'PATCH', `${CM}/${segment}`, {
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: '{"metadata":{"labels":{"pwned":"yes"}}}',
      });
      assert.equal(patch.status, 400, patch.body);
    }
    const dot = await rawRequest(target, 'DELETE', `${CM}/%2e`);
    assert.equal(status(dot.body).message, `Name parameter invalid: ".": may not be '.'`);
    assert.equal((await rawRequest(target, 'DELETE', '/api/v1/namespaces/%2e%2e')).status, 400);
    assert.equal((await rawRequest(target, 'DELETE', `${CM}/keep%2f..`)).status, 404, 'an escaped slash splits the path; `..` is then no subresource');
    assert.equal((await rawRequest(target, 'DELETE', `/api/v1/namespaces/${NS}//configmaps/keep`)).status, 404);
    assert.equal(await namespaceRv(), rv, 'the namespace did not change');
    assert.equal((await api.request('GET', `/api/v1/namespaces/${NS}`)).json<Meta>().metadata.labels?.pwned, undefined);
    await keepIsThere();
  });

  it('a bad percent-escape is the bare 400 Go answers, before authentication', async () => {
    for (const segment of ['%ZZ', '%E0%A4%A', '%ff', '%']) {
      for (const anonymous of [false, true]) {
        const r = await rawRequest(target, 'DELETE', `${CM}/${segment}`, { anonymous });
        assert.equal(r.status, 400, segment);
        assert.equal(r.body, '400 Bad Request');
        assert.equal(r.headers.connection, 'close');
        assert.ok(r.closed);
      }
    }
    await namespaceRv();
    await keepIsThere();
  });
});

describe('finding 6: 4xx, not 500, before and after authentication', () => {
  it('JSON nested beyond the limit, in a body or a patch', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const create = await api.request('POST', CM, { body: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"x":${deep}}` });
    assert.equal(create.status, 400, create.text);
    assert.match(status(create.text).message, /json parse error: invalid character '\{' exceeded max depth/);
    const before = (await api.request('GET', `${CM}/keep`)).json<Meta>().metadata.resourceVersion;
    for (const contentType of ['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json']) {
      const patch = await api.request('PATCH', `${CM}/keep`, {
        body: contentType.includes('json-patch') ? `[{"op":"add","path":"/x","value":${deep}}]` : `{"x":${deep}}`,
        contentType,
      });
      assert.equal(patch.status, 400, `${contentType}: ${patch.text.slice(0, 200)}`);
    }
    const apply = await api.request('PATCH', `${CM}/keep?fieldManager=t`, { body: `{"x":${deep}}`, contentType: 'application/apply-patch+yaml' });
    assert.equal(apply.status, 400);
    assert.equal(status(apply.text).message, `error decoding YAML: yaml: exceeded max depth of ${MAX_JSON_DEPTH}`);
    const yaml = await api.request('POST', CM, {
      body: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx: ${'['.repeat(3000)}${']'.repeat(3000)}\n`,
      contentType: 'application/yaml',
    });
    assert.equal(yaml.status, 400);
    assert.equal((await api.request('GET', `${CM}/deep`)).status, 404);
    assert.equal((await api.request('GET', `${CM}/keep`)).json<Meta>().metadata.resourceVersion, before);
  });

  it('request lines and Host headers Go reads or refuses', async () => {
    const bracket = await rawRequest(target, 'GET', 'https://[::1/api/v1/namespaces', { anonymous: true });
    assert.equal(bracket.status, 400);
    assert.equal(bracket.body, '400 Bad Request');
    const bigPort = await rawRequest(target, 'GET', `https://127.0.0.1:99999${CM}/keep`);
    assert.equal(bigPort.status, 200, 'Go checks that a port is digits, and serves the path');
    assert.equal((await rawRequest(target, 'GET', `${CM}/keep`, { headers: { Host: '127.0.0.1:99999' } })).status, 200);
    assert.equal((await rawRequest(target, 'GET', `${CM}/keep`, { headers: { Host: '[::1' } })).status, 200);
    assert.equal((await rawRequest(target, 'GET', `${CM}/keep`, { headers: { Host: '[::1' }, anonymous: true })).status, 401);
    const twoHosts = await rawRequest(target, 'GET', `${CM}/keep`, { headers: { Host: 'a', host: 'b' } });
    assert.equal(twoHosts.status, 400);
    assert.equal(twoHosts.body, '400 Bad Request: too many Host headers');
    const limit = await rawRequest(target, 'GET', `${CM}?limit=1e20`);
    assert.equal(limit.status, 400);
  });
});

describe('finding 7: no secret in the log', () => {
  it('an unknown YAML tag is a 400, and neither the value nor a parser warning is logged', async () => {
    const marker = 's3cr3t-7f3a9c';
    const r = await api.request('POST', CM, {
      body: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vaulted\ndata:\n  password: !vault ${marker}\n`,
      contentType: 'application/yaml',
    });
    assert.equal(r.status, 400, r.text);
    assert.match(status(r.text).message, /error converting YAML to JSON: yaml: line 6: Unresolved tag: !vault/);
    assert.equal((await api.request('GET', `${CM}/vaulted`)).status, 404);
    const broken = await api.request('POST', CM, { body: `metadata:\n  name: [${marker}\n`, contentType: 'application/yaml' });
    assert.equal(broken.status, 400);
    const log = logLines.join('\n');
    assert.ok(logLines.length > 0, 'the log was captured');
    assert.ok(!log.includes(marker), 'the body never reaches the log');
    assert.deepEqual(
      warnings.filter((w) => w.includes(marker) || /yaml|tag/i.test(w)),
      [],
    );
  });
});

describe('finding 9: a body that stops arriving does not hold the socket', () => {
  it('the request deadline answers 504 and closes the connection', async () => {
    const r = await rawRequest(target, 'POST', `${CM}?timeout=1s`, {
      headers: { 'Content-Type': 'application/json' },
      body: '{"apiVersion":"v1",',
      contentLength: 10_000,
      timeoutMs: 15_000,
    });
    assert.equal(r.status, 504, r.body);
    assert.equal(status(r.body).message, 'Timeout: request did not complete within the allotted timeout');
    assert.ok(r.closed, 'the connection is closed');
    assert.ok(r.ms < 10_000, `answered after ${r.ms} ms`);
  });
});

describe('the log stays clean', () => {
  it('no error line was written by anything above', () => {
    const errors = logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    assert.deepEqual(errors, []);
  });
});
