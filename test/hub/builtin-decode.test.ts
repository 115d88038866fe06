// Wrong JSON types in built-in kinds, over raw HTTP: the hub decodes bodies into the kinds' Go
// types as kube-apiserver does and answers with its status and words. Each refused write leaves
// nothing behind: the namespace can still be listed, described with kubectl and deleted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, rawClient, waitFor, type TestHub, type RawClient } from '../support/index.js';

interface Status {
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { field: string; reason: string; message: string }[] };
}

const NS = 'decode';
const CM = `/api/v1/namespaces/${NS}/configmaps`;
const SECRETS = `/api/v1/namespaces/${NS}/secrets`;
const CM_DECODE = 'ConfigMap in version "v1" cannot be handled as a ConfigMap: ';

describe('built-in kinds are decoded as kube-apiserver decodes them', () => {
  let env: TestHub;
  let api: RawClient;

  before(async () => {
    env = await startHub({ namespaces: [NS] });
    api = rawClient(env.kubeconfigPath);
  });
  after(async () => {
    await env?.teardown();
  });

  async function refused(path: string, body: unknown, code: number, message: string, contentType?: string): Promise<Status> {
    const r = await api.request('POST', path, { body: body as object | string, contentType });
    assert.equal(r.status, code, r.text);
    const status = r.json<Status>();
    assert.equal(status.message, message);
    return status;
  }

  const wrongTypes: [string, unknown, string][] = [
    ['metadata.name: 5', { metadata: { name: 5 } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string'],
    [
      'labels: "x"',
      { metadata: { name: 'l', labels: 'x' } },
      'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    ],
    [
      'data: {k: {x: 1}}',
      { metadata: { name: 'd1' }, data: { k: { x: 1 } } },
      'json: cannot unmarshal object into Go struct field ConfigMap.data of type string',
    ],
    ['data: {k: 5}', { metadata: { name: 'd2' }, data: { k: 5 } }, 'json: cannot unmarshal number into Go struct field ConfigMap.data of type string'],
    ['binaryData not base64', { metadata: { name: 'b' }, binaryData: { k: 'abc!' } }, 'illegal base64 data at input byte 3'],
    [
      'managedFields: [{manager: 5}]',
      { metadata: { name: 'm', managedFields: [{ manager: 5 }] } },
      'json: cannot unmarshal number into Go struct field ManagedFieldsEntry.metadata.managedFields.manager of type string',
    ],
    [
      'ownerReferences: "x"',
      { metadata: { name: 'o', ownerReferences: 'x' } },
      'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference',
    ],
    ['immutable: "yes"', { metadata: { name: 'i' }, immutable: 'yes' }, 'json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool'],
    [
      'creationTimestamp: 5',
      { metadata: { name: 't1', creationTimestamp: 5 } },
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
    ],
    [
      'creationTimestamp not RFC 3339',
      { metadata: { name: 't2', creationTimestamp: 'yesterday' } },
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ],
  ];
  for (const [what, body, error] of wrongTypes) {
    it(`a ConfigMap with ${what} is a 400 with the decoder's message`, async () => {
      const status = await refused(CM, { apiVersion: 'v1', kind: 'ConfigMap', ...(body as object) }, 400, CM_DECODE + error);
      assert.equal(status.reason, 'BadRequest');
    });
  }

  it('YAML 1.1 booleans as keys and values (`on: yes`) are decoded as the API server reads them', async () => {
    await refused(
      CM,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml-bool\ndata:\n  on: yes\n',
      400,
      `${CM_DECODE}json: cannot unmarshal bool into Go struct field ConfigMap.data of type string`,
      'application/yaml',
    );
  });

  it('a Secret whose data is not base64 is a 400, at the byte Go stops', async () => {
    await refused(
      SECRETS,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'not base64!' } },
      400,
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
    await refused(
      SECRETS,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'abcde' } },
      400,
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
    );
  });

  it('quantities and int-or-strings are checked as their own decoders check them', async () => {
    await refused(
      `/api/v1/namespaces/${NS}/persistentvolumeclaims`,
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'q' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 'lots' } } },
      },
      400,
      'PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
    );
    await refused(
      `/api/v1/namespaces/${NS}/services`,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80, targetPort: true }] } },
      400,
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
    );
  });

  it('fieldValidation: Strict refuses unknown fields (in document order), Warn (the default) drops them with a warning', async () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unknown', colour: 'red' }, data: { k: 'v' }, extra: 1 };
    await refused(`${CM}?fieldValidation=Strict`, body, 400, `${CM_DECODE}strict decoding error: unknown field "metadata.colour", unknown field "extra"`);
    const warned = await api.request('POST', CM, { body });
    assert.equal(warned.status, 201, warned.text);
    assert.deepEqual(warned.headers.warning, '299 - "unknown field \\"metadata.colour\\"", 299 - "unknown field \\"extra\\""');
    const stored = (await api.request('GET', `${CM}/unknown`)).json<Record<string, unknown>>();
    assert.equal(stored.extra, undefined);
    assert.equal((stored.metadata as Record<string, unknown>).colour, undefined);
  });

  it('a patch that produces a wrong type is a 422 on `patch`, with the patched object (merge) or the patch (strategic)', async () => {
    assert.equal((await api.request('POST', CM, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' }, data: { a: 'b' } } })).status, 201);
    const merge = await api.request('PATCH', `${CM}/p`, { body: { data: { a: 5 } }, contentType: 'application/merge-patch+json' });
    assert.equal(merge.status, 422, merge.text);
    const m = merge.json<Status>();
    assert.equal(m.reason, 'Invalid');
    assert.match(
      m.message,
      /^ "" is invalid: patch: Invalid value: "\{.*\\"data\\":\{\\"a\\":5\}.*\}": json: cannot unmarshal number into Go struct field ConfigMap\.data of type string$/,
    );
    assert.equal(m.details?.causes?.[0]?.field, 'patch');
    const strategic = await api.request('PATCH', `${CM}/p`, { body: { metadata: { labels: 'x' } }, contentType: 'application/strategic-merge-patch+json' });
    assert.equal(strategic.status, 422, strategic.text);
    assert.equal(strategic.json<Status>().message, ' "" is invalid: patch: Invalid value: "map[metadata:map[labels:x]]": cannot restore map from string');
    // Nothing changed.
    assert.deepEqual((await api.request('GET', `${CM}/p`)).json<{ data: unknown }>().data, { a: 'b' });
  });

  it('after all of that the namespace lists, describes and deletes as on any cluster', async () => {
    const list = await api.request('GET', CM);
    assert.equal(list.status, 200);
    const names = list.json<{ items: { metadata: { name: string } }[] }>().items.map((i) => i.metadata.name);
    assert.deepEqual(names.sort(), ['kube-root-ca.crt', 'p', 'unknown']);
    const described = await env.kubectl(['describe', 'namespace', NS]);
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, new RegExp(`^Name:\\s+${NS}$`, 'm'));
    const all = await env.kubectl(['describe', 'configmaps', '-n', NS]);
    assert.equal(all.code, 0, all.stderr);
    assert.equal((await api.request('DELETE', `/api/v1/namespaces/${NS}`)).status, 200);
    await waitFor('the namespace to be gone', async () => (await api.request('GET', `/api/v1/namespaces/${NS}`)).status === 404, 20_000);
  });
});
