// Failed mover runs end to end in `lifeboat up` (decision 14): after the first failed run the
// Synchronizing condition, a Warning event and latestMoverStatus say what happened in words a user
// acts on; the runs back off; a destination that fails half way keeps its last good image.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPLICATION_DESTINATIONS, REPLICATION_SOURCES, type ReplicationDestination, type ReplicationSource } from '../../src/api/volsync/index.js';
import { PERSISTENT_VOLUME_CLAIMS, PODS, type PersistentVolumeClaim, type Pod } from '../../src/volsync/kinds.js';
import { EVENTS_V1, type EventV1 } from '../../src/kube/index.js';
import { runTool } from '../volsync/mover-run.js';
import { waitFor } from '../support/wait.js';
import { NEEDS_ROOT, conditionOf, freePort, startResticServer, startUp, type UpEnv } from './volsync-env.js';

const NS = 'failures';
let env: UpEnv;
let server: Awaited<ReturnType<typeof startResticServer>>;

before(async () => {
  if (NEEDS_ROOT) return;
  server = await startResticServer();
  env = await startUp();
  await env.namespace(NS);
  await env.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: ${NS}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
  await writeFile(path.join(await env.volumePath(NS, 'data'), 'small.txt'), 'a small first version');
});
after(async () => {
  await env?.teardown();
  await server?.stop();
});

const secret = (name: string, repository: string, password: string) => `
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${NS}}
stringData: {RESTIC_REPOSITORY: "${repository}", RESTIC_PASSWORD: "${password}"}
`;

const source = (name: string, repositorySecret: string, trigger = '') => `
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: ${name}, namespace: ${NS}}
spec:
  sourcePVC: data
${trigger}  restic: {repository: ${repositorySecret}, copyMethod: Direct}
`;

async function warnings(regarding: string): Promise<EventV1[]> {
  const list = await env.client.list<EventV1>(EVENTS_V1, { namespace: NS });
  return list.items.filter((e) => e.type === 'Warning' && e.regarding?.name === regarding).sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}

describe('a wrong restic password', { skip: NEEDS_ROOT }, () => {
  it('is reported after the first failed run, naming the Secret, and the runs back off', async () => {
    const repository = `${server.url}password/`;
    assert.equal((await runTool('restic', ['init'], { RESTIC_REPOSITORY: repository, RESTIC_PASSWORD: 'the-real-password' })).code, 0);
    await env.apply(secret('restic-wrong', repository, 'not-the-password') + '---' + source('wrong-password', 'restic-wrong'));
    const rs = await env.waitForObject<ReplicationSource>(
      REPLICATION_SOURCES,
      NS,
      'wrong-password',
      'the failure reported',
      (o) => conditionOf(o)?.reason === 'Error',
    );
    assert.match(conditionOf(rs)?.message ?? '', /^the restic repository password in Secret "restic-wrong" \(key RESTIC_PASSWORD\) is wrong/);
    assert.equal(rs.status?.latestMoverStatus?.result, 'Failed');
    assert.match(rs.status?.latestMoverStatus?.logs ?? '', /wrong password or no key found/);
    assert.doesNotMatch(JSON.stringify(rs.status), /not-the-password/);
    const [first] = await warnings('wrong-password');
    assert.equal(first?.reason, 'TransferFailed');
    assert.match(first?.note ?? '', /Secret "restic-wrong".*\(mover Job volsync-src-wrong-password, attempt 1\)/);
    const describe = await env.kubectl(['describe', 'replicationsource', '-n', NS, 'wrong-password']);
    assert.match(describe.stdout, /Warning\s+TransferFailed\s+\S+\s+volsync-controller\s+the restic repository password in Secret "restic-wrong"/);

    // Three runs: each reported, each later than the one before by more.
    let failedPods: Pod[] = [];
    await waitFor(
      'three failed runs',
      async () => {
        failedPods = (await env.client.list<Pod>(PODS, { namespace: NS, labelSelector: 'job-name=volsync-src-wrong-password' })).items.filter(
          (p) => p.status?.phase === 'Failed',
        );
        return failedPods.length >= 3;
      },
      180_000,
      500,
    );
    const starts = failedPods.map((p) => Date.parse(p.metadata.creationTimestamp ?? '')).sort((a, b) => a - b);
    assert.ok(starts[2] - starts[1] > starts[1] - starts[0], `gaps grow: ${starts[1] - starts[0]} ms then ${starts[2] - starts[1]} ms`);
    await waitFor('a Warning event per failed run', async () => (await warnings('wrong-password')).length >= 3, 30_000);
  });
});

