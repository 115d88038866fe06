// The documentation's restic example end to end in `lifeboat up`: a PVC with a tree of files
// (nested directories, a symlink, a 50 MiB file, modes and mtimes) is backed up by
// `mydata-backup` on creation, from a clone, through the local Job runner; the test lists the
// repository with restic itself; a ReplicationDestination restores it once (`manual:
// restore-once`) byte for byte, metadata included; restoreAsOf and previous pick older snapshots;
// the triggers behave as §4 says.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPLICATION_DESTINATIONS, REPLICATION_SOURCES, type ReplicationDestination, type ReplicationSource } from '../../src/api/volsync/index.js';
import { JOBS, PERSISTENT_VOLUME_CLAIMS } from '../../src/volsync/kinds.js';
import { DOC_RESTIC_SOURCE } from '../volsync/harness.js';
import { describeTree, makeTree } from '../volsync/tree.js';
import { runTool } from '../volsync/mover-run.js';
import { waitFor } from '../support/wait.js';
import { NEEDS_ROOT, conditionOf, startResticServer, startUp, type UpEnv } from './volsync-env.js';

const NS = 'app';
const PASSWORD = 'my-secure-restic-password';
let env: UpEnv;
let server: Awaited<ReturnType<typeof startResticServer>>;

before(async () => {
  if (NEEDS_ROOT) return;
  server = await startResticServer();
  env = await startUp();
  await env.namespace(NS);
});
after(async () => {
  await env?.teardown();
  await server?.stop();
});

/** Each ReplicationSource gets its own repository: retention applies to all snapshots of /data in one. */
const repositoryUrl = (repo: string) => `${server.url}${repo}/`;
const repositorySecret = (name: string, repo: string) => `kind: Secret
metadata: {name: ${name}, namespace: ${NS}}
type: Opaque
stringData:
  RESTIC_REPOSITORY: ${repositoryUrl(repo)}
  RESTIC_PASSWORD: ${PASSWORD}
`;
const resticEnv = () => ({ RESTIC_REPOSITORY: repositoryUrl('mydata'), RESTIC_PASSWORD: PASSWORD });

