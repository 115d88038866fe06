// The hub's /metrics: kube-apiserver's request metrics, by verb, resource, scope and code, read
// with the real kubectl (`get --raw /metrics`, as an administrator checks a control plane).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rawClient, startHub, waitFor, type RawClient, type TestHub } from '../support/index.js';

const NS = 'metrics-ns';
const CM = `/api/v1/namespaces/${NS}/configmaps`;

let env: TestHub;
let api: RawClient;

before(async () => {
  env = await startHub({ namespaces: [NS] });
  api = rawClient(env.kubeconfigPath);
});

after(async () => {
  await env?.teardown();
});

/** The value of one sample, found by its metric name and (a subset of) its labels. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2].matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(): Promise<string> {
  const r = await env.kubectl(['get', '--raw', '/metrics']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

describe('hub request metrics', () => {
  it('counts requests by upstream verb, resource, scope and code, with their latency', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { k: 'v' } };
    assert.equal((await api.request('POST', CM, { body: cm })).status, 201);
    assert.equal((await api.request('POST', CM, { body: cm })).status, 409);
    assert.equal((await api.request('GET', `${CM}/one`)).status, 200);
    assert.equal((await api.request('GET', `${CM}/missing`)).status, 404);
    assert.equal((await api.request('GET', CM)).status, 200);
    assert.equal((await api.request('GET', '/api/v1/configmaps')).status, 200);
    assert.equal((await api.request('PATCH', `${CM}/one`, { body: { data: { k: 'w' } }, contentType: 'application/merge-patch+json' })).status, 200);
    assert.equal(
      (
        await api.request('PATCH', `${CM}/one?fieldManager=t`, {
          body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\ndata: {k: x}\n',
          contentType: 'application/apply-patch+yaml',
        })
      ).status,
      200,
    );
    assert.equal((await api.request('GET', `${CM}?watch=true&timeoutSeconds=1`)).status, 200);
    assert.equal((await api.request('DELETE', `${CM}/one`)).status, 200);

    const text = await scrape();
    const base = { group: '', version: 'v1', resource: 'configmaps', subresource: '', component: 'apiserver', dry_run: '' };
    const count = (verb: string, scope: string, code: string): number | undefined => sample(text, 'apiserver_request_total', { ...base, verb, scope, code });
    assert.equal(count('POST', 'namespace', '201'), 1);
    assert.equal(count('POST', 'namespace', '409'), 1);
    assert.equal(count('GET', 'resource', '200'), 1);
    assert.equal(count('GET', 'resource', '404'), 1);
    assert.equal(count('LIST', 'namespace', '200'), 1);
    assert.equal(count('LIST', 'cluster', '200'), 1);
    assert.equal(count('PATCH', 'resource', '200'), 1);
    assert.equal(count('APPLY', 'resource', '200'), 1);
    assert.equal(count('WATCH', 'namespace', '200'), 1);
    assert.equal(count('DELETE', 'resource', '200'), 1);
    // Latency for every verb but WATCH (long-running, as upstream leaves it out).
    assert.equal(sample(text, 'apiserver_request_duration_seconds_count', { ...base, verb: 'POST', scope: 'namespace' }), 2);
    assert.equal(sample(text, 'apiserver_request_duration_seconds_count', { ...base, verb: 'WATCH', scope: 'namespace' }), undefined);
    assert.match(text, /^# TYPE apiserver_request_duration_seconds histogram$/m);
    // This scrape's own request is in flight while it is served; nothing else is.
    assert.equal(sample(text, 'apiserver_current_inflight_requests', { request_kind: 'readOnly' }), 1);
  });

  it('a watch shows in apiserver_longrunning_requests while open and is counted when it ends', async () => {
    const labels = { verb: 'WATCH', group: '', version: 'v1', resource: 'configmaps', scope: 'namespace' };
    const counted = async (): Promise<number> => sample(await scrape(), 'apiserver_request_total', { ...labels, code: '200' }) ?? 0;
    const before = await counted();
    const open = api.request('GET', `${CM}?watch=true&timeoutSeconds=3`);
    const during = await waitFor(
      'the watch to be open',
      async () => {
        const text = await scrape();
        return sample(text, 'apiserver_longrunning_requests', labels) === 1 ? text : undefined;
      },
      10_000,
    );
    assert.equal(sample(during, 'apiserver_request_total', { ...labels, code: '200' }) ?? 0, before, 'not counted while it runs');
    assert.equal((await open).status, 200);
    await waitFor('the ended watch to be counted', async () => (await counted()) === before + 1, 10_000);
    assert.equal(sample(await scrape(), 'apiserver_longrunning_requests', labels), 0);
  });

  it('needs a token, as every other path', async () => {
    const r = await api.request('GET', '/metrics', { token: null, accept: 'text/plain' });
    assert.equal(r.status, 401);
    assert.doesNotMatch(r.text, /apiserver_request_total/);
  });
});
