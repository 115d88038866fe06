// The documentation's rsync-TLS (and rsync over ssh) procedure between two clusters, with two
// `lifeboat up` processes on one machine and kubectl: the ReplicationDestination first on the
// destination hub, its address and key Secret copied to the source hub (namespace changed,
// ownerReferences removed, as the documentation says), then the ReplicationSource with schedule
// "*/3 * * * *". The destination
// volume converges byte for byte (owners, modes, ACLs, hard links, sparse files, relative
// and absolute symlinks) and later deletions follow (through the manual trigger, not minutes).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { REPLICATION_DESTINATIONS, REPLICATION_SOURCES, type ReplicationDestination, type ReplicationSource } from '../../src/api/volsync/index.js';
import { changeXattrs, describeRsyncTree, makeRsyncTree } from './rsync-tree.js';
import { NEEDS_ROOT, conditionOf, startUp, type UpEnv } from './volsync-env.js';

const NS = 'myns';

export interface MoverFlavour {
  /** The spec and status section: rsyncTLS or rsync. */
  section: 'rsyncTLS' | 'rsync';
  /** The status field naming the Secret to copy, and the source spec field that takes it. */
  keyField: 'keySecret' | 'sshKeys';
  /** What the destination publishes. */
  keySecretName: string;
  jobPrefix: string;
  completedLine: RegExp;
}

export const RSYNC_TLS: MoverFlavour = {
  section: 'rsyncTLS',
  keyField: 'keySecret',
  keySecretName: 'volsync-rsync-tls-mydest',
  jobPrefix: 'volsync-rsync-tls',
  completedLine: /rsync completed in \d+s/,
};

export const RSYNC_SSH: MoverFlavour = {
  section: 'rsync',
  keyField: 'sshKeys',
  keySecretName: 'volsync-rsync-dst-src-mydest',
  jobPrefix: 'volsync-rsync',
  completedLine: /Rsync completed in \d+s/,
};

