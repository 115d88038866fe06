// The snapshot.storage.k8s.io/v1 CRDs as the external-snapshotter ships them: served by the hub,
// with upstream's names, scope and printer columns, and not marked as OCM stand-ins (so that
// `lifeboat up --no-ocm-crds` keeps them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OCM_CRD_LABEL } from '../../src/api/ocm/index.js';
import { snapshotCrds } from '../../src/api/snapshot/index.js';
import { startHub, type TestHub } from '../support/index.js';

let env: TestHub;
before(async () => {
  env = await startHub({ crds: ['snapshot'] });
});
after(async () => env?.teardown());

test('names, short names, scope and versions are upstream’s; no OCM label', () => {
  const crds = snapshotCrds();
  assert.deepEqual(
    crds.map((c) => [c.metadata.name, c.spec.names.kind, c.spec.names.shortNames, c.spec.scope, c.spec.versions.map((v) => v.name)]),
    [
      ['volumesnapshots.snapshot.storage.k8s.io', 'VolumeSnapshot', ['vs'], 'Namespaced', ['v1']],
      ['volumesnapshotcontents.snapshot.storage.k8s.io', 'VolumeSnapshotContent', ['vsc', 'vscs'], 'Cluster', ['v1']],
      ['volumesnapshotclasses.snapshot.storage.k8s.io', 'VolumeSnapshotClass', ['vsclass', 'vsclasses'], 'Cluster', ['v1']],
    ],
  );
  for (const crd of crds) assert.equal(crd.metadata.labels?.[OCM_CRD_LABEL], undefined);
});

test('kubectl shows upstream’s columns and rejects objects without the required fields', async () => {
  const created = await env.kubectl(
    ['apply', '-f', '-'],
    {
      input: `apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata: {name: fast}
driver: example.csi.io
deletionPolicy: Retain
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: s1, namespace: default}
spec: {source: {persistentVolumeClaimName: data}, volumeSnapshotClassName: fast}
`,
    },
  );
  assert.equal(created.code, 0, created.stderr);
  const classes = await env.kubectl(['get', 'vsclass']);
  assert.match(classes.stdout, /^NAME\s+DRIVER\s+DELETIONPOLICY\s+AGE\nfast\s+example\.csi\.io\s+Retain\s+/);
  const snapshots = await env.kubectl(['get', 'vs', '-n', 'default']);
  assert.match(snapshots.stdout, /^NAME\s+READYTOUSE\s+SOURCEPVC\s+SOURCESNAPSHOTCONTENT\s+RESTORESIZE\s+SNAPSHOTCLASS\s+SNAPSHOTCONTENT\s+CREATIONTIME\s+AGE\ns1\s+data\s+fast\s+/);
  const contents = await env.kubectl(['get', 'vsc']);
  assert.match(contents.stderr + contents.stdout, /No resources found/);
  const wide = await env.kubectl(['get', 'crd', 'volumesnapshotcontents.snapshot.storage.k8s.io', '-o', 'jsonpath={.spec.versions[0].additionalPrinterColumns[*].name}']);
  assert.equal(wide.stdout, 'ReadyToUse RestoreSize DeletionPolicy Driver VolumeSnapshotClass VolumeSnapshot VolumeSnapshotNamespace Age');
  const invalid = await env.kubectl(['apply', '-f', '-'], { input: 'apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotClass\nmetadata: {name: bad}\ndriver: x\n' });
  assert.notEqual(invalid.code, 0);
  assert.match(invalid.stderr, /deletionPolicy: Required value/);
});
