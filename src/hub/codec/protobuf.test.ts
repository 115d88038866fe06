import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { decodeKubeProtobuf, encodeKubeProtobuf } from './protobuf.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const ascii = (s: string): number[] => [...Buffer.from(s, 'utf8')];
/** A length-delimited field whose payload is under 128 bytes. */
const len = (field: number, payload: number[]): number[] => [(field << 3) | 2, payload.length, ...payload];

function apiError(fn: () => unknown, code: number, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });
}

function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  const typeMeta = [...len(1, ascii(apiVersion)), ...len(2, ascii(kind))];
  return Buffer.from([...MAGIC, ...len(1, typeMeta), ...len(2, raw), 0x1a, 0x00, 0x22, 0x00]);
}

describe('decodeKubeProtobuf on hand-built bytes', () => {
  it('decodes a minimal ConfigMap', () => {
    // ConfigMap{1 metadata{1 name "cm"}, 2 data entry{1 "a", 2 "b"}}
    const raw = [0x0a, 0x04, 0x0a, 0x02, 0x63, 0x6d, 0x12, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x62];
    const body = Buffer.from([
      ...MAGIC,
      0x0a,
      0x0f,
      0x0a,
      0x02,
      0x76,
      0x31,
      0x12,
      0x09,
      ...ascii('ConfigMap'),
      0x12,
      raw.length,
      ...raw,
      0x1a,
      0x00,
      0x22,
      0x00,
    ]);
    assert.deepEqual(decodeKubeProtobuf(body), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } },
    });
  });

  it('decodes what kubectl create secret sends: empty Go fields dropped, bytes as base64', () => {
    const meta = [
      ...len(1, ascii('s1')),
      ...len(2, []),
      ...len(3, ascii('ns')),
      ...len(4, []),
      ...len(5, []),
      ...len(6, []),
      0x38,
      0x00, // generation 0
      ...len(8, [0x08, 0x00, 0x10, 0x00]), // zero creationTimestamp
    ];
    const raw = [
      ...len(1, meta),
      ...len(2, [...len(1, ascii('bin')), ...len(2, [0x00, 0xff, 0x10])]),
      ...len(2, [...len(1, ascii('txt')), ...len(2, ascii('hi'))]),
      ...len(3, ascii('kubernetes.io/tls')),
      0x28,
      0x01, // immutable: true
    ];
    const { object } = decodeKubeProtobuf(envelope('v1', 'Secret', raw));
    assert.deepEqual(object, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's1', namespace: 'ns' },
      immutable: true,
      data: { bin: 'AP8Q', txt: 'aGk=' },
      type: 'kubernetes.io/tls',
    });
  });

  it('renders timestamps as RFC 3339 seconds and keeps labels, finalizers, ownerReferences', () => {
    const meta = [
      ...len(1, ascii('n1')),
      0x38,
      0x03, // generation 3
      ...len(8, [0x08, 0x80, 0xe2, 0xcf, 0xaa, 0x06, 0x10, 0xe8, 0x07]), // 1700000000s + 1000ns
      ...len(11, [...len(1, ascii('team')), ...len(2, ascii('dr'))]),
      ...len(13, [...len(1, ascii('Job')), ...len(3, ascii('j')), ...len(4, ascii('u-1')), ...len(5, ascii('batch/v1')), 0x30, 0x01]),
      ...len(14, ascii('example.com/f')),
      0x98,
      0x06,
      0x01, // unknown field 99 (varint): skipped
    ];
    const raw = [...len(1, meta), ...len(2, []), ...len(3, len(1, ascii('Active')))]; // empty spec, status{phase}
    const { object } = decodeKubeProtobuf(envelope('v1', 'Namespace', raw));
    assert.deepEqual(object, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'n1',
        generation: 3,
        creationTimestamp: '2023-11-14T22:13:20Z',
        labels: { team: 'dr' },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'u-1', controller: true }],
        finalizers: ['example.com/f'],
      },
      status: { phase: 'Active' },
    });
  });
});

describe('decodeKubeProtobuf on bodies captured from kubectl v1.32.4', () => {
  // Recorded from `kubectl create …` against a stub server; hex of the full request body.
  it('kubectl create namespace team-a', () => {
    const body = Buffer.from('6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200', 'hex');
    assert.deepEqual(decodeKubeProtobuf(body).object, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  });

  it('kubectl create secret generic sec --from-literal=password=s3cr3t', () => {
    const body = Buffer.from(
      '6b3873000a0c0a027631120653656372657412320a1a0a0373656312001a0764656661756c7422002a0032003800420012120a0870617373776f726412067333637233741a001a002200',
      'hex',
    );
    assert.deepEqual(decodeKubeProtobuf(body).object, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec', namespace: 'default' },
      data: { password: Buffer.from('s3cr3t').toString('base64') },
    });
  });

  it('kubectl create serviceaccount robot', () => {
    const body = Buffer.from(
      '6b3873000a140a027631120e536572766963654163636f756e74121e0a1c0a05726f626f7412001a0764656661756c7422002a003200380042001a002200',
      'hex',
    );
    assert.deepEqual(decodeKubeProtobuf(body).object, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'default' } });
  });
});

