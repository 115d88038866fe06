import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

/** Reads a dotted path (`spec.ports.0.port`) out of a JSON value. */
function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((cur, key) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined), value);
}

function smp(target: unknown, patch: unknown, kindKey: string): unknown {
  const targetCopy = structuredClone(target);
  const patchCopy = structuredClone(patch);
  const out = applyStrategicMergePatch(target, patch, kindKey);
  // Every case also checks purity.
  assert.deepEqual(target, targetCopy, 'target was mutated');
  assert.deepEqual(patch, patchCopy, 'patch was mutated');
  return out;
}

function badRequest(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof ApiError && err.code === 400 && message.test(err.message));
}

describe('applyStrategicMergePatch: ObjectMeta on every kind', () => {
  it('merges finalizers as a set, keeping target order', () => {
    const cm = { metadata: { name: 'x', finalizers: ['a.example.com/one', 'b.example.com/two'] } };
    const out = smp(cm, { metadata: { finalizers: ['b.example.com/two', 'c.example.com/three'] } }, '/ConfigMap');
    assert.deepEqual(at(out, 'metadata.finalizers'), ['a.example.com/one', 'b.example.com/two', 'c.example.com/three']);
  });

  it('merges finalizers as a set on kinds without a table entry too', () => {
    const out = smp({ metadata: { finalizers: ['a'] } }, { metadata: { finalizers: ['b'] } }, 'example.com/Widget');
    assert.deepEqual(at(out, 'metadata.finalizers'), ['a', 'b']);
  });

  it('removes finalizers with $deleteFromPrimitiveList and leaves no directive behind', () => {
    const ns = { metadata: { name: 'ns', finalizers: ['a', 'b', 'c'] } };
    const out = smp(ns, { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zzz'] } }, '/Namespace');
    assert.deepEqual(out, { metadata: { name: 'ns', finalizers: ['a', 'c'] } });
  });

  it('handles the swap kubectl apply generates (order + delete + add)', () => {
    const out = smp(
      { metadata: { finalizers: ['old', 'other'] } },
      { metadata: { '$setElementOrder/finalizers': ['new', 'other'], '$deleteFromPrimitiveList/finalizers': ['old'], finalizers: ['new'] } },
      '/Secret',
    );
    assert.deepEqual(out, { metadata: { finalizers: ['new', 'other'] } });
  });

  it('merges ownerReferences by uid', () => {
    const target = {
      metadata: {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: 'u1' },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: 'u2' },
        ],
      },
    };
    const patch = {
      metadata: {
        ownerReferences: [
          { uid: 'u2', blockOwnerDeletion: true },
          { apiVersion: 'batch/v1', kind: 'Job', name: 'c', uid: 'u3', controller: true },
        ],
      },
    };
    const out = smp(target, patch, '/ConfigMap');
    assert.deepEqual(at(out, 'metadata.ownerReferences'), [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: 'u1' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: 'u2', blockOwnerDeletion: true },
      { apiVersion: 'batch/v1', kind: 'Job', name: 'c', uid: 'u3', controller: true },
    ]);
  });

  it('deletes one ownerReference with $patch: delete and its merge key', () => {
    const target = {
      metadata: {
        ownerReferences: [
          { name: 'a', uid: 'u1' },
          { name: 'b', uid: 'u2' },
        ],
      },
    };
    const out = smp(target, { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'u1' }] } }, '/Secret');
    assert.deepEqual(at(out, 'metadata.ownerReferences'), [{ name: 'b', uid: 'u2' }]);
  });

  it('merges labels like a JSON merge patch, null deleting', () => {
    const out = smp({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { a: null, c: '3' } } }, '/ConfigMap');
    assert.deepEqual(at(out, 'metadata.labels'), { b: '2', c: '3' });
  });
});

