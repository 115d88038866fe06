// Local volumes on the embedded hub, driven as a user would: kubectl for the objects, `lifeboat
// volumes` for the data. Provisioning with the default class, binding, the CLI, cloning and
// snapshots (point-in-time, metadata kept), reclaim, populator claims left alone, and convergence
// after a restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PersistentVolume, PersistentVolumeClaim } from '../../src/api/core/index.js';
import type { VolumeSnapshot, VolumeSnapshotContent } from '../../src/api/snapshot/index.js';
import { NAMESPACES, PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, VOLUME_SNAPSHOTS, VOLUME_SNAPSHOT_CONTENTS, type KubeClient } from '../../src/kube/index.js';
import { waitFor } from '../support/wait.js';
import { claimYaml, gone, isRoot, startLocalEnv, type LocalEnv } from './local-env.js';
import { buildTree, describeTree } from './tree.js';

const NS = 'vols';

function claim(name: string, extra = ''): string {
  return claimYaml(NS, name, { extra });
}

async function bound(client: KubeClient, name: string): Promise<PersistentVolumeClaim> {
  let pvc: PersistentVolumeClaim | undefined;
  await waitFor(
    `claim ${name} to be Bound`,
    async () => {
      pvc = await client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, name, { namespace: NS });
      return pvc.status?.phase === 'Bound';
    },
    30_000,
  );
  return pvc as PersistentVolumeClaim;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