describe('encodeKubeProtobuf / decodeKubeProtobuf round trips', () => {
  it('ConfigMap with data, binaryData and full metadata', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'settings',
        namespace: 'lifeboat',
        uid: '3f1c1a9e-0000-4000-8000-000000000001',
        resourceVersion: '42',
        creationTimestamp: '2026-01-02T03:04:05Z',
        labels: { app: 'lifeboat', 'app.kubernetes.io/part-of': 'dr' },
        annotations: { note: 'ünïcødé ✓' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'lifeboat', uid: 'u-ns', blockOwnerDeletion: true }],
        finalizers: ['lifeboat.io/protect'],
      },
      immutable: false,
      data: { 'config.yaml': 'a: 1\nb: [2]\n', empty: '' },
      binaryData: { 'blob.bin': Buffer.from([0, 1, 2, 253, 254, 255]).toString('base64') },
    };
    const body = encodeKubeProtobuf('v1', 'ConfigMap', cm);
    assert.deepEqual([...body.subarray(0, 4)], MAGIC);
    assert.deepEqual(decodeKubeProtobuf(body), { apiVersion: 'v1', kind: 'ConfigMap', object: cm });
  });

  it('Secret: bytes come back as base64, type kept', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: 'default' },
      data: { password: Buffer.from('s3cr3t\u0000\u00ff').toString('base64'), token: Buffer.from('abc').toString('base64') },
      type: 'Opaque',
    };
    const { object } = decodeKubeProtobuf(encodeKubeProtobuf('v1', 'Secret', secret));
    assert.deepEqual(object, secret);
    assert.equal(Buffer.from((object.data as Record<string, string>).token, 'base64').toString(), 'abc');
  });

  it('Namespace, with and without spec/status', () => {
    const bare = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf('v1', 'Namespace', bare)).object, bare);
    const full = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-b', deletionTimestamp: '2026-03-04T05:06:07Z', deletionGracePeriodSeconds: 0 },
      spec: { finalizers: ['kubernetes'] },
      status: {
        phase: 'Terminating',
        conditions: [
          { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: '2026-03-04T05:06:08Z', reason: 'SomeResourcesRemain', message: '1 left' },
        ],
      },
    };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf('v1', 'Namespace', full)).object, full);
  });

  it('ServiceAccount', () => {
    const sa = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'lifeboat', namespace: 'lifeboat' },
      secrets: [{ name: 'lifeboat-token' }],
      imagePullSecrets: [{ name: 'registry' }],
      automountServiceAccountToken: false,
    };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf('v1', 'ServiceAccount', sa)).object, sa);
  });

  it('Service: IntOrString target ports, pointer fields kept with their zero values, empty status dropped', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 },
          { name: 'metrics', protocol: 'TCP', appProtocol: '', port: 9090, targetPort: 'metrics', nodePort: 30090 },
        ],
        selector: { app: 'web' },
        clusterIP: 'None',
        type: 'NodePort',
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        allocateLoadBalancerNodePorts: false,
        internalTrafficPolicy: 'Cluster',
      },
    };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf('v1', 'Service', svc)).object, svc);
    const withStatus = { ...svc, status: { loadBalancer: { ingress: [{ ip: '127.0.0.9', ports: [{ port: 80, protocol: 'TCP' }] }] } } };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf('v1', 'Service', withStatus)).object, withStatus);
  });

  it('Job: the pod template with environment, volumes, mounts and resources; pointer zeros kept', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'copy', namespace: 'default' },
      spec: {
        backoffLimit: 0,
        suspend: false,
        template: {
          metadata: { labels: { app: 'copy' } },
          spec: {
            volumes: [
              { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
              { name: 'cfg', configMap: { name: 'settings', items: [{ key: 'a', path: 'a.txt', mode: 0o400 }], defaultMode: 0o644 } },
              { name: 'creds', secret: { secretName: 'creds', optional: false } },
              { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
            ],
            containers: [
              {
                name: 'main',
                image: 'busybox:1.36',
                command: ['sh', '-c'],
                args: ['cp -a /data/. /scratch/'],
                env: [
                  { name: 'MODE', value: 'full' },
                  { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token', optional: true } } },
                  { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                ],
                envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }],
                resources: { limits: { memory: '64Mi' }, requests: { cpu: '100m' } },
                volumeMounts: [
                  { name: 'data', mountPath: '/data', readOnly: true },
                  { name: 'scratch', mountPath: '/scratch' },
                ],
              },
            ],
            restartPolicy: 'Never',
            terminationGracePeriodSeconds: 0,
            automountServiceAccountToken: false,
          },
        },
      },
    };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf('batch/v1', 'Job', job)).object, job);
  });

  it('ResourceQuota: quantities, scopes and a scope selector', () => {
    const quota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q', namespace: 'team-a' },
      spec: {
        hard: { pods: '10', 'requests.storage': '100Gi', 'count/jobs.batch': '5' },
        scopes: ['NotTerminating'],
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
      },
      status: { hard: { pods: '10' }, used: { pods: '3' } },
    };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf('v1', 'ResourceQuota', quota)).object, quota);
  });

  it('RBAC kinds: rules, subjects, roleRef served as Go serves them; an empty aggregationRule is kept', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'open-cluster-management:backup-viewer' },
      rules: [
        { verbs: ['get', 'list', 'watch'], apiGroups: ['cluster.open-cluster-management.io'], resources: ['backupschedules', 'restores'] },
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      ],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['x'] }] }] },
    };
    const rbac = 'rbac.authorization.k8s.io/v1';
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf(rbac, 'ClusterRole', role)).object, role);
    const aggregated = { ...role, rules: undefined, aggregationRule: {} };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf(rbac, 'ClusterRole', aggregated)).object, {
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: role.metadata,
      aggregationRule: {},
    });
    const binding = {
      apiVersion: rbac,
      kind: 'RoleBinding',
      metadata: { name: 'viewers', namespace: 'open-cluster-management-backup' },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' },
        { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'open-cluster-management:backup-viewer' },
    };
    assert.deepEqual(decodeKubeProtobuf(encodeKubeProtobuf(rbac, 'RoleBinding', binding)).object, binding);
    // A JSON client sends roleRef's and a subject's fields even when empty (no omitempty).
    const empty = decodeKubeProtobuf(encodeKubeProtobuf(rbac, 'ClusterRoleBinding', { metadata: { name: 'x' }, subjects: [{}] })).object;
    assert.deepEqual(empty, {
      apiVersion: rbac,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'x' },
      subjects: [{ kind: '', name: '' }],
      roleRef: { apiGroup: '', kind: '', name: '' },
    });
  });
});

