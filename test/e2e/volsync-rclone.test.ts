// The documentation's rclone example end to end in `lifeboat up`, between two namespaces through a
// `type = local` rclone remote (a host directory both namespaces mount, as they would an NFS
// export): the source's Snapshot copy is uploaded, the destination mirrors it into its PVC and
// snapshots it; a PVC whose dataSourceRef names the ReplicationDestination is populated from that
// snapshot; the temporaries are cleaned up and only the latest destination snapshot stays.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPLICATION_DESTINATIONS, REPLICATION_SOURCES, type ReplicationDestination, type ReplicationSource } from '../../src/api/volsync/index.js';
import { PERSISTENT_VOLUME_CLAIMS, VOLUME_SNAPSHOTS, type PersistentVolumeClaim } from '../../src/volsync/kinds.js';
import { describeTree, makeTree } from '../volsync/tree.js';
import { waitFor } from '../support/wait.js';
import { NEEDS_ROOT, conditionOf, sharedVolumeYaml, startUp, type UpEnv } from './volsync-env.js';

let env: UpEnv;
let remoteDir: string;

before(async () => {
  if (NEEDS_ROOT) return;
  remoteDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-rclone-remote-'));
  env = await startUp();
  for (const ns of ['source', 'dest']) {
    await env.namespace(ns);
    await env.apply(
      sharedVolumeYaml(ns, 'shared-remote', remoteDir) +
        `---
apiVersion: v1
kind: Secret
metadata: {name: rclone-secret, namespace: ${ns}}
stringData:
  rclone.conf: |
    [local-remote]
    type = local
`,
    );
  }
});
after(async () => {
  await env?.teardown();
  if (remoteDir) await rm(remoteDir, { recursive: true, force: true });
});

const rcloneSpec = (extra: string) => `
    rcloneConfigSection: local-remote
    rcloneDestPath: /mnt/remote/volsync-test-bucket/mysql-pv-claim
    rcloneConfig: rclone-secret
    moverVolumes:
      - mountPath: remote
        volumeSource: {persistentVolumeClaim: {claimName: shared-remote}}
${extra}`;

/** rclone keeps file mtimes, not directory mtimes, and does not copy symlinks. */
const compare = { skip: (rel: string) => rel === 'link-to-a' };
const synced = (o: ReplicationSource | ReplicationDestination, since?: string) =>
  !!o.status?.lastSyncTime && o.status.lastSyncTime !== since && !o.status.lastSyncStartTime;

describe('rclone: the documentation example between two namespaces', { skip: NEEDS_ROOT }, () => {
  let expected: Awaited<ReturnType<typeof describeTree>>;
  let rd: ReplicationDestination;

  before(async () => {
    await env.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: mysql-pv-claim, namespace: source}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
    const source = await env.volumePath('source', 'mysql-pv-claim');
    await makeTree(source, { bigFileMiB: 4 });
    await chown(path.join(source, 'run.sh'), 1001, 1002);
    expected = await describeTree(source, compare);
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: database-source, namespace: source}
spec:
  sourcePVC: mysql-pv-claim
  trigger: {schedule: "*/6 * * * *"}
  rclone:${rcloneSpec('    copyMethod: Snapshot')}
`);
    const rs = await env.waitForObject<ReplicationSource>(REPLICATION_SOURCES, 'source', 'database-source', 'the source sync', (o) => synced(o));
    assert.equal(rs.status?.latestMoverStatus?.result, 'Successful', rs.status?.latestMoverStatus?.logs);
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: database-destination, namespace: dest}
spec:
  trigger: {schedule: "3,9,15,21,27,33,39,45,51,57 * * * *"}
  rclone:${rcloneSpec('    copyMethod: Snapshot\n    accessModes: [ReadWriteOnce]\n    capacity: 10Gi')}
`);
    rd = await env.waitForObject<ReplicationDestination>(REPLICATION_DESTINATIONS, 'dest', 'database-destination', 'the destination sync', (o) => synced(o));
  });

  it('uploads the volume and its permissions listing to the remote', async () => {
    const remote = path.join(remoteDir, 'volsync-test-bucket/mysql-pv-claim');
    assert.ok((await readdir(remote)).includes('permissions.facl'));
    assert.ok((await readdir(remote)).includes('big.dat'));
  });

  it('cleans up the source snapshot and its PVC', async () => {
    for (const ref of [PERSISTENT_VOLUME_CLAIMS, VOLUME_SNAPSHOTS]) {
      await waitFor(
        `${ref.plural} volsync-database-source-src gone`,
        async () => (await env.get(ref, 'source', 'volsync-database-source-src')) === undefined,
        60_000,
      );
    }
  });

  it('converges the destination PVC to the source, owners and modes included', async () => {
    assert.equal(rd.status?.latestMoverStatus?.result, 'Successful', rd.status?.latestMoverStatus?.logs);
    assert.match(rd.status?.latestMoverStatus?.logs ?? '', /Rclone completed in \d+s/);
    assert.deepEqual(await describeTree(await env.volumePath('dest', 'volsync-database-destination-dest'), compare), expected);
  });

  it('publishes a VolumeSnapshot of it as latestImage, and populates a PVC from it', async () => {
    const image = rd.status?.latestImage;
    assert.equal(image?.kind, 'VolumeSnapshot');
    assert.equal(image?.apiGroup, 'snapshot.storage.k8s.io');
    assert.match(image?.name ?? '', /^volsync-database-destination-dest-\d{14}$/);
    await env.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: restored-db, namespace: dest}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Gi}}
  dataSourceRef: {apiGroup: volsync.backube, kind: ReplicationDestination, name: database-destination}