describe('an unreachable repository', { skip: NEEDS_ROOT }, () => {
  it('is reported in words that say the repository cannot be reached', async () => {
    await env.apply(secret('restic-nowhere', `rest:http://127.0.0.1:${await freePort()}/`, 'pw') + '---' + source('unreachable', 'restic-nowhere'));
    const rs = await env.waitForObject<ReplicationSource>(
      REPLICATION_SOURCES,
      NS,
      'unreachable',
      'the failure reported',
      (o) => conditionOf(o)?.reason === 'Error',
    );
    assert.match(
      conditionOf(rs)?.message ?? '',
      /^cannot reach the restic repository named in Secret "restic-nowhere" \(key RESTIC_REPOSITORY\): .*connection refused/,
    );
    assert.equal((await warnings('unreachable'))[0]?.reason, 'TransferFailed');
  });
});

describe('a full destination', { skip: NEEDS_ROOT }, () => {
  it('fails in words, and the destination keeps its last good image', async () => {
    const repository = `${server.url}fill/`;
    await env.apply(secret('restic-fill', repository, 'pw') + '---' + source('fill', 'restic-fill', '  trigger: {manual: small}\n'));
    await env.waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'fill', 'the small backup', (o) => o.status?.lastManualSync === 'small');
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: small-dest, namespace: ${NS}}
spec:
  trigger: {manual: small}
  restic: {repository: restic-fill, copyMethod: Snapshot, capacity: 20Mi, accessModes: [ReadWriteOnce]}
`);
    const good = await env.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      NS,
      'small-dest',
      'the first restore',
      (o) => o.status?.lastManualSync === 'small',
    );
    const goodImage = good.status?.latestImage;
    assert.equal(goodImage?.kind, 'VolumeSnapshot');

    // ~94 MiB more on the source than the destination can hold, in files enough to make the restore
    // take a while (the embedded hub measures a volume while its writer runs).
    const bulk = path.join(await env.volumePath(NS, 'data'), 'bulk');
    await mkdir(bulk);
    for (let i = 0; i < 3000; i++) await writeFile(path.join(bulk, `f${i}`), randomBytes(32 * 1024));
    await env.client.patch(REPLICATION_SOURCES, 'fill', { spec: { trigger: { manual: 'big' } } }, { type: 'merge', namespace: NS });
    await env.waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'fill', 'the big backup', (o) => o.status?.lastManualSync === 'big');
    await env.client.patch(REPLICATION_DESTINATIONS, 'small-dest', { spec: { trigger: { manual: 'big' } } }, { type: 'merge', namespace: NS });
    const failed = await env.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      NS,
      'small-dest',
      'the failed restore',
      (o) => conditionOf(o)?.reason === 'Error',
    );
    assert.match(conditionOf(failed)?.message ?? '', /^the destination volume is full \(.*\); give the ReplicationDestination more room/);
    assert.equal(failed.status?.latestMoverStatus?.result, 'Failed');
    assert.deepEqual(failed.status?.latestImage, goodImage, 'latestImage still names the last good snapshot');

    // What a user restores from the ReplicationDestination is the last complete sync.
    await env.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: from-last-good, namespace: ${NS}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 20Mi}}
  dataSourceRef: {apiGroup: volsync.backube, kind: ReplicationDestination, name: small-dest}
`);
    await env.waitForObject<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, NS, 'from-last-good', 'the populated PVC', (p) => p.status?.phase === 'Bound');
    assert.deepEqual((await readdir(await env.volumePath(NS, 'from-last-good'))).sort(), ['small.txt']);
  });
});