async function snapshotsInRepository(): Promise<{ short_id: string; time: string; hostname: string; paths: string[] }[]> {
  const r = await runTool('restic', ['snapshots', '--json'], resticEnv());
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const syncedAfter = (since: string | undefined) => (o: ReplicationSource | ReplicationDestination) =>
  !!o.status?.lastSyncTime && o.status.lastSyncTime !== since && !o.status.lastSyncStartTime;

describe('restic: the documentation example', { skip: NEEDS_ROOT }, () => {
  let expected: Awaited<ReturnType<typeof describeTree>>;
  let source: string;
  let rs: ReplicationSource;

  before(async () => {
    await env.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: mydata, namespace: ${NS}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
${repositorySecret('restic-config', 'mydata')}`);
    source = await env.volumePath(NS, 'mydata');
    await makeTree(source, { bigFileMiB: 50 });
    expected = await describeTree(source, { dirTimes: true });
    await env.apply(DOC_RESTIC_SOURCE(NS));
    rs = await env.waitForObject<ReplicationSource>(
      REPLICATION_SOURCES,
      NS,
      'mydata-backup',
      'the first backup, cleaned up',
      (o) => syncedAfter(undefined)(o) && conditionOf(o)?.reason === 'WaitingForSchedule',
    );
  });

  it('backs up on creation and reports it', () => {
    assert.equal(rs.status?.latestMoverStatus?.result, 'Successful', rs.status?.latestMoverStatus?.logs);
    assert.match(rs.status?.latestMoverStatus?.logs ?? '', /snapshot [0-9a-f]{8} saved/);
    assert.match(rs.status?.latestMoverStatus?.logs ?? '', /Restic completed in \d+s/);
    assert.match(rs.status?.lastSyncDuration ?? '', /^(\d+m)?\d+(\.\d+)?s$/);
    // The next slot counts from the completion time.
    const last = Date.parse(rs.status?.lastSyncTime ?? '');
    const next = Date.parse(rs.status?.nextSyncTime ?? '');
    assert.equal(new Date(next).getUTCMinutes() % 30, 0);
    assert.ok(next > last && next - last <= 30 * 60_000);
    assert.equal(conditionOf(rs)?.reason, 'WaitingForSchedule');
  });

  it('writes a snapshot of /data from host volsync, which restic lists', async () => {
    const snaps = await snapshotsInRepository();
    assert.equal(snaps.length, 1);
    assert.equal(snaps[0].hostname, 'volsync');
    assert.deepEqual(snaps[0].paths, ['/data']);
  });

  it('cleans up the clone and the Job, keeping the cache', async () => {
    await env.waitForObject(PERSISTENT_VOLUME_CLAIMS, NS, 'volsync-src-mydata-backup-cache', 'the cache', () => true);
    await waitGone(PERSISTENT_VOLUME_CLAIMS, 'volsync-mydata-backup-src');
    await waitGone(JOBS, 'volsync-src-mydata-backup');
  });

  it('restores once (manual: restore-once) into a new PVC, byte for byte with metadata', async () => {
    await env.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: mydata-restored, namespace: ${NS}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: mydata-restore, namespace: ${NS}}
spec:
  trigger: {manual: restore-once}
  restic:
    repository: restic-config
    destinationPVC: mydata-restored
    copyMethod: Direct
`);
    const rd = await env.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      NS,
      'mydata-restore',
      'the restore',
      (o) => o.status?.lastManualSync === 'restore-once',
    );
    assert.deepEqual(rd.status?.latestImage, { apiGroup: '', kind: 'PersistentVolumeClaim', name: 'mydata-restored' });
    assert.deepEqual(await describeTree(await env.volumePath(NS, 'mydata-restored'), { dirTimes: true }), expected);
    await env.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      NS,
      'mydata-restore',
      'waiting for a new manual value',
      (o) => conditionOf(o)?.reason === 'WaitingForManual',
    );
  });

  it('picks older snapshots with previous and restoreAsOf', async () => {
    // Three backups of different versions through the manual trigger, kept by `retain.last`;
    // the first at creation.
    await writeFile(path.join(source, 'version'), 'v1');
    await env.apply(`apiVersion: v1
${repositorySecret('restic-versions', 'versions')}---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: versions, namespace: ${NS}}
spec:
  sourcePVC: mydata
  trigger: {manual: v1}
  restic: {repository: restic-versions, copyMethod: Direct, retain: {last: "5"}}
`);
    const first = await env.waitForObject<ReplicationSource>(
      REPLICATION_SOURCES,
      NS,
      'versions',
      'backup v1',
      (o) => o.status?.lastManualSync === 'v1' && syncedAfter(undefined)(o),
    );
    const versions: { version: string; syncedAt: string }[] = [{ version: 'v1', syncedAt: first.status?.lastSyncTime ?? '' }];
    for (const version of ['v2', 'v3']) {
      await writeFile(path.join(source, 'version'), version);
      const before = (await env.get<ReplicationSource>(REPLICATION_SOURCES, NS, 'versions'))?.status?.lastSyncTime;
      await env.client.patch(REPLICATION_SOURCES, 'versions', { spec: { trigger: { manual: version } } }, { type: 'merge', namespace: NS });
      const done = await env.waitForObject<ReplicationSource>(
        REPLICATION_SOURCES,
        NS,
        'versions',
        `backup ${version}`,
        (o) => o.status?.lastManualSync === version && syncedAfter(before)(o),
      );
      versions.push({ version, syncedAt: done.status?.lastSyncTime ?? '' });
    }
    const restoreWith = async (name: string, options: string): Promise<string | undefined> => {
      await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: ${name}, namespace: ${NS}}
spec:
  trigger: {manual: once}
  restic:
    repository: restic-versions
    copyMethod: Direct
    capacity: 1Gi
    accessModes: [ReadWriteOnce]
${options}
`);
      await env.waitForObject<ReplicationDestination>(REPLICATION_DESTINATIONS, NS, name, `restore ${name}`, (o) => o.status?.lastManualSync === 'once');
      return readFile(path.join(await env.volumePath(NS, `volsync-${name}-dest`), 'version'), 'utf8').catch(() => undefined);
    };
    assert.equal(await restoreWith('latest', ''), 'v3');
    assert.equal(await restoreWith('previous', '    previous: 1'), 'v2');
    // The v3 snapshot was taken after the v2 sync completed: as of that completion, v2 is the newest.
    const v2Done = versions[1].syncedAt;
    assert.equal(await restoreWith('as-of', `    restoreAsOf: "${v2Done}"`), 'v2');
    assert.equal(await restoreWith('as-of-previous', `    restoreAsOf: "${v2Done}"\n    previous: 1`), 'v1');
  });
});

describe('restic: triggers', { skip: NEEDS_ROOT }, () => {
  it('re-syncs continuously without a trigger', async () => {
    await env.apply(`apiVersion: v1
${repositorySecret('restic-continuous', 'continuous')}---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: continuous, namespace: ${NS}}
spec:
  sourcePVC: mydata
  restic: {repository: restic-continuous, copyMethod: Direct}
`);
    const first = await env.waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'continuous', 'a first sync', syncedAfter(undefined));
    const second = await env.waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'continuous', 'a second sync', syncedAfter(first.status?.lastSyncTime));
    assert.equal(second.status?.nextSyncTime, undefined);
    await env.client.delete(REPLICATION_SOURCES, 'continuous', { namespace: NS });
  });
});

async function waitGone(ref: Parameters<UpEnv['get']>[0], name: string): Promise<void> {
  await waitFor(`${ref.plural} ${name} to be deleted`, async () => (await env.get(ref, NS, name)) === undefined, 60_000);
}