export function documentationProcedure(m: MoverFlavour): void {
  let dst: UpEnv;
  let src: UpEnv;
  const statusOf = (o: ReplicationDestination): { address?: string; keySecret?: string; sshKeys?: string } | undefined =>
    (o.status as Record<string, { address?: string; keySecret?: string; sshKeys?: string }> | undefined)?.[m.section];

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
      [src, 'replicationsource', `${m.jobPrefix}-src-mysource`],
      [dst, 'replicationdestination', `${m.jobPrefix}-dst-mydest`],
    ] as const) {
      out.push((await env.kubectl(['get', kind, '-n', NS, '-o', 'yaml'])).stdout);
      out.push((await env.kubectl(['get', 'pods,jobs,pvc,svc', '-n', NS])).stdout);
      const logs = await env.kubectl(['logs', `job/${job}`, '-n', NS]);
      out.push(
        logs.stdout
          .split('\n')
          .filter((l) => !/LOG[67]/.test(l))
          .slice(-60)
          .join('\n'),
        logs.stderr,
      );
    }
    return out.join('\n');
  }

  describe(`${m.section} between two hubs: the documentation procedure`, { skip: NEEDS_ROOT }, () => {
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
  ${m.section}:
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
        (o) => !!statusOf(o)?.address && !!statusOf(o)?.[m.keyField],
        60_000,
      );
      address = (await dst.kubectl(['get', 'replicationdestination', 'mydest', '-n', NS, '-o', `jsonpath={.status.${m.section}.address}`])).stdout;
      keySecret = (await dst.kubectl(['get', 'replicationdestination', 'mydest', '-n', NS, '-o', `jsonpath={.status.${m.section}.${m.keyField}}`])).stdout;
      assert.equal(address, statusOf(rd)?.address);
      assert.match(address, /^127\.\d+\.\d+\.\d+$/);
      assert.equal(keySecret, m.keySecretName);
      const svc = await dst.kubectl([
        'get',
        'service',
        `${m.jobPrefix}-dst-mydest`,
        '-n',
        NS,
        '-o',
        'jsonpath={.spec.type} {.spec.ports[0].port} {.status.loadBalancer.ingress[0].ip}',
      ]);
      assert.equal(svc.stdout, `LoadBalancer ${m.section === 'rsync' ? 22 : 8000} ${address}`);
      if (m.section === 'rsyncTLS') {
        const psk = (await dst.kubectl(['get', 'secret', keySecret, '-n', NS, '-o', 'jsonpath={.data.psk\\.txt}'])).stdout;
        assert.match(Buffer.from(psk, 'base64').toString(), /^volsync:[0-9a-f]{128}$/);
      }
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
  ${m.section}:
    ${m.keyField}: ${keySecret}
    address: ${address}
    copyMethod: Clone
`);
      const rs = await src
        .waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'mysource', 'the first sync', (o) => !!o.status?.lastSyncTime, 180_000)
        .catch(async (err: Error) => {
          throw new Error(`${err.message}\n${await diagnose()}`);
        });
      assert.equal(rs.status?.latestMoverStatus?.result, 'Successful', JSON.stringify(rs.status));
      assert.match(rs.status?.latestMoverStatus?.logs ?? '', m.completedLine);
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
      await src.waitForObject<ReplicationSource>(
        REPLICATION_SOURCES,
        NS,
        'mysource',
        'waiting for the schedule',
        (o) => conditionOf(o)?.reason === 'WaitingForSchedule',
      );
      const describe = await src.kubectl(['describe', 'replicationsource', 'mysource', '-n', NS]);
      assert.match(describe.stdout, /Last Sync Time:\s+\d{4}-/);
      assert.match(describe.stdout, /Last Sync Duration:\s+\S+s/);
      assert.match(describe.stdout, /Next Sync Time:\s+\d{4}-/);
    });

    it('propagates changes and deletions on the next sync', async () => {
      await fs.rm(path.join(sourceDir, 'to-be-deleted.txt'));
      await fs.writeFile(path.join(sourceDir, 'docs/new.txt'), 'added later');
      await fs.chmod(path.join(sourceDir, 'run.sh'), 0o700);
      await changeXattrs(sourceDir);
      const before = (await dst.get<ReplicationDestination>(REPLICATION_DESTINATIONS, NS, 'mydest'))?.status?.lastSyncTime;
      // The next slot is minutes away: the manual trigger starts the sync now.
      await src.kubectl(['patch', 'replicationsource', 'mysource', '-n', NS, '--type=merge', '-p', '{"spec":{"trigger":{"manual":"second"}}}']);
      await src.waitForObject<ReplicationSource>(REPLICATION_SOURCES, NS, 'mysource', 'the second sync', (o) => o.status?.lastManualSync === 'second', 180_000);
      // The destination finishes its side (symlinks restored, volume synced) after the source.
      await dst.waitForObject<ReplicationDestination>(
        REPLICATION_DESTINATIONS,
        NS,
        'mydest',
        'the destination done',
        (o) => o.status?.lastSyncTime !== before,
        120_000,
      );
      assert.deepEqual(await describeRsyncTree(destinationDir), await describeRsyncTree(sourceDir));
    });

    it('sends nothing in the clear: what crosses the wire is TLS records, without file content', { skip: m.section !== 'rsyncTLS' }, async () => {
      const marker = 'LIFEBOAT-PLAINTEXT-MARKER-'.repeat(40);
      await fs.writeFile(path.join(sourceDir, 'marker.txt'), marker);
      const relay = await RecordingRelay.start(address, 8000);
      try {
        // A second source reaching the destination through the relay (the documented port unchanged on the destination).
        await src.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: captured, namespace: ${NS}}
spec:
  sourcePVC: mydata
  trigger: {manual: once}
  ${m.section}:
    ${m.keyField}: ${keySecret}
    address: 127.0.0.1
    port: ${relay.port}
    copyMethod: Clone
`);
        await src.waitForObject<ReplicationSource>(
          REPLICATION_SOURCES,
          NS,
          'captured',
          'the captured sync',
          (o) => o.status?.lastManualSync === 'once',
          180_000,
        );
      } finally {
        await relay.close();
      }
      const sent = relay.fromClient();
      assert.ok(sent.length > marker.length, `captured ${sent.length} bytes`);
      // A TLS handshake record (0x16, version 3.x) opens every connection.
      for (const first of relay.firstBytes()) assert.deepEqual([first[0], first[1]], [0x16, 0x03]);
      assert.ok(!sent.includes(Buffer.from('LIFEBOAT-PLAINTEXT-MARKER')), 'the file content crossed the wire in the clear');
      assert.ok(!sent.includes(Buffer.from('marker.txt')), 'a file name crossed the wire in the clear');
    });
  });
}

/** A TCP relay that keeps what the client sent, to look at the wire. */
class RecordingRelay {
  private readonly chunks: Buffer[] = [];
  private readonly firsts: Buffer[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(host: string, port: number): Promise<RecordingRelay> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const relay = new RecordingRelay(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (client: net.Socket) => relay.relay(client, host, port));
    return relay;
  }

  private relay(client: net.Socket, host: string, port: number): void {
    const upstream = net.connect(port, host);
    this.sockets.add(client).add(upstream);
    let first = true;
    client.on('data', (d: Buffer) => {
      if (first) this.firsts.push(Buffer.from(d));
      first = false;
      this.chunks.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.pipe(client);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  }

  fromClient(): Buffer {
    return Buffer.concat(this.chunks);
  }

  firstBytes(): Buffer[] {
    return this.firsts;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
