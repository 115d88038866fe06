// Failed rsync-TLS runs in `lifeboat up` (decision 14): a malformed key Secret, a wrong pre-shared
// key, a stopped destination and a destination too small are each reported after the first failed
// run — condition, Warning event, latestMoverStatus — in words a user acts on, and the
// destination keeps its last good snapshot.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  REPLICATION_DESTINATIONS,
  REPLICATION_SOURCES,
  type ReplicationDestination,
  type ReplicationSource,
  type TypedLocalObjectReference,
} from '../../src/api/volsync/index.js';
import { EVENTS_V1, type EventV1 } from '../../src/kube/index.js';
import { runTool } from '../volsync/mover-run.js';
import { RETRY_DELAY_ENV } from '../../src/volsync/movers/shared/attempts.js';
import { NEEDS_ROOT, conditionOf, startUp, type UpEnv } from './volsync-env.js';

const DST = 'dst';
const SRC = 'src';
let env: UpEnv;
const GOOD_KEY = `volsync:${randomBytes(32).toString('hex')}`;
const OTHER_KEY = `volsync:${randomBytes(32).toString('hex')}`;

const keySecret = (ns: string, name: string, psk: string) => `
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${ns}}
stringData: {psk.txt: "${psk}"}
`;

const destination = (name: string, extra = '') => `
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: ${name}, namespace: ${DST}}
spec:
${extra}  rsyncTLS: {keySecret: good-key, copyMethod: Snapshot, capacity: 20Mi, accessModes: [ReadWriteOnce]}
`;

const source = (name: string, key: string, address: string, manual: string) => `
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: ${name}, namespace: ${SRC}}
spec:
  sourcePVC: data
  trigger: {manual: ${manual}}
  rsyncTLS: {keySecret: ${key}, address: ${address}, copyMethod: Direct}
`;

async function warnings(ns: string, regarding: string): Promise<EventV1[]> {
  const list = await env.client.list<EventV1>(EVENTS_V1, { namespace: ns });
  return list.items.filter((e) => e.type === 'Warning' && e.regarding?.name === regarding);
}

const addressOf = async (name: string): Promise<string> =>
  (
    await env.waitForObject<ReplicationDestination>(REPLICATION_DESTINATIONS, DST, name, `the address of ${name}`, (o) => !!o.status?.rsyncTLS?.address, 60_000)
  ).status?.rsyncTLS?.address ?? '';

const failedSource = (name: string) =>
  env
    .waitForObject<ReplicationSource>(REPLICATION_SOURCES, SRC, name, `the failure of ${name}`, (o) => conditionOf(o)?.reason === 'Error', 300_000)
    .catch(async (err: Error) => {
      const status = (await env.kubectl(['get', 'replicationsource', name, '-n', SRC, '-o', 'jsonpath={.status}'])).stdout;
      const pods = (await env.kubectl(['get', 'pods', '-A'])).stdout;
      const logs = (await env.kubectl(['logs', `job/volsync-rsync-tls-src-${name}`, '-n', SRC])).stdout;
      const tail = logs.split('\n').filter((l) => !/LOG[67]|^\[ \]/.test(l)).slice(-40).join('\n');
      throw new Error(`${err.message}\n${status}\n${pods}\n${tail}`);
    });

let goodAddress = '';
let goodImage: TypedLocalObjectReference | undefined;

before(async () => {
  if (NEEDS_ROOT) return;
  // The suite waits for each first failed run: the movers' five attempts need not wait 62 s in all.
  env = await startUp([], { [RETRY_DELAY_ENV]: '100' });
  for (const ns of [DST, SRC]) {
    await env.namespace(ns);
    await env.kubectl(['annotate', 'namespace', ns, 'volsync.backube/privileged-movers=true']);
  }
  await env.apply(`${keySecret(DST, 'good-key', GOOD_KEY)}---${keySecret(SRC, 'good-key', GOOD_KEY)}---${keySecret(SRC, 'other-key', OTHER_KEY)}---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: ${SRC}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---${destination('good')}`);
  await writeFile(path.join(await env.volumePath(SRC, 'data'), 'small.txt'), 'a small first version');
  goodAddress = await addressOf('good');
  await env.apply(source('first', 'good-key', goodAddress, 'small'));
  await env.waitForObject<ReplicationSource>(REPLICATION_SOURCES, SRC, 'first', 'the first sync', (o) => o.status?.lastManualSync === 'small', 180_000);
  const rd = await env.waitForObject<ReplicationDestination>(REPLICATION_DESTINATIONS, DST, 'good', 'the first image', (o) => o.status?.latestImage?.kind === 'VolumeSnapshot');
  goodImage = rd.status?.latestImage;
});
after(async () => {
  await env?.teardown();
});