describe('decodeKubeProtobuf errors', () => {
  const good = encodeKubeProtobuf('v1', 'ConfigMap', { metadata: { name: 'cm', labels: { a: 'b' } }, data: { k: 'v' } });
  const expected = decodeKubeProtobuf(good);

  it('never turns a truncated body into a different object', () => {
    for (let cut = 0; cut < good.length; cut++) {
      try {
        assert.deepEqual(decodeKubeProtobuf(good.subarray(0, cut)), expected, `cut at ${cut} decoded to something else`);
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err;
        assert.ok(err instanceof ApiError && err.code === 400, `cut at ${cut}: ${String(err)}`);
      }
    }
  });

  it('names the problem for truncated input', () => {
    apiError(() => decodeKubeProtobuf(good.subarray(0, 20)), 400, /invalid protobuf in runtime\.Unknown.*runs past the end/);
    apiError(() => decodeKubeProtobuf(Buffer.from(MAGIC)), 400, /no typeMeta\.kind/);
    apiError(() => decodeKubeProtobuf(Buffer.from([0x6b, 0x38])), 400, /prefix/);
  });

  it('rejects garbage', () => {
    apiError(() => decodeKubeProtobuf(Buffer.from('{"kind":"ConfigMap"}')), 400, /does not start with the Kubernetes protobuf prefix/);
    apiError(() => decodeKubeProtobuf(Buffer.from([...MAGIC, 0xff, 0xff])), 400, /truncated varint/);
    apiError(() => decodeKubeProtobuf(Buffer.from([...MAGIC, 0x0f])), 400, /invalid wire type 7/);
    // metadata (field 1) sent as a varint instead of a message
    apiError(() => decodeKubeProtobuf(envelope('v1', 'ConfigMap', [0x08, 0x01])), 400, /field 1 \(metadata\) has wire type 0, expected 2/);
    apiError(() => decodeKubeProtobuf(Buffer.from([...MAGIC, ...len(1, [...len(1, ascii('v1')), ...len(2, ascii('Secret'))])])), 400, /no raw object/);
  });

  it('answers 415 for kinds it cannot decode, pointing at kubectl apply -f', () => {
    apiError(
      () => decodeKubeProtobuf(envelope('apps/v1', 'Deployment', [])),
      415,
      /only accepted for v1 ConfigMap, Secret, Namespace, ServiceAccount, Service and ResourceQuota, rbac.authorization.k8s.io\/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding, and batch\/v1 Job.*apps\/v1 Deployment.*kubectl apply -f/,
    );
    apiError(() => decodeKubeProtobuf(envelope('example.com/v1', 'ConfigMap', [])), 415, /example\.com\/v1 ConfigMap/);
    assert.throws(
      () => encodeKubeProtobuf('apps/v1', 'Deployment', {}),
      (err: unknown) => err instanceof ApiError && err.reason === 'UnsupportedMediaType',
    );
  });
});
