import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinTableSpec } from './table.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const CREATED = '2025-06-01T11:00:00Z'; // 1h before NOW, printed as 60m

function meta(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, namespace: 'default', creationTimestamp: CREATED, ...extra };
}

function header(group: string, kind: string): [string, string, number][] {
  return builtinTableSpec(group, kind).columns.map((c) => [c.name, c.type, c.priority]);
}

function names(group: string, kind: string): string[] {
  return builtinTableSpec(group, kind).columns.map((c) => c.name);
}

describe('builtinTableSpec', () => {
  it('prints Namespaces', () => {
    assert.deepEqual(header('', 'Namespace'), [
      ['Name', 'string', 0],
      ['Status', 'string', 0],
      ['Age', 'string', 0],
    ]);
    const spec = builtinTableSpec('', 'Namespace');
    assert.equal(spec.columns[0].format, 'name');
    assert.deepEqual(spec.cells({ metadata: meta('team-a'), status: { phase: 'Active' } }, NOW), ['team-a', 'Active', '60m']);
    assert.deepEqual(spec.cells({ metadata: { name: 'fresh' } }, NOW), ['fresh', '', '<unknown>']);
  });

  it('prints ConfigMaps, counting data and binaryData keys', () => {
    assert.deepEqual(names('', 'ConfigMap'), ['Name', 'Data', 'Age']);
    const spec = builtinTableSpec('', 'ConfigMap');
    assert.deepEqual(spec.cells({ metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, NOW), ['cfg', 3, '60m']);
    assert.deepEqual(spec.cells({ metadata: meta('empty') }, NOW), ['empty', 0, '60m']);
  });

  it('prints Secrets', () => {
    assert.deepEqual(names('', 'Secret'), ['Name', 'Type', 'Data', 'Age']);
    const spec = builtinTableSpec('', 'Secret');
    assert.deepEqual(spec.cells({ metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, NOW), [
      'tls',
      'kubernetes.io/tls',
      2,
      '60m',
    ]);
  });

  it('prints core Events with the wide columns filled in', () => {
    assert.deepEqual(header('', 'Event'), [
      ['Last Seen', 'string', 0],
      ['Type', 'string', 0],
      ['Reason', 'string', 0],
      ['Object', 'string', 0],
      ['Subobject', 'string', 1],
      ['Source', 'string', 1],
      ['Message', 'string', 0],
      ['First Seen', 'string', 1],
      ['Count', 'string', 1],
      ['Name', 'string', 1],
    ]);
    const spec = builtinTableSpec('', 'Event');
    const event = {
      metadata: meta('w1.17a'),
      involvedObject: { kind: 'Widget', name: 'w1', fieldPath: 'spec.size' },
      reason: 'Resized',
      message: '  grew to 3 \n',
      type: 'Normal',
      source: { component: 'widget-controller', host: 'node-1' },
      firstTimestamp: '2025-06-01T11:50:00Z',
      lastTimestamp: '2025-06-01T11:58:00Z',
      count: 4,
    };
    assert.deepEqual(spec.cells(event, NOW), [
      '2m',
      'Normal',
      'Resized',
      'widget/w1',
      'spec.size',
      'widget-controller, node-1',
      'grew to 3',
      '10m',
      4,
      'w1.17a',
    ]);
  });

  it('prints new-style Events from eventTime and series, in either API shape', () => {
    const stored = {
      metadata: meta('e2'),
      involvedObject: { kind: 'Namespace' },
      reason: 'Deleting',
      type: 'Warning',
      eventTime: '2025-06-01T11:29:59.512345Z',
      reportingComponent: 'lifeboat',
      reportingInstance: 'lifeboat-0',
    };
    const core = builtinTableSpec('', 'Event').cells(stored, NOW);
    // No involved name: the object column is just the lower-cased kind; singleton count is 1.
    assert.deepEqual(core, ['30m', 'Warning', 'Deleting', 'namespace', '', 'lifeboat, lifeboat-0', '', '30m', 1, 'e2']);

    const v1 = {
      metadata: meta('e3'),
      regarding: { kind: 'Widget', name: 'w1' },
      note: 'retrying',
      reason: 'Retry',
      type: 'Warning',
      reportingController: 'widget-ctl',
      eventTime: '2025-06-01T11:00:00.000000Z',
      series: { count: 7, lastObservedTime: '2025-06-01T11:59:00.000000Z' },
    };
    assert.deepEqual(builtinTableSpec('events.k8s.io', 'Event').cells(v1, NOW), [
      '60s',
      'Warning',
      'Retry',
      'widget/w1',
      '',
      'widget-ctl',
      'retrying',
      '60m',
      7,
      'e3',
    ]);
    assert.deepEqual(names('events.k8s.io', 'Event'), names('', 'Event'));
  });

  it('prints Jobs', () => {
    assert.deepEqual(header('batch', 'Job'), [
      ['Name', 'string', 0],
      ['Status', 'string', 0],
      ['Completions', 'string', 0],
      ['Duration', 'string', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ]);
    const spec = builtinTableSpec('batch', 'Job');
    const template = {
      spec: {
        containers: [
          { name: 'main', image: 'busybox:1' },
          { name: 'side', image: 'envoy:2' },
        ],
      },
    };
    const done = {
      metadata: meta('backup'),
      spec: { completions: 1, template, selector: { matchLabels: { 'batch.kubernetes.io/job-name': 'backup' } } },
      status: {
        succeeded: 1,
        startTime: '2025-06-01T11:00:00Z',
        completionTime: '2025-06-01T11:02:30Z',
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    };
    assert.deepEqual(spec.cells(done, NOW), [
      'backup',
      'Complete',
      '1/1',
      '2m30s',
      '60m',
      'main,side',
      'busybox:1,envoy:2',
      'batch.kubernetes.io/job-name=backup',
    ]);

    const running = { metadata: meta('sync'), spec: { parallelism: 3, template }, status: { startTime: '2025-06-01T11:55:00Z' } };
    assert.deepEqual(spec.cells(running, NOW).slice(0, 4), ['sync', 'Running', '0/1 of 3', '5m']);

    const failed = { metadata: meta('f'), spec: {}, status: { conditions: [{ type: 'Failed', status: 'True' }] } };
    assert.deepEqual(spec.cells(failed, NOW), ['f', 'Failed', '0/1', '', '60m', '', '', '<none>']);

    const deleting = { metadata: meta('d', { deletionTimestamp: CREATED }), spec: { completions: 2 }, status: { succeeded: 1 } };
    assert.deepEqual(spec.cells(deleting, NOW).slice(0, 3), ['d', 'Terminating', '1/2']);
  });

  it('prints Leases', () => {
    assert.deepEqual(names('coordination.k8s.io', 'Lease'), ['Name', 'Holder', 'Age']);
    const spec = builtinTableSpec('coordination.k8s.io', 'Lease');
    assert.deepEqual(spec.cells({ metadata: meta('lifeboat-leader'), spec: { holderIdentity: 'pod-a_1234', leaseDurationSeconds: 15 } }, NOW), [
      'lifeboat-leader',
      'pod-a_1234',
      '60m',
    ]);
    assert.deepEqual(spec.cells({ metadata: meta('released'), spec: {} }, NOW), ['released', '', '60m']);
  });

  it('prints ServiceAccounts and Services', () => {
    assert.deepEqual(builtinTableSpec('', 'ServiceAccount').cells({ metadata: meta('sa'), secrets: [{ name: 'x' }] }, NOW), ['sa', 1, '60m']);
    assert.deepEqual(names('', 'Service'), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
    const svc = builtinTableSpec('', 'Service');
    assert.deepEqual(
      svc.cells(
        {
          metadata: meta('web'),
          spec: {
            type: 'NodePort',
            clusterIPs: ['10.96.0.10'],
            ports: [
              { port: 80, nodePort: 30080, protocol: 'TCP' },
              { port: 53, protocol: 'UDP' },
            ],
            selector: { tier: 'web', app: 'a' },
          },
        },
        NOW,
      ),
      ['web', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP,53/UDP', '60m', 'app=a,tier=web'],
    );
    assert.deepEqual(svc.cells({ metadata: meta('lb'), spec: { type: 'LoadBalancer', clusterIP: 'None' }, status: { loadBalancer: {} } }, NOW), [
      'lb',
      'LoadBalancer',
      'None',
      '<pending>',
      '<none>',
      '60m',
      '<none>',
    ]);
  });

  it('prints PersistentVolumeClaims with abbreviated access modes', () => {
    assert.deepEqual(
      header('', 'PersistentVolumeClaim').map(([n, , p]) => [n, p]),
      [
        ['Name', 0],
        ['Status', 0],
        ['Volume', 0],
        ['Capacity', 0],
        ['Access Modes', 0],
        ['StorageClass', 0],
        ['VolumeAttributesClass', 0],
        ['Age', 0],
        ['VolumeMode', 1],
      ],
    );
    const spec = builtinTableSpec('', 'PersistentVolumeClaim');
    const bound = {
      metadata: meta('data'),
      spec: { volumeName: 'pv-1', storageClassName: 'fast', volumeMode: 'Filesystem', resources: { requests: { storage: '5Gi' } } },
      status: {
        phase: 'Bound',
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteOnce'],
      },
    };
    assert.deepEqual(spec.cells(bound, NOW), ['data', 'Bound', 'pv-1', '10Gi', 'RWO,ROX,RWX,RWOP', 'fast', '<unset>', '60m', 'Filesystem']);
    const pending = {
      metadata: meta('new', { annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } }),
      spec: { storageClassName: 'fast' },
      status: { phase: 'Pending' },
    };
    assert.deepEqual(spec.cells(pending, NOW), ['new', 'Pending', '', '', '', 'legacy', '<unset>', '60m', '<unset>']);
  });

  it('prints PersistentVolumes and StorageClasses', () => {
    assert.deepEqual(names('', 'PersistentVolume'), [
      'Name',
      'Capacity',
      'Access Modes',
      'Reclaim Policy',
      'Status',
      'Claim',
      'StorageClass',
      'VolumeAttributesClass',
      'Reason',
      'Age',
      'VolumeMode',
    ]);
    const pv = {
      metadata: { name: 'pv-1', creationTimestamp: CREATED },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'default', name: 'data' },
        storageClassName: 'fast',
      },
      status: { phase: 'Bound' },
    };
    assert.deepEqual(builtinTableSpec('', 'PersistentVolume').cells(pv, NOW), [
      'pv-1',
      '10Gi',
      'RWO',
      'Retain',
      'Bound',
      'default/data',
      'fast',
      '<unset>',
      '',
      '60m',
      '<unset>',
    ]);

    assert.deepEqual(names('storage.k8s.io', 'StorageClass'), ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age']);
    const sc = {
      metadata: { name: 'fast', creationTimestamp: CREATED, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'csi.example.com',
    };
    assert.deepEqual(builtinTableSpec('storage.k8s.io', 'StorageClass').cells(sc, NOW), [
      'fast (default)',
      'csi.example.com',
      'Delete',
      'Immediate',
      false,
      '60m',
    ]);
  });

  it('prints RoleBindings and ClusterRoleBindings', () => {
    assert.deepEqual(
      header('rbac.authorization.k8s.io', 'RoleBinding').map(([n, , p]) => [n, p]),
      [
        ['Name', 0],
        ['Role', 0],
        ['Age', 0],
        ['Users', 1],
        ['Groups', 1],
        ['ServiceAccounts', 1],
      ],
    );
    const rb = {
      metadata: meta('rb'),
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'ops' },
        { kind: 'ServiceAccount', namespace: 'lifeboat', name: 'controller' },
      ],
    };
    assert.deepEqual(builtinTableSpec('rbac.authorization.k8s.io', 'ClusterRoleBinding').cells(rb, NOW), [
      'rb',
      'ClusterRole/view',
      '60m',
      'alice, bob',
      'ops',
      'lifeboat/controller',
    ]);
  });

  it('uses the default Name / Created At table for Roles, CRDs and unknown kinds', () => {
    for (const [group, kind] of [
      ['rbac.authorization.k8s.io', 'Role'],
      ['rbac.authorization.k8s.io', 'ClusterRole'],
      ['apiextensions.k8s.io', 'CustomResourceDefinition'],
      ['', 'LimitRange'],
      ['example.com', 'Gadget'],
    ]) {
      assert.deepEqual(header(group, kind), [
        ['Name', 'string', 0],
        ['Created At', 'date', 0],
      ]);
    }
    const spec = builtinTableSpec('apiextensions.k8s.io', 'CustomResourceDefinition');
    assert.deepEqual(spec.cells({ metadata: { name: 'widgets.example.com', creationTimestamp: '2025-05-30T08:15:00Z' } }, NOW), [
      'widgets.example.com',
      '2025-05-30T08:15:00Z',
    ]);
    assert.deepEqual(spec.cells({ metadata: { name: 'x', creationTimestamp: '2025-05-30T10:15:00.5+02:00' } }, NOW), ['x', '2025-05-30T08:15:00Z']);
    assert.deepEqual(spec.cells({ metadata: { name: 'y' } }, NOW), ['y', '0001-01-01T00:00:00Z']);
  });

  it('prints Pods', () => {
    assert.deepEqual(names('', 'Pod'), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    const spec = builtinTableSpec('', 'Pod');
    const running = {
      metadata: meta('web-0'),
      spec: { nodeName: 'n1', containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        podIPs: [{ ip: '10.0.0.7' }],
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { finishedAt: '2025-06-01T11:50:00Z' } } },
          { name: 'b', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    };
    assert.deepEqual(spec.cells(running, NOW), ['web-0', '1/2', 'CrashLoopBackOff', '2 (10m ago)', '60m', '10.0.0.7', 'n1', '<none>', '<none>']);
    const init = {
      metadata: meta('job-x'),
      spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', state: { terminated: { exitCode: 0 } } },
          { name: 'i2', state: { running: {} } },
        ],
      },
    };
    assert.deepEqual(spec.cells(init, NOW).slice(1, 4), ['0/1', 'Init:1/2', '0']);
    const deleting = { metadata: meta('gone', { deletionTimestamp: CREATED }), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running' } };
    assert.equal(spec.cells(deleting, NOW)[2], 'Terminating');
  });

  it('prints Endpoints and ResourceQuotas', () => {
    const ep = {
      metadata: meta('web'),
      subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::2' }], ports: [{ port: 80 }, { port: 443 }] }],
    };
    assert.deepEqual(builtinTableSpec('', 'Endpoints').cells(ep, NOW), ['web', '10.0.0.1:80,[fd00::2]:80,10.0.0.1:443 + 1 more...', '60m']);
    assert.deepEqual(builtinTableSpec('', 'Endpoints').cells({ metadata: meta('none') }, NOW), ['none', '<none>', '60m']);
    assert.deepEqual(names('', 'ResourceQuota'), ['Name', 'Request', 'Limit', 'Age']);
    const rq = { metadata: meta('q'), status: { hard: { 'limits.cpu': '2', pods: '10', 'requests.memory': '1Gi' }, used: { pods: '3' } } };
    assert.deepEqual(builtinTableSpec('', 'ResourceQuota').cells(rq, NOW), ['q', 'pods: 3/10, requests.memory: 0/1Gi', 'limits.cpu: 0/2', '60m']);
  });
});