describe('rsync-TLS failures', { skip: NEEDS_ROOT }, () => {
  it('rejects a malformed key Secret at once, naming the field and never the key', async () => {
    await env.apply(keySecret(SRC, 'short-key', 'volsync:0123abcd') + '---' + source('malformed', 'short-key', goodAddress, 'one'));
    const rs = await failedSource('malformed');
    assert.equal(
      conditionOf(rs)?.message,
      'spec.rsyncTLS.keySecret: psk.txt in Secret "short-key" must be "<identity>:<key>" with a key of at least 32 hexadecimal digits, but the key after "<identity>:" has 8 hexadecimal digits, at least 32 are needed',
    );
    assert.doesNotMatch(JSON.stringify(rs.status), /0123abcd/);
  });

  it('names the key Secret when the TLS handshake fails (wrong pre-shared key), and the destination keeps its image', async () => {
    await env.apply(source('wrong-key', 'other-key', goodAddress, 'one'));
    const rs = await failedSource('wrong-key');
    const message = conditionOf(rs)?.message ?? '';
    assert.match(message, new RegExp(`^TLS handshake with the destination ${goodAddress.replaceAll('.', '\\.')}:8000 failed: the pre-shared key in Secret "other-key" \\(psk\\.txt\\) is not the destination's`));
    assert.doesNotMatch(message, /protocol data stream/);
    assert.equal(rs.status?.latestMoverStatus?.result, 'Failed');
    const [warning] = await warnings(SRC, 'wrong-key');
    assert.equal(warning?.reason, 'TransferFailed');
    assert.match(warning?.note ?? '', /Secret "other-key"/);
    assert.doesNotMatch(JSON.stringify(rs.status) + JSON.stringify(warning), new RegExp(OTHER_KEY.slice(8)));
    const rd = await env.get<ReplicationDestination>(REPLICATION_DESTINATIONS, DST, 'good');
    assert.deepEqual(rd?.status?.latestImage, goodImage);
    await env.client.delete(REPLICATION_SOURCES, 'wrong-key', { namespace: SRC });
  });

  it('says the destination cannot be reached when it is stopped', async () => {
    await env.apply(destination('stopped', '  paused: true\n'));
    const address = await addressOf('stopped');
    await env.apply(source('to-stopped', 'good-key', address, 'one'));
    const rs = await failedSource('to-stopped');
    assert.match(
      conditionOf(rs)?.message ?? '',
      new RegExp(`^cannot connect to the destination ${address.replaceAll('.', '\\.')}:8000 \\(.*Connection refused.*\\): check that its ReplicationDestination exists and is running`),
    );
    assert.equal((await warnings(SRC, 'to-stopped'))[0]?.reason, 'TransferFailed');
    await env.client.delete(REPLICATION_SOURCES, 'to-stopped', { namespace: SRC });
  });

  it('reports a destination too small on both sides, and the destination keeps its last good snapshot', async () => {
    const bulk = path.join(await env.volumePath(SRC, 'data'), 'bulk');
    await mkdir(bulk);
    // Many files, so the transfer lasts longer than the embedded hub's periodic capacity check of
    // the destination volume (on a cluster the volume itself would refuse the writes at once).
    for (let i = 0; i < 6000; i++) await writeFile(path.join(bulk, `f${i}`), randomBytes(16 * 1024));
    await env.client.patch(REPLICATION_SOURCES, 'first', { spec: { trigger: { manual: 'big' } } }, { type: 'merge', namespace: SRC });
    const rd = await env.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      DST,
      'good',
      'the destination full',
      (o) => conditionOf(o)?.reason === 'Error',
      300_000,
    );
    assert.match(conditionOf(rd)?.message ?? '', /^the destination volume is full \(.*\); give the ReplicationDestination more room/);
    assert.equal(rd.status?.latestMoverStatus?.result, 'Failed');
    assert.deepEqual(rd.status?.latestImage, goodImage);
    const rs = await failedSource('first');
    assert.match(conditionOf(rs)?.message ?? '', new RegExp(`the destination ${goodAddress.replaceAll('.', '\\.')}:8000`));
    assert.equal(rs.status?.latestMoverStatus?.result, 'Failed');
  });
});

describe('rsync-over-ssh failures', { skip: NEEDS_ROOT }, () => {
  it('rejects a key Secret without the fields of its side, naming them', async () => {
    await env.apply(`
apiVersion: v1
kind: Secret
metadata: {name: half-keys, namespace: ${SRC}}
stringData: {source: "x"}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: ssh-half, namespace: ${SRC}}
spec:
  sourcePVC: data
  trigger: {manual: one}
  rsync: {sshKeys: half-keys, address: 127.0.0.1, copyMethod: Direct}
`);
    const rs = await failedSource('ssh-half');
    assert.equal(conditionOf(rs)?.message, 'spec.rsync.sshKeys: Secret "half-keys" is missing field(s) source.pub, destination.pub (it needs source, source.pub, destination.pub)');
  });

  it('names the key Secret when the destination does not present its host key', async () => {
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: ssh-dest, namespace: ${DST}}
spec:
  rsync: {copyMethod: Direct, capacity: 20Mi, accessModes: [ReadWriteOnce]}
`);
    const rd = await env.waitForObject<ReplicationDestination>(
      REPLICATION_DESTINATIONS,
      DST,
      'ssh-dest',
      'the ssh destination address',
      (o) => !!o.status?.rsync?.address && !!o.status.rsync.sshKeys,
      60_000,
    );
    // Keys of another destination: valid, but not this one's.
    const other = await runTool('sh', ['-c', 'd=$(mktemp -d) && ssh-keygen -q -t rsa -b 2048 -f $d/k -C "" -N "" && base64 -w0 $d/k && echo && base64 -w0 $d/k.pub && rm -r $d'], {});
    const [priv, pub] = other.stdout.trim().split('\n');
    await env.apply(`
apiVersion: v1
kind: Secret
metadata: {name: foreign-keys, namespace: ${SRC}}
data: {source: ${priv}, source.pub: ${pub}, destination.pub: ${pub}}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: ssh-foreign, namespace: ${SRC}}
spec:
  sourcePVC: data
  trigger: {manual: one}
  rsync: {sshKeys: foreign-keys, address: ${rd.status?.rsync?.address}, copyMethod: Direct}
`);
    const rs = await failedSource('ssh-foreign');
    assert.match(conditionOf(rs)?.message ?? '', /^the destination \S+:22 did not present the host key in Secret "foreign-keys" \(destination\.pub\)/);
    assert.equal((await warnings(SRC, 'ssh-foreign'))[0]?.reason, 'TransferFailed');
  });
});