`);
    await env.waitForObject<PersistentVolumeClaim>(
      PERSISTENT_VOLUME_CLAIMS,
      'dest',
      'restored-db',
      'the populated PVC bound',
      (p) => p.status?.phase === 'Bound',
    );
    assert.deepEqual(await describeTree(await env.volumePath('dest', 'restored-db'), compare), expected);
    const events = await env.kubectl([
      'get',
      'events',
      '-n',
      'dest',
      '--field-selector',
      'involvedObject.name=restored-db',
      '-o',
      'custom-columns=REASON:.reason',
      '--no-headers',
    ]);
    for (const reason of ['VolSyncPopulatorPVCCreated', 'VolSyncPopulatorFinished']) assert.match(events.stdout, new RegExp(reason));
    await waitFor(
      "PVC' deleted",
      async () => (await env.kubectl(['get', 'pvc', '-n', 'dest', '-o', 'name'])).stdout.split('\n').every((n) => !n.includes('vs-prime-')),
      60_000,
    );
  });

  it('keeps only the newest destination snapshot after the next sync', async () => {
    const first = rd.status?.latestImage?.name ?? '';
    const source = await env.volumePath('source', 'mysql-pv-claim');
    await writeFile(path.join(source, 'added-later.txt'), 'second sync');
    const rs = await env.get<ReplicationSource>(REPLICATION_SOURCES, 'source', 'database-source');
    await env.client.patch(REPLICATION_SOURCES, 'database-source', { spec: { trigger: { manual: 'second' } } }, { type: 'merge', namespace: 'source' });
    await env.waitForObject<ReplicationSource>(
      REPLICATION_SOURCES,
      'source',
      'database-source',
      'the second source sync',
      (o) => o.status?.lastManualSync === 'second' && synced(o, rs?.status?.lastSyncTime),
    );
    await env.client.patch(REPLICATION_DESTINATIONS, 'database-destination', { spec: { trigger: { manual: 'second' } } }, { type: 'merge', namespace: 'dest' });
    const second = await env.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      'dest',
      'database-destination',
      'the second destination sync',
      (o) => o.status?.lastManualSync === 'second' && synced(o, rd.status?.lastSyncTime) && conditionOf(o)?.reason === 'WaitingForManual',
    );
    assert.notEqual(second.status?.latestImage?.name, first);
    // The first snapshot goes once no populated PVC holds it.
    await waitFor(`snapshot ${first} deleted`, async () => (await env.get(VOLUME_SNAPSHOTS, 'dest', first)) === undefined, 60_000);
    assert.ok(await env.get(VOLUME_SNAPSHOTS, 'dest', second.status?.latestImage?.name ?? ''));
  });
});
