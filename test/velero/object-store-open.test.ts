// openObjectStore: from a BackupStorageLocation and its credential Secret, in a real embedded hub,
// to a working store — and clear, secret-free errors when the BSL or Secret is wrong.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { KubeClient } from '../../src/kube/index.js';
import type { BackupStorageLocation, BackupStorageLocationSpec } from '../../src/api/velero/index.js';
import { openObjectStore, StorageLocationError, type OpenedObjectStore } from '../../src/local/velero/object-store/open-store.js';
import { S3ObjectStore } from '../../src/local/velero/object-store/s3-store.js';
import { readObjectText } from '../../src/local/velero/object-store/read-object.js';
import { S3RVER_CREDENTIALS, startHub, startS3rver, tempDir, type S3rverEnv, type TestHub } from '../support/index.js';
import { SECRETS } from '../../src/kube/index.js';

const NAMESPACE = 'velero';
const WRONG_SECRET_VALUE = 'not-the-real-secret-value-42';

function bsl(name: string, spec: BackupStorageLocationSpec): BackupStorageLocation {
  return { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation', metadata: { name, namespace: NAMESPACE }, spec };
}

function ini(accessKeyId: string, secretAccessKey: string, profile = 'default'): string {
  return `[${profile}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key=${secretAccessKey}\n`;
}

async function createSecret(client: KubeClient, name: string, data: Record<string, string>): Promise<void> {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  await client.create(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NAMESPACE }, type: 'Opaque', data: encoded } as never);
}

async function expectLocationError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StorageLocationError, `expected StorageLocationError, got ${String(err)}`);
    assert.match(err.message, pattern);
    assert.doesNotMatch(err.message, /S3RVER|not-the-real-secret/);
    return true;
  });
}

