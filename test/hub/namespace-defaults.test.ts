// What a namespace gets on its own on a real cluster — the `default` ServiceAccount and the
// `kube-root-ca.crt` ConfigMap holding the API server's CA — from the embedded hub's own
// controller: in new namespaces and in those there at startup, put back when deleted or changed,
// and kept out of namespaces on their way out. Read with the real kubectl and raw HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { startHub, rawClient, waitFor, type TestHub, type RawClient } from '../support/index.js';

const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

interface Obj {
  metadata: { name: string; annotations?: Record<string, string>; managedFields?: { manager: string }[]; uid: string; resourceVersion: string };
  data?: Record<string, string>;
}

describe('namespace defaults', () => {
  let env: TestHub;
  let api: RawClient;

  before(async () => {
    env = await startHub();
    api = rawClient(env.kubeconfigPath);
  });
  after(async () => {
    await env?.teardown();
  });

  const get = async (path: string): Promise<Obj | undefined> => {
    const r = await api.request('GET', path);
    return r.status === 200 ? r.json<Obj>() : undefined;
  };
  const sa = (ns: string) => get(`/api/v1/namespaces/${ns}/serviceaccounts/default`);
  const rootCa = (ns: string) => get(`/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`);
  const bothPresent = async (ns: string) => Boolean((await sa(ns)) && (await rootCa(ns)));

  it('the namespaces there at startup have them', async () => {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      await waitFor(`the defaults of ${ns}`, () => bothPresent(ns), 10_000);
    }
  });

  it('a new namespace gets the default ServiceAccount and the root CA, which verifies the hub', async () => {
    const created = await env.kubectl(['create', 'namespace', 'fresh']);
    assert.equal(created.code, 0, created.stderr);
    await waitFor('the defaults of fresh', () => bothPresent('fresh'), 10_000);
    const account = (await sa('fresh'))!;
    assert.equal(account.metadata.managedFields?.[0]?.manager, 'kube-controller-manager');
    const cm = (await rootCa('fresh'))!;
    assert.deepEqual(Object.keys(cm.data ?? {}), ['ca.crt']);
    assert.equal(cm.data?.['ca.crt'], api.ca, 'the CA the hub serves with');
    assert.equal(cm.metadata.annotations?.['kubernetes.io/description'], DESCRIPTION);
    assert.ok(new X509Certificate(cm.data?.['ca.crt'] ?? '').checkIssued(new X509Certificate(api.ca)), 'a certificate');
    const listed = await env.kubectl(['get', 'serviceaccounts,configmaps', '-n', 'fresh', '-o', 'name']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(listed.stdout.trim().split('\n').sort(), ['configmap/kube-root-ca.crt', 'serviceaccount/default']);
  });

  it('both come back when deleted, and the CA data is put back when changed', async () => {
    const oldSa = (await sa('fresh'))!;
    const oldCm = (await rootCa('fresh'))!;
    assert.equal((await env.kubectl(['delete', 'serviceaccount', 'default', '-n', 'fresh'])).code, 0);
    assert.equal((await env.kubectl(['delete', 'configmap', 'kube-root-ca.crt', '-n', 'fresh'])).code, 0);
    await waitFor(
      'a new default SA',
      async () => (await sa('fresh'))?.metadata.uid !== undefined && (await sa('fresh'))?.metadata.uid !== oldSa.metadata.uid,
      10_000,
    );
    await waitFor(
      'a new root CA',
      async () => (await rootCa('fresh'))?.metadata.uid !== undefined && (await rootCa('fresh'))?.metadata.uid !== oldCm.metadata.uid,
      10_000,
    );

    const patched = await api.request('PATCH', '/api/v1/namespaces/fresh/configmaps/kube-root-ca.crt', {
      body: { data: { 'ca.crt': 'tampered', extra: 'x' } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(patched.status, 200, patched.text);
    await waitFor('the CA data restored', async () => JSON.stringify((await rootCa('fresh'))?.data) === JSON.stringify({ 'ca.crt': api.ca }), 10_000);
  });

  it('a terminating namespace gets nothing new', async () => {
    assert.equal((await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'going' } } })).status, 201);
    await waitFor('the defaults of going', () => bothPresent('going'), 10_000);
    // A finalizer keeps the namespace Terminating while its defaults are deleted.
    const held = await api.request('POST', '/api/v1/namespaces/going/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } },
    });
    assert.equal(held.status, 201, held.text);
    assert.equal((await api.request('DELETE', '/api/v1/namespaces/going')).status, 200);
    await waitFor('the defaults deleted with the namespace', async () => !(await sa('going')) && !(await rootCa('going')), 10_000);
    await env.hub.settle();
    assert.equal(await sa('going'), undefined, 'not re-created while the namespace terminates');
    assert.equal(await rootCa('going'), undefined);
    await api.request('PATCH', '/api/v1/namespaces/going/configmaps/held', {
      body: { metadata: { finalizers: null } },
      contentType: 'application/merge-patch+json',
    });
    await waitFor('the namespace gone', async () => (await api.request('GET', '/api/v1/namespaces/going')).status === 404, 10_000);
  });
});
