// The velero.io CRDs: accepted by the embedded hub as kube-apiserver would, in sync with the code,
// printing Velero's columns, enforcing phase enums, and keeping status on the main resource.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { KubeApiError, KubeClient } from '../../src/kube/index.js';
import { veleroCrds } from '../../src/api/velero/crds.js';
import { DEPLOY_CRDS_DIR } from '../../src/api/deploy-crds.js';
import { BACKUPS, BACKUP_STORAGE_LOCATIONS, SCHEDULES, type Backup, type BackupStorageLocation } from '../../src/api/velero/index.js';
import { startHub, waitFor, type TestHub } from '../support/index.js';

const NS = 'velero';
const VELERO_CRD_DIR = path.join(DEPLOY_CRDS_DIR, 'velero');

describe('velero.io CRDs', () => {
  let env: TestHub;
  let client: KubeClient;

  before(async () => {
    env = await startHub({ namespaces: [NS] });
    client = env.client;
  });
  after(async () => {
    await env?.teardown();
  });

  it('are all accepted by the hub with kubectl apply -f deploy/crds/velero/ and become Established', async () => {
    const res = await env.kubectl(['apply', '-f', VELERO_CRD_DIR]);
    assert.equal(res.code, 0, res.stderr);
    for (const crd of veleroCrds()) {
      assert.match(res.stdout, new RegExp(`customresourcedefinition.apiextensions.k8s.io/${crd.metadata.name.replace(/\./g, '\\.')} created`));
    }
    const wait = await env.kubectl(['wait', '--for=condition=Established', '--timeout=30s', ...veleroCrds().map((c) => `crd/${c.metadata.name}`)]);
    assert.equal(wait.code, 0, wait.stderr);
    const again = await env.kubectl(['apply', '-f', VELERO_CRD_DIR]);
    assert.equal(again.code, 0, again.stderr);
  });

  it('uses Velero short names and serves every kind', async () => {
    const res = await env.kubectl(['api-resources', '--api-group=velero.io', '-o', 'wide']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /backupstoragelocations\s+bsl\s+velero\.io\/v1\s+true\s+BackupStorageLocation/);
    assert.match(res.stdout, /volumesnapshotlocations\s+vsl\s+velero\.io\/v1\s+true\s+VolumeSnapshotLocation/);
    for (const kind of [
      'Backup',
      'Restore',
      'Schedule',
      'DeleteBackupRequest',
      'PodVolumeBackup',
      'PodVolumeRestore',
      'DownloadRequest',
      'ServerStatusRequest',
    ]) {
      assert.match(res.stdout, new RegExp(`\\s${kind}\\s`), kind);
    }
    const bsl = await env.kubectl(['get', 'bsl', '-n', NS]);
    assert.equal(bsl.code, 0, bsl.stderr);
  });

  it('keeps a status sent with create and lets a merge patch on the main resource change it', async () => {
    const backup: Backup = {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name: 'acm-credentials-schedule-20240501120000', namespace: NS, labels: { 'velero.io/storage-location': 'default' } },
      spec: {
        storageLocation: 'default',
        ttl: '720h0m0s',
        hooks: {},
        metadata: {},
        includedNamespaces: ['*'],
        labelSelector: { matchExpressions: [{ key: 'cluster.open-cluster-management.io/backup', operator: 'Exists' }] },
      },
      status: {
        version: 1,
        formatVersion: '1.1.0',
        phase: 'Completed',
        startTimestamp: '2024-05-01T12:00:03Z',
        completionTimestamp: '2024-05-01T12:00:09Z',
        expiration: '2099-05-31T12:00:03Z',
        errors: 0,
        warnings: 2,
        progress: { totalItems: 10, itemsBackedUp: 10 },
        hookStatus: {},
      },
    };
    const created = await client.create<Backup>(BACKUPS, backup);
    assert.equal(created.status?.phase, 'Completed');
    assert.deepEqual(created.spec?.hooks, {});
    assert.deepEqual(created.spec?.metadata, {});
    const patched = await client.patch<Backup>(
      BACKUPS,
      backup.metadata.name!,
      { status: { phase: 'PartiallyFailed', errors: 1 } },
      { namespace: NS, type: 'merge' },
    );
    assert.equal(patched.status?.phase, 'PartiallyFailed');
    assert.equal(patched.status?.errors, 1);
    assert.equal(patched.status?.warnings, 2);
  });

  it('shows velero get backups columns in kubectl get backups', async () => {
    const res = await env.kubectl(['get', 'backups', '-n', NS]);
    assert.equal(res.code, 0, res.stderr);
    const [header, row] = res.stdout.trim().split('\n');
    assert.match(header!, /^NAME\s+STATUS\s+ERRORS\s+WARNINGS\s+CREATED\s+EXPIRES\s+STORAGE LOCATION\s+AGE$/);
    assert.match(row!, /^acm-credentials-schedule-20240501120000\s+PartiallyFailed\s+1\s+2\s+\S+\s+2099-05-31T12:00:03Z\s+default\s+\S+$/);
    const wide = await env.kubectl(['get', 'backups', '-n', NS, '-o', 'wide']);
    assert.match(wide.stdout.split('\n')[0]!, /SELECTOR/);
    assert.match(wide.stdout, /cluster\.open-cluster-management\.io\/backup/);
  });

  it('shows Phase / Last Validated / Age / Default for BSLs and Status / Schedule for schedules', async () => {
    const bsl: BackupStorageLocation = {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: 'default', namespace: NS },
      spec: {
        provider: 'aws',
        objectStorage: { bucket: 'b', prefix: 'hub' },
        config: { region: 'us-east-1' },
        default: true,
        credential: { name: 'cloud-credentials', key: 'cloud' },
      },
      status: { phase: 'Available', lastValidationTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
    };
    await client.create(BACKUP_STORAGE_LOCATIONS, bsl);
    const res = await env.kubectl(['get', 'bsl', '-n', NS]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^NAME\s+PHASE\s+LAST VALIDATED\s+AGE\s+DEFAULT\ndefault\s+Available\s+\S+\s+\S+\s+true$/m);

    await client.create(SCHEDULES, {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: 'acm-resources-schedule', namespace: NS },
      spec: { schedule: '0 */1 * * *', template: { ttl: '120h0m0s', includeClusterResources: true }, paused: false },
    });
    const sched = await env.kubectl(['get', 'schedules', '-n', NS]);
    assert.match(sched.stdout, /NAME\s+STATUS\s+SCHEDULE\s+LASTBACKUP\s+AGE\s+PAUSED\nacm-resources-schedule\s+0 \*\/1 \* \* \*\s+\S+\s+false/);
  });

  it('rejects a phase outside the enum with 422 Invalid', async () => {
    await assert.rejects(
      client.patch(BACKUPS, 'acm-credentials-schedule-20240501120000', { status: { phase: 'Exploded' } }, { namespace: NS, type: 'merge' }),
      (err: unknown) => {
        assert.ok(err instanceof KubeApiError);
        assert.equal(err.code, 422);
        assert.equal(err.reason, 'Invalid');
        assert.match(err.message, /status\.phase: Unsupported value: "Exploded"/);
        return true;
      },
    );
    const res = await env.kubectl(['apply', '-f', '-'], {
      input:
        'apiVersion: velero.io/v1\nkind: BackupStorageLocation\nmetadata: {name: broken, namespace: velero}\nspec: {provider: aws, objectStorage: {bucket: b}}\nstatus: {phase: Sideways}\n',
    });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /status\.phase: Unsupported value: "Sideways": supported values: "Available", "Unavailable"/);
  });

  it('requires what Velero requires', async () => {
    await assert.rejects(
      client.create(BACKUP_STORAGE_LOCATIONS, {
        apiVersion: 'velero.io/v1',
        kind: 'BackupStorageLocation',
        metadata: { name: 'nobucket', namespace: NS },
        spec: { provider: 'aws', objectStorage: {} },
      } as never),
      (err: unknown) => err instanceof KubeApiError && err.code === 422 && /spec\.objectStorage\.bucket: Required value/.test(err.message),
    );
    await assert.rejects(
      client.create(SCHEDULES, {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: { name: 'notemplate', namespace: NS },
        spec: { schedule: '@daily' },
      } as never),
      (err: unknown) => err instanceof KubeApiError && err.code === 422 && /spec\.template: Required value/.test(err.message),
    );
    // Leave nothing half-made behind for the next test's listing.
    await waitFor('only the default BSL', async () => (await client.list(BACKUP_STORAGE_LOCATIONS, { namespace: NS })).items.length === 1, 5_000);
  });
});