describe('openObjectStore', () => {
  let env: TestHub;
  let client: KubeClient;
  let s3: S3rverEnv;
  let dir: string;
  const opened: OpenedObjectStore[] = [];

  before(async () => {
    env = await startHub({ namespaces: [NAMESPACE] });
    client = env.client;
    s3 = await startS3rver(['velero-bucket']);
    dir = await tempDir('open-store');
    await createSecret(client, 'cloud-credentials', {
      cloud: ini(S3RVER_CREDENTIALS.accessKeyId, S3RVER_CREDENTIALS.secretAccessKey),
      profiled: `# other tools' profiles\n[other]\naws_access_key_id=X\naws_secret_access_key=Y\n\n${ini(S3RVER_CREDENTIALS.accessKeyId, S3RVER_CREDENTIALS.secretAccessKey, 'hub')}`,
      wrong: ini('LIFEBOATWRONGKEY', WRONG_SECRET_VALUE),
      garbage: `aws_secret_access_key=${WRONG_SECRET_VALUE}`,
    });
  });

  after(async () => {
    for (const store of opened) store.close();
    await s3?.close();
    await env?.teardown();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const s3Spec = (extra: Partial<BackupStorageLocationSpec> = {}, config: Record<string, string> = {}): BackupStorageLocationSpec => ({
    provider: 'aws',
    objectStorage: { bucket: 'velero-bucket', prefix: 'hub-a' },
    config: { region: 'minio', s3ForcePathStyle: 'true', s3Url: s3.endpoint, ...config },
    credential: { name: 'cloud-credentials', key: 'cloud' },
    ...extra,
  });

  it('opens an S3 store from an aws BSL with its credential Secret, under the prefix', async () => {
    const store = await openObjectStore(bsl('default', s3Spec()), client);
    opened.push(store);
    assert.ok(store instanceof S3ObjectStore);
    assert.match(store.description, /s3:\/\/velero-bucket\/hub-a\//);
    await store.put('backups/b1/velero-backup.json', '{"kind":"Backup"}');
    assert.equal(await readObjectText(store, 'backups/b1/velero-backup.json'), '{"kind":"Backup"}');

    const bucketRoot = new S3ObjectStore({
      bucket: 'velero-bucket',
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    opened.push(bucketRoot);
    assert.equal(await bucketRoot.exists('hub-a/backups/b1/velero-backup.json'), true);
  });

  it('reads the profile named by config.profile', async () => {
    const store = await openObjectStore(bsl('profiled', s3Spec({ credential: { name: 'cloud-credentials', key: 'profiled' } }, { profile: 'hub' })), client);
    opened.push(store);
    assert.deepEqual(await store.listPrefixes(''), ['backups']);
  });

  it('opens a directory store for provider lifeboat.io/fs and local, under the prefix', async () => {
    for (const provider of ['lifeboat.io/fs', 'local']) {
      const store = await openObjectStore(bsl('fs', { provider, objectStorage: { bucket: dir, prefix: `/${provider.replace(/\W/g, '')}/` } }), client);
      opened.push(store);
      await store.put('backups/b1/velero-backup.json', provider);
      const file = path.join(dir, provider.replace(/\W/g, ''), 'backups/b1/velero-backup.json');
      assert.equal(await readFile(file, 'utf8'), provider);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
    }
  });

  it('names the BSL and the missing key when the credential key is wrong', async () => {
    await expectLocationError(
      openObjectStore(bsl('default', s3Spec({ credential: { name: 'cloud-credentials', key: 'credentials' } })), client),
      /^BackupStorageLocation "default": spec\.credential: secret "cloud-credentials" has no key "credentials"$/,
    );
  });

  it('names a missing Secret', async () => {
    await expectLocationError(
      openObjectStore(bsl('default', s3Spec({ credential: { name: 'nope', key: 'cloud' } })), client),
      /secret "nope" not found in namespace "velero"/,
    );
  });

  it('rejects a Secret without a usable profile without echoing its content', async () => {
    await expectLocationError(
      openObjectStore(bsl('default', s3Spec({ credential: { name: 'cloud-credentials', key: 'garbage' } })), client),
      /key "garbage" of secret "cloud-credentials" has no profile \[default\] with aws_access_key_id and aws_secret_access_key/,
    );
  });

  it('fails operations with wrong credentials with an error that holds no secret', async () => {
    const store = await openObjectStore(bsl('default', s3Spec({ credential: { name: 'cloud-credentials', key: 'wrong' } })), client);
    opened.push(store);
    await assert.rejects(store.listPrefixes(''), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, /InvalidAccessKeyId|SignatureDoesNotMatch/);
      assert.match(err.message, new RegExp(`at ${s3.endpoint.replace(/[.]/g, '\\.')}`));
      assert.doesNotMatch(err.message, /not-the-real-secret|S3RVER/);
      return true;
    });
  });

  it('applies Velero’s bucket and caCert rules and rejects unknown providers', async () => {
    await expectLocationError(
      openObjectStore(bsl('default', s3Spec({ objectStorage: { bucket: 'bucket/with/prefix' } })), client),
      /backup storage location's bucket name "bucket\/with\/prefix" must not contain a '\/' \(if using a prefix, put it in the 'Prefix' field instead\)/,
    );
    await expectLocationError(
      openObjectStore(bsl('default', s3Spec({ objectStorage: { bucket: 'b', caCert: 'eA==', caCertRef: { name: 'ca', key: 'ca.crt' } } })), client),
      /cannot specify both caCert and caCertRef in objectStorage/,
    );
    await expectLocationError(
      openObjectStore(bsl('gcp', { provider: 'gcp', objectStorage: { bucket: 'b' } }), client),
      /^BackupStorageLocation "gcp": unsupported provider "gcp"/,
    );
    await expectLocationError(
      openObjectStore(bsl('rel', { provider: 'lifeboat.io/fs', objectStorage: { bucket: 'relative/dir' } }), client),
      /must be an absolute directory path/,
    );
    await expectLocationError(
      openObjectStore(bsl('dots', { provider: 'lifeboat.io/fs', objectStorage: { bucket: dir, prefix: '../escape' } }), client),
      /must not contain "\." or "\.\." segments/,
    );
  });
});