describe('local volumes', () => {
  let env: LocalEnv;
  let kubeconfigArgs: string[];

  before(async () => {
    env = await startLocalEnv();
    kubeconfigArgs = ['--kubeconfig', env.kubeconfigPath];
    await env.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });
  after(async () => env?.teardown());

  const volumePath = async (name: string): Promise<string> => {
    const r = await env.lifeboat(['volumes', 'path', `${NS}/${name}`, ...kubeconfigArgs]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  };

  test('a claim without a class gets lifeboat-local and binds to a directory volume', async () => {
    const r = await env.kubectl(['apply', '-f', '-'], { input: claim('plain') });
    assert.equal(r.code, 0, r.stderr);
    const pvc = await bound(env.client, 'plain');
    assert.equal(pvc.spec?.storageClassName, 'lifeboat-local');
    assert.deepEqual(pvc.status?.capacity, { storage: '1Gi' });
    assert.deepEqual(pvc.status?.accessModes, ['ReadWriteOnce']);
    assert.equal(pvc.metadata.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(pvc.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal(pvc.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'], 'lifeboat.io/local');
    assert.ok(pvc.metadata.finalizers?.includes('kubernetes.io/pvc-protection'));

    const pv = await env.client.get<PersistentVolume>(PERSISTENT_VOLUMES, pvc.spec?.volumeName ?? '');
    assert.equal(pv.metadata.name, `pvc-${pvc.metadata.uid}`);
    assert.equal(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'], 'lifeboat.io/local');
    assert.deepEqual(pv.spec?.capacity, { storage: '1Gi' });
    assert.equal(pv.spec?.persistentVolumeReclaimPolicy, 'Delete');
    assert.equal(pv.spec?.storageClassName, 'lifeboat-local');
    assert.equal(pv.spec?.volumeMode, 'Filesystem');
    assert.deepEqual(
      { name: pv.spec?.claimRef?.name, namespace: pv.spec?.claimRef?.namespace, uid: pv.spec?.claimRef?.uid },
      { name: 'plain', namespace: NS, uid: pvc.metadata.uid },
    );
    assert.equal(pv.spec?.hostPath?.path, path.join(env.dataDir, 'volumes', pv.metadata.name ?? ''));
    assert.equal(pv.status?.phase, 'Bound');

    const get = await env.kubectl(['get', 'pvc', 'plain', '-n', NS]);
    assert.match(get.stdout, /plain\s+Bound\s+pvc-\S+\s+1Gi\s+RWO\s+lifeboat-local/);
  });

  test('volumes ls and volumes path show where a claim keeps its files; data written there stays', async () => {
    const dir = await volumePath('plain');
    assert.equal(dir, path.join(env.dataDir, 'volumes', (await bound(env.client, 'plain')).spec?.volumeName ?? ''));
    await fs.writeFile(path.join(dir, 'hello.txt'), 'hello\n');

    const ls = await env.lifeboat(['volumes', 'ls', '-n', NS, ...kubeconfigArgs]);
    assert.equal(ls.code, 0, ls.stderr);
    const [header, ...rows] = ls.stdout.trim().split('\n');
    assert.match(header, /^NAMESPACE\s+PVC\s+PV\s+CAPACITY\s+USED\s+PATH$/);
    const row = rows.find((r) => r.split(/\s+/)[1] === 'plain');
    assert.ok(row, ls.stdout);
    const [namespace, , volume, capacity, used, where] = (row as string).split(/\s+/);
    assert.deepEqual([namespace, volume.startsWith('pvc-'), capacity, where], [NS, true, '1Gi', dir]);
    assert.match(used, /^\d+(\.\d)?(Ki|Mi)?$/);

    // Without --kubeconfig or KUBECONFIG, the data directory of `lifeboat up` leads to the hub.
    const byDataDir = await env.lifeboat(['volumes', 'ls', '-A', '--data-dir', env.dataDir]);
    assert.equal(byDataDir.code, 0, byDataDir.stderr);
    assert.match(byDataDir.stdout, /plain/);
    const byEnv = await env.lifeboat(['volumes', 'path', `${NS}/plain`], { KUBECONFIG: env.kubeconfigPath });
    assert.equal(byEnv.stdout.trim(), dir);

    await env.restartStandIns();
    assert.equal(await fs.readFile(path.join(await volumePath('plain'), 'hello.txt'), 'utf8'), 'hello\n');
  });

  test('volumes path fails clearly for a missing or unbound claim', async () => {
    const missing = await env.lifeboat(['volumes', 'path', `${NS}/nope`, ...kubeconfigArgs]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /persistentvolumeclaim "nope" not found in namespace "vols"/);

    await env.kubectl(['apply', '-f', '-'], { input: claim('classless', '  storageClassName: ""') });
    const unbound = await env.lifeboat(['volumes', 'path', `${NS}/classless`, ...kubeconfigArgs]);
    assert.equal(unbound.code, 3);
    assert.match(unbound.stderr, /vols\/classless is not bound to a volume yet \(phase Pending\)/);

    const bad = await env.lifeboat(['volumes', 'path', 'a/b/c', ...kubeconfigArgs]);
    assert.equal(bad.code, 2);
    const noHub = await env.lifeboat(['volumes', 'ls', '--data-dir', path.join(env.dataDir, 'nowhere')]);
    assert.equal(noHub.code, 2);
    assert.match(noHub.stderr, /no hub found/);
  });

  test('clones and snapshots are point-in-time copies that keep all metadata', async () => {
    await env.kubectl(['apply', '-f', '-'], { input: claim('source') });
    await bound(env.client, 'source');
    const sourceDir = await volumePath('source');
    await buildTree(sourceDir, isRoot);
    const original = await describeTree(sourceDir);

    const r = await env.kubectl(
      ['apply', '-f', '-'],
      { input: `${claim('copy', '  dataSource: {kind: PersistentVolumeClaim, name: source}')}---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: snap, namespace: ${NS}}
spec: {source: {persistentVolumeClaimName: source}}
` },
    );
    assert.equal(r.code, 0, r.stderr);
    await bound(env.client, 'copy');
    let snapshot: VolumeSnapshot | undefined;
    await waitFor(
      'the snapshot to be ready',
      async () => {
        snapshot = await env.client.get<VolumeSnapshot>(VOLUME_SNAPSHOTS, 'snap', { namespace: NS });
        return snapshot.status?.readyToUse === true;
      },
      30_000,
    );
    // The source changes after the copies were taken.
    await fs.writeFile(path.join(sourceDir, 'sub', 'dir', 'file.txt'), 'changed later\n');
    await fs.writeFile(path.join(sourceDir, 'new.txt'), 'new\n');

    assert.equal(snapshot?.spec?.volumeSnapshotClassName, 'lifeboat-local');
    assert.equal(snapshot?.status?.restoreSize, '1Gi');
    assert.ok(snapshot?.status?.creationTime);
    const contentName = snapshot?.status?.boundVolumeSnapshotContentName ?? '';
    const content = await env.client.get<VolumeSnapshotContent>(VOLUME_SNAPSHOT_CONTENTS, contentName);
    assert.equal(content.spec?.driver, 'lifeboat.io/local');
    assert.equal(content.spec?.deletionPolicy, 'Delete');
    assert.equal(content.spec?.volumeSnapshotRef.uid, snapshot?.metadata.uid);
    assert.equal(content.spec?.source.volumeHandle, (await bound(env.client, 'source')).spec?.volumeName);
    assert.deepEqual([content.status?.readyToUse, content.status?.restoreSize, content.status?.snapshotHandle], [true, 1024 ** 3, contentName]);

    await env.kubectl(['apply', '-f', '-'], { input: claim('restored', '  dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap}') });
    await bound(env.client, 'restored');
    for (const copy of ['copy', 'restored']) {
      assert.deepEqual(await describeTree(await volumePath(copy)), original, `${copy} differs from the source at copy time`);
    }
    const vs = await env.kubectl(['get', 'volumesnapshot', 'snap', '-n', NS]);
    assert.match(vs.stdout, /snap\s+true\s+source\s+1Gi\s+lifeboat-local\s+snapcontent-/);
  });

  test('a pre-provisioned snapshot binds its content and restores', async () => {
    const handle = 'imported-snapshot';
    const dir = path.join(env.dataDir, 'snapshots', handle);
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'imported.txt'), 'from elsewhere\n');
    const r = await env.kubectl(
      ['apply', '-f', '-'],
      { input: `apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotContent
metadata: {name: imported-content}
spec:
  deletionPolicy: Retain
  driver: lifeboat.io/local
  source: {snapshotHandle: ${handle}}
  volumeSnapshotRef: {name: imported, namespace: ${NS}}
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: imported, namespace: ${NS}}
spec: {source: {volumeSnapshotContentName: imported-content}}
${'---'}
${claim('from-imported', '  dataSourceRef: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: imported}')}` },
    );
    assert.equal(r.code, 0, r.stderr);
    await bound(env.client, 'from-imported');
    const snapshot = await env.client.get<VolumeSnapshot>(VOLUME_SNAPSHOTS, 'imported', { namespace: NS });
    assert.deepEqual([snapshot.status?.boundVolumeSnapshotContentName, snapshot.status?.readyToUse], ['imported-content', true]);
    const content = await env.client.get<VolumeSnapshotContent>(VOLUME_SNAPSHOT_CONTENTS, 'imported-content');
    assert.equal(content.spec?.volumeSnapshotRef.uid, snapshot.metadata.uid);
    assert.equal(await fs.readFile(path.join(await volumePath('from-imported'), 'imported.txt'), 'utf8'), 'from elsewhere\n');
  });

  test('a claim filled by a volume populator stays Pending and untouched', async () => {
    await env.kubectl(['apply', '-f', '-'], { input: claim('populated', '  dataSourceRef: {apiGroup: volsync.backube, kind: ReplicationDestination, name: rd}') });
    // A claim created after it binds: the provisioner has looked at the populated one by then.
    await env.kubectl(['apply', '-f', '-'], { input: claim('after-populated') });
    await bound(env.client, 'after-populated');
    const pvc = await env.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, 'populated', { namespace: NS });
    assert.equal(pvc.status?.phase, 'Pending');
    assert.equal(pvc.spec?.volumeName, undefined);
    const volumes = (await env.client.list<PersistentVolume>(PERSISTENT_VOLUMES)).items;
    assert.ok(!volumes.some((v) => v.spec?.claimRef?.uid === pvc.metadata.uid));
  });

  test('deleting a claim deletes its volume and directory; deleting a snapshot deletes its content and copy', async () => {
    await env.kubectl(['apply', '-f', '-'], { input: claim('doomed') });
    const pvc = await bound(env.client, 'doomed');
    const dir = await volumePath('doomed');
    await env.kubectl(['delete', 'pvc', 'doomed', '-n', NS]);
    await gone(env.client, PERSISTENT_VOLUMES, pvc.spec?.volumeName ?? '');
    assert.equal(await exists(dir), false);

    const snapshot = await env.client.get<VolumeSnapshot>(VOLUME_SNAPSHOTS, 'snap', { namespace: NS });
    const contentName = snapshot.status?.boundVolumeSnapshotContentName ?? '';
    assert.equal(await exists(path.join(env.dataDir, 'snapshots', contentName)), true);
    const del = await env.kubectl(['delete', 'volumesnapshot', 'snap', '-n', NS]);
    assert.equal(del.code, 0, del.stderr);
    await gone(env.client, VOLUME_SNAPSHOT_CONTENTS, contentName);
    assert.equal(await exists(path.join(env.dataDir, 'snapshots', contentName)), false);
  });

  test('after a restart, half-made and orphaned directories are gone and bound volumes kept', async () => {
    const orphan = path.join(env.dataDir, 'volumes', `pvc-${randomUUID()}`);
    const staging = path.join(env.dataDir, 'volumes', `.staging-pvc-${randomUUID()}`);
    const snapshotStaging = path.join(env.dataDir, 'snapshots', `.staging-snapcontent-${randomUUID()}`);
    for (const d of [orphan, staging, snapshotStaging]) await fs.mkdir(d, { recursive: true });
    await env.restartStandIns();
    for (const d of [orphan, staging, snapshotStaging]) assert.equal(await exists(d), false, d);
    assert.equal(await exists(await volumePath('plain')), true);
    assert.equal(await exists(await volumePath('copy')), true);
  });
});
