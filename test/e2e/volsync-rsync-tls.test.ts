// The documentation's rsync-TLS procedure between two clusters, with two `lifeboat up` processes
// on one machine and kubectl: the ReplicationDestination first on the destination hub, its address
// and key Secret copied to the source hub (namespace changed, ownerReferences removed, as the
// documentation says), then the ReplicationSource with schedule "*/3 * * * *". The destination
// volume converges byte for byte (owners, modes, ACLs, hard links, sparse files, relative
// and absolute symlinks) and later deletions follow (through the manual trigger, not minutes).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { REPLICATION_DESTINATIONS, REPLICATION_SOURCES, type ReplicationDestination, type ReplicationSource } from '../../src/api/volsync/index.js';
import { describeRsyncTree, makeRsyncTree } from './rsync-tree.js';
import { NEEDS_ROOT, conditionOf, startUp, type UpEnv } from './volsync-env.js';

const NS = 'myns';
let dst: UpEnv;
let src: UpEnv;

before(async () => {
  if (NEEDS_ROOT) return;
  [dst, src] = await Promise.all([startUp(), startUp()]);
  // Movers run as root on the embedded hub, as privileged movers do on a cluster.
  for (const env of [dst, src]) {
    await env.namespace(NS);
    const r = await env.kubectl(['annotate', 'namespace', NS, 'volsync.backube/privileged-movers=true']);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(async () => {
  await src?.teardown();
  await dst?.teardown();
});

/** What both sides say, for a test that times out. */
async function diagnose(): Promise<string> {
  const out: string[] = [];
  for (const [env, kind, job] of [
    [src, 'replicationsource', 'volsync-rsync-tls-src-mysource'],
    [dst, 'replicationdestination', 'volsync-rsync-tls-dst-mydest'],
  ] as const) {
    out.push((await env.kubectl(['get', kind, '-n', NS, '-o', 'yaml'])).stdout);
    out.push((await env.kubectl(['get', 'pods,jobs,pvc,svc', '-n', NS])).stdout);
    const logs = await env.kubectl(['logs', `job/${job}`, '-n', NS]);
    out.push(logs.stdout.split('\n').filter((l) => !/LOG[67]/.test(l)).slice(-60).join('\n'), logs.stderr);
  }
  return out.join('\n');
}

describe('rsync-TLS between two hubs: the documentation procedure', { skip: NEEDS_ROOT }, () => {
  let address = '';
  let keySecret = '';
  let sourceDir = '';
  let destinationDir = '';

  it('creates the destination, which publishes its address and key Secret', async () => {
    await dst.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: mydest, namespace: ${NS}}
spec:
  rsyncTLS:
    copyMethod: Snapshot
    capacity: 1Gi
    accessModes: [ReadWriteOnce]
    serviceType: LoadBalancer
`);
    const rd = await dst.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      NS,
      'mydest',
      'the address and key Secret',
      (o) => !!o.status?.rsyncTLS?.address && !!o.status.rsyncTLS.keySecret,
      60_000,
    );
    address = (await dst.kubectl(['get', 'replicationdestination', 'mydest', '-n', NS, '-o', 'jsonpath={.status.rsyncTLS.address}'])).stdout;
    keySecret = (await dst.kubectl(['get', 'replicationdestination', 'mydest', '-n', NS, '-o', 'jsonpath={.status.rsyncTLS.keySecret}'])).stdout;
    assert.equal(address, rd.status?.rsyncTLS?.address);
    assert.match(address, /^127\.\d+\.\d+\.\d+$/);
    assert.equal(keySecret, 'volsync-rsync-tls-mydest');
    const svc = await dst.kubectl(['get', 'service', 'volsync-rsync-tls-dst-mydest', '-n', NS, '-o', 'jsonpath={.spec.type} {.spec.ports[0].port} {.status.loadBalancer.ingress[0].ip}']);
    assert.equal(svc.stdout, `LoadBalancer 8000 ${address}`);
    const psk = (await dst.kubectl(['get', 'secret', keySecret, '-n', NS, '-o', 'jsonpath={.data.psk\\.txt}'])).stdout;
    assert.match(Buffer.from(psk, 'base64').toString(), /^volsync:[0-9a-f]{128}$/);
  });

  it('copies the key Secret to the source hub as the documentation says', async () => {
    const exported = await dst.kubectl(['get', 'secret', keySecret, '-n', NS, '-o', 'yaml']);
    assert.equal(exported.code, 0, exported.stderr);
    const secret = parseYaml(exported.stdout) as { metadata: Record<string, unknown> };
    secret.metadata = { name: secret.metadata.name, namespace: NS };
    await src.apply(toYaml(secret));
  });

  it('replicates the source volume, scheduled every 3 minutes, byte for byte', async () => {
    await src.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: mydata, namespace: ${NS}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
    sourceDir = await src.volumePath(NS, 'mydata');
    await makeRsyncTree(sourceDir);
    await src.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: mysource, namespace: ${NS}}
spec:
  sourcePVC: mydata
  trigger:
    schedule: "*/3 * * * *"
  rsyncTLS:
    keySecret: ${keySecret}
    address: ${address}
    copyMethod: Clone
`);
    const rs = await src
      .waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'mysource', 'the first sync', (o) => !!o.status?.lastSyncTime, 180_000)
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await diagnose()}`);
      });
    assert.equal(rs.status?.latestMoverStatus?.result, 'Successful', JSON.stringify(rs.status));
    assert.match(rs.status?.latestMoverStatus?.logs ?? '', /rsync completed in \d+s/);
    const rd = await dst.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      NS,
      'mydest',
      'the destination image',
      (o) => o.status?.latestImage?.kind === 'VolumeSnapshot',
      120_000,
    );
    assert.equal(rd.status?.latestImage?.apiGroup, 'snapshot.storage.k8s.io');
    destinationDir = await dst.volumePath(NS, 'volsync-mydest-dst');
    assert.deepEqual(await describeRsyncTree(destinationDir), await describeRsyncTree(sourceDir));
  });

  it('shows the sync times in kubectl describe', async () => {
    await src.waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'mysource', 'waiting for the schedule', (o) => conditionOf(o)?.reason === 'WaitingForSchedule');
    const describe = await src.kubectl(['describe', 'replicationsource', 'mysource', '-n', NS]);
    assert.match(describe.stdout, /Last Sync Time:\s+\d{4}-/);
    assert.match(describe.stdout, /Last Sync Duration:\s+\S+s/);
    assert.match(describe.stdout, /Next Sync Time:\s+\d{4}-/);
  });

  it('propagates changes and deletions on the next sync', async () => {
    await fs.rm(path.join(sourceDir, 'to-be-deleted.txt'));
    await fs.writeFile(path.join(sourceDir, 'docs/new.txt'), 'added later');
    await fs.chmod(path.join(sourceDir, 'run.sh'), 0o700);
    const before = (await dst.get<ReplicationDestination>(REPLICATION_DESTINATIONS, NS, 'mydest'))?.status?.lastSyncTime;
    // The next slot is minutes away: the manual trigger starts the sync now.
    await src.kubectl(['patch', 'replicationsource', 'mysource', '-n', NS, '--type=merge', '-p', '{"spec":{"trigger":{"manual":"second"}}}']);
    await src.waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'mysource', 'the second sync', (o) => o.status?.lastManualSync === 'second', 180_000);
    // The destination finishes its side (symlinks restored, volume synced) after the source.
    await dst.waitForObject<ReplicationDestination>(REPLICATION_DESTINATIONS, NS, 'mydest', 'the destination done', (o) => o.status?.lastSyncTime !== before, 120_000);
    assert.deepEqual(await describeRsyncTree(destinationDir), await describeRsyncTree(sourceDir));
  });
});