describe('applyStrategicMergePatch: per-kind merge keys', () => {
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
    },
  };

  it('merges Service spec.ports by port', () => {
    const out = smp(
      svc,
      {
        spec: {
          ports: [
            { port: 80, targetPort: 9090 },
            { port: 8081, name: 'admin' },
          ],
        },
      },
      '/Service',
    );
    assert.deepEqual(at(out, 'spec.ports'), [
      { name: 'http', port: 80, targetPort: 9090, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      { port: 8081, name: 'admin' },
    ]);
    assert.deepEqual(at(out, 'spec.selector'), { app: 'web' });
  });

  it('replaces a list wholesale with a $patch: replace element', () => {
    const out = smp(svc, { spec: { ports: [{ port: 8080, name: 'only' }, { $patch: 'replace' }] } }, '/Service');
    assert.deepEqual(at(out, 'spec.ports'), [{ port: 8080, name: 'only' }]);
  });

  it('replaces lists without a patch strategy (Role rules)', () => {
    const role = { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
    const out = smp(role, { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }] }, 'rbac.authorization.k8s.io/Role');
    assert.deepEqual(at(out, 'rules'), [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }]);
  });

  it('merges status.conditions by type where upstream declares it', () => {
    const pvc = { status: { phase: 'Bound', conditions: [{ type: 'Resizing', status: 'True' }] } };
    const out = smp(pvc, { status: { conditions: [{ type: 'FileSystemResizePending', status: 'True' }] } }, '/PersistentVolumeClaim');
    assert.deepEqual(at(out, 'status.conditions'), [
      { type: 'Resizing', status: 'True' },
      { type: 'FileSystemResizePending', status: 'True' },
    ]);
  });

  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'backup' },
    spec: {
      backoffLimit: 2,
      template: {
        metadata: { labels: { app: 'backup' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'main',
              image: 'lifeboat:1',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
            { name: 'sidecar', image: 'sidecar:1' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
  };

  it('merges containers by name and env by name inside a Job pod template', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'main',
                env: [
                  { name: 'B', value: 'two' },
                  { name: 'C', value: '3' },
                ],
              },
            ],
          },
        },
      },
    };
    const out = smp(job, patch, 'batch/Job');
    const [main, sidecar] = at(out, 'spec.template.spec.containers') as unknown[];
    assert.equal(at(main, 'image'), 'lifeboat:1');
    assert.deepEqual(at(main, 'env'), [
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    assert.deepEqual(at(main, 'volumeMounts'), [{ name: 'data', mountPath: '/data' }]);
    assert.deepEqual(sidecar, { name: 'sidecar', image: 'sidecar:1' });
    assert.equal(at(out, 'spec.backoffLimit'), 2);
  });

  it('deletes a container by name with $patch: delete', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } };
    const out = smp(job, patch, 'batch/Job');
    assert.deepEqual(
      (at(out, 'spec.template.spec.containers') as unknown[]).map((c) => at(c, 'name')),
      ['main'],
    );
  });

  it('merges volumeMounts by mountPath', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'main',
                volumeMounts: [
                  { mountPath: '/data', readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
          },
        },
      },
    };
    const out = smp(job, patch, 'batch/Job');
    assert.deepEqual(at(out, 'spec.template.spec.containers.0.volumeMounts'), [
      { name: 'data', mountPath: '/data', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
  });

  it('honours $retainKeys on a volume so the old volume source goes away', () => {
    const patch = {
      spec: {
        template: {
          spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }] },
        },
      },
    };
    const out = smp(job, patch, 'batch/Job');
    assert.deepEqual(at(out, 'spec.template.spec.volumes'), [{ name: 'data', configMap: { name: 'cm' } }]);
  });

  it('reorders with $setElementOrder, keeping server-only elements in place', () => {
    const pod = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }], containers: [{ name: 'c', image: 'x' }] } };
    const out = smp(pod, patch, '/Pod');
    assert.deepEqual(at(out, 'spec'), { containers: [{ name: 'c', image: 'x' }, { name: 'b' }, { name: 'a' }] });
  });
});

describe('applyStrategicMergePatch: map directives', () => {
  it('$patch: replace replaces the whole map', () => {
    const out = smp({ metadata: { name: 'x', labels: { a: '1', b: '2' } } }, { metadata: { labels: { $patch: 'replace', c: '3' } } }, '/ConfigMap');
    assert.deepEqual(out, { metadata: { name: 'x', labels: { c: '3' } } });
  });

  it('$patch: delete removes the map', () => {
    const out = smp({ metadata: { name: 'x' }, data: { a: '1' } }, { data: { $patch: 'delete' } }, '/ConfigMap');
    assert.deepEqual(out, { metadata: { name: 'x' } });
  });

  it('$retainKeys drops keys not listed', () => {
    const out = smp({ spec: { a: 1, b: 2, c: 3 } }, { spec: { $retainKeys: ['a', 'd'], d: 4 } }, '/Service');
    assert.deepEqual(out, { spec: { a: 1, d: 4 } });
  });

  it('resolves directives inside values the target does not have yet', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'new',
                env: [
                  { name: 'X', value: '1' },
                  { name: 'Y', $patch: 'delete' },
                ],
              },
            ],
            securityContext: { $patch: 'replace', runAsUser: 1000 },
          },
        },
      },
      metadata: { labels: { a: 'b', gone: null }, '$deleteFromPrimitiveList/finalizers': ['f'] },
    };
    const out = smp({}, patch, 'batch/Job');
    assert.deepEqual(out, {
      spec: { template: { spec: { containers: [{ name: 'new', env: [{ name: 'X', value: '1' }] }], securityContext: { runAsUser: 1000 } } } },
      metadata: { labels: { a: 'b' } },
    });
    assert.doesNotMatch(JSON.stringify(out), /\$/);
  });

  it('rejects malformed directives with 400', () => {
    badRequest(() => applyStrategicMergePatch({}, { data: { $patch: 'explode' } }, '/ConfigMap'), /unknown patch type/);
    badRequest(
      () => applyStrategicMergePatch({}, { metadata: { ownerReferences: [{ $patch: 'delete', name: 'no-uid' }] } }, '/ConfigMap'),
      /does not contain declared merge key: uid/,
    );
    badRequest(
      () => applyStrategicMergePatch({}, { metadata: { ownerReferences: [{ name: 'no-uid' }] } }, '/ConfigMap'),
      /does not contain declared merge key: uid/,
    );
    badRequest(() => applyStrategicMergePatch({}, { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }, '/ConfigMap'), /primitive list/);
    badRequest(() => applyStrategicMergePatch({}, { spec: { $retainKeys: 'a' } }, '/Service'), /retainKeys/);
    badRequest(() => applyStrategicMergePatch({}, [{ op: 'add' }], '/ConfigMap'), /must be a JSON object/);
  });
});
