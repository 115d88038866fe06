// BackupStorageLocation validation against a real embedded hub, a real directory and a real
// S3-protocol server: phases, Velero's messages, timing of revalidation, events and recovery.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import type { KubeClient, KubeList } from '../../src/kube/index.js';
import { Manager } from '../../src/kube/runtime/manager.js';
import { KubeEventRecorder, EVENTS_V1, type EventV1 } from '../../src/kube/runtime/event-recorder.js';
import { BACKUP_STORAGE_LOCATIONS, type BackupStorageLocation, type BackupStorageLocationSpec } from '../../src/api/velero/index.js';
import { BslValidationReconciler, bslValidationController } from '../../src/local/velero/bsl/reconciler.js';
import { validateStorageLocation } from '../../src/local/velero/bsl/validate.js';
import { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { reconcileContext, S3RVER_CREDENTIALS, startHub, startS3rver, tempDir, TestClock, waitFor, type S3rverEnv, type TestHub } from '../support/index.js';
import { SECRETS } from '../../src/kube/index.js';

const NS = 'velero';
const SILENT = pino({ level: 'silent' });

function bslObject(name: string, spec: BackupStorageLocationSpec): BackupStorageLocation {
  return { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation', metadata: { name, namespace: NS }, spec };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('BackupStorageLocation validation', () => {
  let env: TestHub;
  let client: KubeClient;
  let s3: S3rverEnv;
  let root: string;

  const getBsl = (name: string): Promise<BackupStorageLocation> => client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, name, { namespace: NS });
  const eventsFor = async (name: string): Promise<EventV1[]> =>
    (await client.list<EventV1>(EVENTS_V1, { namespace: NS })).items.filter((e) => e.regarding.name === name && e.regarding.kind === 'BackupStorageLocation');

  before(async () => {
    env = await startHub({ crds: ['velero'], namespaces: [NS] });
    client = env.client;
    s3 = await startS3rver(['velero']);
    root = await tempDir('bsl');
    await client.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cloud-credentials', namespace: NS },
      data: {
        cloud: Buffer.from(
          `[default]\naws_access_key_id=${S3RVER_CREDENTIALS.accessKeyId}\naws_secret_access_key=${S3RVER_CREDENTIALS.secretAccessKey}\n`,
        ).toString('base64'),
      },
    } as never);
  });

  after(async () => {
    await s3?.close();
    await env?.teardown();
    if (root) await rm(root, { recursive: true, force: true });
  });

  describe('validateStorageLocation', () => {
    it('accepts Velero’s own top-level directories and plain files at the root', async () => {
      const dir = path.join(root, 'plain');
      const store = new FsObjectStore(dir);
      for (const top of ['backups', 'restores', 'restic', 'kopia', 'metadata', 'plugins']) await store.put(`${top}/x/y`, 'z');
      await store.put('README', 'files at the root are tolerated');
      assert.deepEqual(await validateStorageLocation(bslObject('plain', { provider: 'lifeboat.io/fs', objectStorage: { bucket: dir } }), store), {
        phase: 'Available',
        message: '',
      });
    });

    it('lists at most three invalid directories, as Velero does', async () => {
      const dir = path.join(root, 'many');
      const store = new FsObjectStore(dir);
      for (const top of ['backups', 'd', 'a', 'c', 'b']) await store.put(`${top}/file`, 'x');
      const bsl = bslObject('many', { provider: 'lifeboat.io/fs', objectStorage: { bucket: dir } });
      assert.deepEqual(await validateStorageLocation(bsl, store), {
        phase: 'Unavailable',
        message: 'BackupStorageLocation "many" is unavailable: Backup store contains 4 invalid top-level directories: [a b c ...]',
      });
      await store.delete('d/file');
      await store.delete('c/file');
      assert.equal(
        (await validateStorageLocation(bsl, store)).message,
        'BackupStorageLocation "many" is unavailable: Backup store contains invalid top-level directories: [a b]',
      );
    });

    it('rejects caCert together with caCertRef', async () => {
      const bsl = bslObject('ca', { provider: 'aws', objectStorage: { bucket: 'b', caCert: 'eA==', caCertRef: { name: 's', key: 'k' } } });
      assert.equal(
        (await validateStorageLocation(bsl, new FsObjectStore(path.join(root, 'ca')))).message,
        'BackupStorageLocation "ca" is unavailable: cannot specify both caCert and caCertRef in objectStorage',
      );
    });
  });

  describe('reconciler under the Manager', () => {
    let manager: Manager;

    before(async () => {
      manager = new Manager({ client, log: SILENT, defaultMetrics: false });
      manager.add(bslValidationController(NS, { log: SILENT }));
      await manager.start();
    });
    after(async () => {
      await manager?.stop();
    });

    it('marks a directory BSL Available, then Unavailable with Velero’s message for a stray folder, then Available again', async () => {
      const dir = path.join(root, 'fs-bsl');
      await mkdir(path.join(dir, 'backups', 'b1'), { recursive: true });
      await writeFile(path.join(dir, 'backups', 'b1', 'velero-backup.json'), '{}');
      await client.create(
        BACKUP_STORAGE_LOCATIONS,
        bslObject('fs', { provider: 'lifeboat.io/fs', objectStorage: { bucket: dir }, validationFrequency: '1s', default: true }),
      );

      await waitFor('fs BSL Available', async () => (await getBsl('fs')).status?.phase === 'Available', 15_000);
      const available = await getBsl('fs');
      assert.match(available.status?.lastValidationTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(available.status?.message, undefined);
      await waitFor(
        'Available event',
        async () => (await eventsFor('fs')).some((e) => e.reason === 'BackupStorageLocationAvailable' && e.type === 'Normal'),
        10_000,
      );

      await mkdir(path.join(dir, 'stray'));
      await writeFile(path.join(dir, 'stray', 'notes.txt'), 'not velero data');
      const expected = 'BackupStorageLocation "fs" is unavailable: Backup store contains invalid top-level directories: [stray]';
      await waitFor('fs BSL Unavailable', async () => (await getBsl('fs')).status?.phase === 'Unavailable', 15_000);
      assert.equal((await getBsl('fs')).status?.message, expected);
      await waitFor(
        'Unavailable event',
        async () => (await eventsFor('fs')).some((e) => e.reason === 'BackupStorageLocationUnavailable' && e.type === 'Warning' && e.note === expected),
        10_000,
      );

      await rm(path.join(dir, 'stray'), { recursive: true });
      await waitFor('fs BSL Available again', async () => (await getBsl('fs')).status?.phase === 'Available', 15_000);
      assert.equal((await getBsl('fs')).status?.message, undefined, 'the message is cleared on recovery');
      const kubectl = await env.kubectl(['get', 'bsl', 'fs', '-n', NS]);
      assert.match(kubectl.stdout, /fs\s+Available\s+\S+\s+\S+\s+true/);
    });

    it('marks an S3 BSL Available through its credential Secret', async () => {
      await client.create(
        BACKUP_STORAGE_LOCATIONS,
        bslObject('s3', {
          provider: 'aws',
          objectStorage: { bucket: 'velero', prefix: 'hub-1' },
          config: { region: 'minio', s3Url: s3.endpoint, s3ForcePathStyle: 'true' },
          credential: { name: 'cloud-credentials', key: 'cloud' },
        }),
      );
      await waitFor('s3 BSL Available', async () => (await getBsl('s3')).status?.phase === 'Available', 15_000);
    });

    it('marks an unreachable S3 endpoint Unavailable, naming the endpoint', async () => {
      const port = await closedPort();
      const endpoint = `http://127.0.0.1:${port}`;
      await client.create(
        BACKUP_STORAGE_LOCATIONS,
        bslObject('unreachable', {
          provider: 'aws',
          objectStorage: { bucket: 'velero' },
          config: { region: 'us-east-1', s3Url: endpoint, s3ForcePathStyle: 'true' },
          credential: { name: 'cloud-credentials', key: 'cloud' },
        }),
      );
      await waitFor('unreachable BSL Unavailable', async () => (await getBsl('unreachable')).status?.phase === 'Unavailable', 30_000);
      const message = (await getBsl('unreachable')).status?.message ?? '';
      assert.ok(message.startsWith('BackupStorageLocation "unreachable" is unavailable: '), message);
      assert.ok(message.includes(endpoint), message);
      assert.match(message, /ECONNREFUSED/);
      assert.doesNotMatch(message, /S3RVER/);
    });

    it('marks a BSL whose credential key does not exist Unavailable with a clear message', async () => {
      await client.create(
        BACKUP_STORAGE_LOCATIONS,
        bslObject('badkey', {
          provider: 'aws',
          objectStorage: { bucket: 'velero' },
          config: { region: 'us-east-1', s3Url: s3.endpoint, s3ForcePathStyle: 'true' },
          credential: { name: 'cloud-credentials', key: 'credentials' },
        }),
      );
      await waitFor('badkey BSL Unavailable', async () => (await getBsl('badkey')).status?.phase === 'Unavailable', 15_000);
      assert.equal(
        (await getBsl('badkey')).status?.message,
        'BackupStorageLocation "badkey" is unavailable: spec.credential: secret "cloud-credentials" has no key "credentials"',
      );
    });
  });

  describe('reconcile timing (driven directly, with a controlled clock)', () => {
    it('validates when never validated, waits out validationFrequency, and honours 0 as "once"', async () => {
      const clock = new TestClock('2030-01-01T00:00:00Z');
      const events = new KubeEventRecorder({ client, controller: 'bsl-validation', reportingInstance: 'test', clock, log: SILENT });
      const ctx = reconcileContext(client, clock, events);
      const reconciler = new BslValidationReconciler({ log: SILENT });
      const dir = path.join(root, 'timed');
      await client.create(BACKUP_STORAGE_LOCATIONS, bslObject('timed', { provider: 'local', objectStorage: { bucket: dir } }));

      assert.deepEqual(await reconciler.reconcile({ namespace: NS, name: 'timed' }, ctx), { requeueAfterMs: 60_000 }, 'default frequency is 1 minute');
      assert.equal((await getBsl('timed')).status?.lastValidationTime, '2030-01-01T00:00:00Z');

      clock.advance(20_000);
      assert.deepEqual(await reconciler.reconcile({ namespace: NS, name: 'timed' }, ctx), { requeueAfterMs: 40_000 }, 'not due yet');
      assert.equal((await getBsl('timed')).status?.lastValidationTime, '2030-01-01T00:00:00Z');

      clock.advance(40_000);
      assert.deepEqual(await reconciler.reconcile({ namespace: NS, name: 'timed' }, ctx), { requeueAfterMs: 60_000 });
      assert.equal((await getBsl('timed')).status?.lastValidationTime, '2030-01-01T00:01:00Z');

      await client.patch(BACKUP_STORAGE_LOCATIONS, 'timed', { spec: { validationFrequency: '0s' } }, { namespace: NS, type: 'merge' });
      clock.advance(3_600_000);
      assert.equal(await reconciler.reconcile({ namespace: NS, name: 'timed' }, ctx), undefined, 'validated before, and 0 disables periodic validation');
      assert.equal((await getBsl('timed')).status?.lastValidationTime, '2030-01-01T00:01:00Z');

      await client.patch(BACKUP_STORAGE_LOCATIONS, 'timed', { spec: { validationFrequency: '-5m' } }, { namespace: NS, type: 'merge' });
      assert.deepEqual(await reconciler.reconcile({ namespace: NS, name: 'timed' }, ctx), { requeueAfterMs: 60_000 }, 'negative means the default');

      assert.equal(await reconciler.reconcile({ namespace: NS, name: 'gone' }, ctx), undefined, 'a deleted BSL is nothing to do');
      await events.flush();
      const list: KubeList<EventV1> = await client.list<EventV1>(EVENTS_V1, { namespace: NS });
      assert.equal(list.items.filter((e) => e.regarding.name === 'timed').length, 1, 'one event: only the first transition');
    });
  });
});
