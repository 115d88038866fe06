// Backup sync (spec/velero.md §6.5). Two embedded hubs share one storage directory, as an
// active–passive pair does: what hub A backs up appears on hub B, with its labels, and disappears
// from B once its files are gone. Then the rules for files placed by hand, one hub at a time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  BACKUP_STORAGE_LOCATIONS,
  BACKUPS,
  DELETE_BACKUP_REQUESTS,
  FS_PROVIDER,
  SCHEDULES,
  VELERO_API_VERSION,
  type Backup,
  type BackupStorageLocation,
  type Schedule,
} from '../../src/api/velero/index.js';
import { isNotFound, type KubeClient, type KubeObject } from '../../src/kube/index.js';
import { Manager } from '../../src/kube/runtime/manager.js';
import { BackupController } from '../../src/local/velero/backup/backup-controller.js';
import { backupContentsKey, backupMetadataKey } from '../../src/local/velero/layout.js';
import { deletionController } from '../../src/local/velero/deletion/index.js';
import { scheduleController } from '../../src/local/velero/schedule/index.js';
import { BackupSyncReconciler, backupSyncController } from '../../src/local/velero/sync/index.js';
import { createLocation, reconcileContext, startHub, TestClock, testLog, VELERO_NS, waitFor, type HubWithStorage } from '../support/index.js';
import { completedBackup, createBackupObject, placeBackupFiles, rfc3339 } from './backup-fixtures.js';
import { NAMESPACES, CONFIGMAPS } from '../../src/kube/index.js';

async function backupOrUndefined(client: KubeClient, name: string): Promise<Backup | undefined> {
  try {
    return await client.get<Backup>(BACKUPS, name, { namespace: VELERO_NS });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

describe('backup sync between two hubs sharing one storage directory', () => {
  const clock = new TestClock('2026-05-01T10:00:30Z');
  let a: HubWithStorage;
  let b: HubWithStorage;
  const managers: Manager[] = [];

  before(async () => {
    a = await startHub({ clock, location: {} });
    // Hub B calls the same storage location `shared`.
    b = await startHub({ clock, location: { dir: a.location.dir, name: 'shared' } });
  });
  after(async () => {
    for (const m of managers) await m.stop();
    await b?.teardown();
    await a?.teardown();
  });

  it('shows hub A’s scheduled backups on hub B with their labels, and drops them when their files are deleted', async () => {
    await a.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } });
    await a.client.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'app' },
      data: { mode: 'active' },
    } as KubeObject);

    const managerA = new Manager({ client: a.client, clock, log: testLog(), defaultMetrics: false });
    managerA.add(scheduleController({ namespace: VELERO_NS, log: testLog() }));
    managerA.add(new BackupController(VELERO_NS, { log: testLog() }).controllerSpec());
    managerA.add(deletionController({ namespace: VELERO_NS, log: testLog() }));
    managerA.add(backupSyncController({ namespace: VELERO_NS, log: testLog() }));
    const managerB = new Manager({ client: b.client, clock, log: testLog(), defaultMetrics: false });
    managerB.add(backupSyncController({ namespace: VELERO_NS, log: testLog() }));
    managers.push(managerA, managerB);
    await managerA.start();
    await managerB.start();

    const schedule = await a.client.create<Schedule>(SCHEDULES, {
      apiVersion: VELERO_API_VERSION,
      kind: 'Schedule',
      metadata: { name: 'acm-resources-schedule', namespace: VELERO_NS, labels: { 'cluster.open-cluster-management.io/backup-schedule-type': 'resources' } },
      spec: {
        schedule: '*/5 * * * *',
        useOwnerReferencesInBackup: true,
        template: { includedNamespaces: ['app'], ttl: '720h0m0s', storageLocation: 'default' },
      },
    });
    await waitFor(
      'hub B’s first sync',
      async () =>
        (await b.client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'shared', { namespace: VELERO_NS })).status?.lastSyncedTime ===
        '2026-05-01T10:00:30Z',
      10_000,
    );

    // The 10:05 slot: hub A's schedule submits the backup and its engine writes it to storage.
    clock.set('2026-05-01T10:05:01Z');
    const name = 'acm-resources-schedule-20260501100501';
    await waitFor('hub A’s backup to complete', async () => (await backupOrUndefined(a.client, name))?.status?.phase === 'Completed', 20_000);
    assert.ok(existsSync(path.join(a.location.dir, 'backups', name, 'velero-backup.json')));
    const original = await backupOrUndefined(a.client, name);
    assert.deepEqual(
      original?.metadata.ownerReferences?.map((o) => o.uid),
      [schedule.metadata.uid],
    );

    // Hub B's next sync round, a minute later.
    clock.advance(60_000);
    const lastSynced = async (): Promise<string | null | undefined> =>
      (await b.client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'shared', { namespace: VELERO_NS })).status?.lastSyncedTime;
    await waitFor('hub B’s 10:06 sync round', async () => (await lastSynced()) === '2026-05-01T10:06:01Z', 10_000);
    assert.ok(await backupOrUndefined(b.client, name), 'the backup appears on hub B');
    const synced = await backupOrUndefined(b.client, name);
    assert.deepEqual(synced?.metadata.labels, {
      'cluster.open-cluster-management.io/backup-schedule-type': 'resources',
      'velero.io/schedule-name': 'acm-resources-schedule',
      'velero.io/storage-location': 'shared',
    });
    assert.equal(synced?.spec?.storageLocation, 'shared', 'the location is renamed to hub B’s own');
    assert.deepEqual(synced?.spec?.includedNamespaces, ['app']);
    assert.equal(synced?.metadata.ownerReferences, undefined, 'hub B has no such schedule: the owner is dropped');
    assert.notEqual(synced?.metadata.uid, original?.metadata.uid);
    assert.equal(synced?.status?.phase, 'Completed');
    assert.equal(synced?.status?.startTimestamp, original?.status?.startTimestamp);
    assert.equal(synced?.status?.expiration, original?.status?.expiration);
    assert.deepEqual(synced?.status?.progress, original?.status?.progress);

    // `velero backup delete` on hub A: its files go, and with them hub B's copy at the next round.
    await a.client.create(DELETE_BACKUP_REQUESTS, {
      apiVersion: VELERO_API_VERSION,
      kind: 'DeleteBackupRequest',
      metadata: { generateName: `${name}-`, namespace: VELERO_NS },
      spec: { backupName: name },
    } as KubeObject);
    await waitFor(
      'hub A to delete the backup',
      async () => !existsSync(path.join(a.location.dir, 'backups', name)) && (await backupOrUndefined(a.client, name)) === undefined,
      10_000,
    );
    assert.ok(await backupOrUndefined(b.client, name), 'hub B keeps it until its next round');
    clock.advance(60_000);
    await waitFor('the backup to disappear from hub B', async () => (await backupOrUndefined(b.client, name)) === undefined, 10_000);
  });
});

describe('backup sync of files placed in storage', () => {
  let hub: HubWithStorage;
  const reconciler = new BackupSyncReconciler({ log: testLog() });
  const now = Date.parse('2026-05-01T10:00:30Z');

  before(async () => {
    hub = await startHub({ clock: new TestClock(now), location: { name: 'shared' } });
  });
  after(async () => {
    await hub?.teardown();
  });

  function reconcile(location = 'shared') {
    return reconciler.reconcile({ namespace: VELERO_NS, name: location }, reconcileContext(hub.client, hub.clock));
  }
  async function names(): Promise<string[]> {
    const list = await hub.client.list<Backup>(BACKUPS, { namespace: VELERO_NS });
    return list.items.map((item) => item.metadata.name ?? '').sort();
  }

  it('creates what storage holds, as Velero would, and removes only finished backups whose files are gone', async () => {
    const day = 24 * 3_600_000;
    // From another hub: another location name, a schedule owner that does not exist here.
    const placed = completedBackup('acm-credentials-schedule-20260430100000', now - day, {
      location: 'default',
      labels: { 'velero.io/schedule-name': 'acm-credentials-schedule', team: 'blue' },
    });
    placed.metadata.uid = 'a6f2d7c0-0000-4000-8000-000000000001';
    placed.metadata.resourceVersion = '4711';
    placed.metadata.creationTimestamp = rfc3339(now - day);
    placed.metadata.ownerReferences = [
      { apiVersion: VELERO_API_VERSION, kind: 'Schedule', name: 'acm-credentials-schedule', uid: 'a6f2d7c0-0000-4000-8000-0000000000ff', controller: true },
    ];
    placed.metadata.annotations = { 'velero.io/source-cluster-k8s-gitversion': 'v1.29.5' };
    placed.metadata.generation = 3;
    placed.metadata.managedFields = [
      {
        manager: 'velero-server',
        operation: 'Update',
        apiVersion: 'velero.io/v1',
        time: rfc3339(now - day),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': { 'f:phase': {} } },
      },
    ];
    await placeBackupFiles(hub.location.store, placed);
    // Not finished yet and not expired: left for a later round. Finished never and expired: synced for GC.
    await placeBackupFiles(hub.location.store, completedBackup('finalizing-fresh', now - 60_000, { phase: 'Finalizing' }));
    await placeBackupFiles(hub.location.store, completedBackup('finalizing-expired', now - 2 * day, { phase: 'WaitingForPluginOperations', ttlMs: day }));
    // Contents without metadata (being written), and metadata that is not a Backup.
    await hub.location.store.put(backupContentsKey('half-written'), Buffer.from('x'));
    await hub.location.store.put(
      backupMetadataKey('not-a-backup'),
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-a-backup' } }),
    );
    // In the cluster without files: only the finished one of this location goes.
    await createBackupObject(hub.client, completedBackup('gone-completed', now - day, { location: 'shared' }));
    await createBackupObject(hub.client, completedBackup('gone-partially-failed', now - day, { location: 'shared', phase: 'PartiallyFailed' }));
    await createBackupObject(hub.client, completedBackup('gone-in-progress', now - 60_000, { location: 'shared', phase: 'InProgress' }));
    await createBackupObject(hub.client, completedBackup('gone-failed', now - day, { location: 'shared', phase: 'Failed' }));
    await createBackupObject(hub.client, completedBackup('gone-elsewhere', now - day, { location: 'elsewhere' }));

    assert.deepEqual(await reconcile(), { requeueAfterMs: 60_000 });
    assert.deepEqual(await names(), ['acm-credentials-schedule-20260430100000', 'finalizing-expired', 'gone-elsewhere', 'gone-failed', 'gone-in-progress']);

    const synced = await hub.client.get<Backup>(BACKUPS, 'acm-credentials-schedule-20260430100000', { namespace: VELERO_NS });
    assert.deepEqual(synced.metadata.labels, { 'velero.io/schedule-name': 'acm-credentials-schedule', team: 'blue', 'velero.io/storage-location': 'shared' });
    assert.equal(synced.metadata.annotations?.['velero.io/source-cluster-k8s-gitversion'], 'v1.29.5');
    assert.equal(synced.spec?.storageLocation, 'shared');
    assert.notEqual(synced.metadata.uid, placed.metadata.uid, 'the hub assigns its own uid');
    assert.equal(synced.metadata.creationTimestamp, '2026-05-01T10:00:30Z');
    assert.equal(synced.metadata.ownerReferences, undefined);
    assert.deepEqual(synced.status, placed.status, 'the whole status comes from the file');
    const expired = await hub.client.get<Backup>(BACKUPS, 'finalizing-expired', { namespace: VELERO_NS });
    assert.equal(expired.status?.phase, 'PartiallyFailed');
    const location = await hub.client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'shared', { namespace: VELERO_NS });
    assert.equal(location.status?.lastSyncedTime, '2026-05-01T10:00:30Z');

    // Within the period nothing happens; a Backup deleted by hand comes back at the next round.
    await hub.client.delete(BACKUPS, 'acm-credentials-schedule-20260430100000', { namespace: VELERO_NS });
    hub.clock.advance(30_000);
    assert.deepEqual(await reconcile(), { requeueAfterMs: 30_000 });
    assert.ok(!(await names()).includes('acm-credentials-schedule-20260430100000'));
    hub.clock.advance(30_000);
    await reconcile();
    assert.ok((await names()).includes('acm-credentials-schedule-20260430100000'));
  });

  it('keeps a synced backup’s owner when the schedule exists here with the same uid', async () => {
    const schedule = await hub.client.create<Schedule>(SCHEDULES, {
      apiVersion: VELERO_API_VERSION,
      kind: 'Schedule',
      metadata: { name: 'local-schedule', namespace: VELERO_NS },
      spec: { schedule: '@daily', paused: true, template: {} },
    });
    const owned = completedBackup('local-schedule-20260501000000', Date.parse('2026-05-01T00:00:00Z'));
    owned.metadata.ownerReferences = [
      { apiVersion: VELERO_API_VERSION, kind: 'Schedule', name: 'local-schedule', uid: schedule.metadata.uid ?? '', controller: true },
    ];
    await placeBackupFiles(hub.location.store, owned);
    hub.clock.advance(60_000);
    await reconcile();
    const synced = await hub.client.get<Backup>(BACKUPS, 'local-schedule-20260501000000', { namespace: VELERO_NS });
    assert.deepEqual(
      synced.metadata.ownerReferences?.map((o) => o.uid),
      [schedule.metadata.uid],
    );
  });

  it('does not sync a location that is Unavailable or whose sync period is 0', async () => {
    await createLocation(hub.client, 'down', { provider: FS_PROVIDER, objectStorage: { bucket: hub.location.dir } }, 'Unavailable');
    await createLocation(hub.client, 'manual', { provider: FS_PROVIDER, objectStorage: { bucket: hub.location.dir }, backupSyncPeriod: '0s' });
    await placeBackupFiles(hub.location.store, completedBackup('late-arrival', now));
    assert.deepEqual(await reconcile('down'), { requeueAfterMs: 60_000 });
    assert.equal(await reconcile('manual'), undefined);
    assert.ok(!(await names()).includes('late-arrival'));
    const down = await hub.client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'down', { namespace: VELERO_NS });
    assert.equal(down.status?.lastSyncedTime, undefined);

    // A ReadOnly location is synced like any other (restore-only hubs rely on it).
    await hub.client.patch(
      BACKUP_STORAGE_LOCATIONS,
      'shared',
      { spec: { accessMode: 'ReadOnly', backupSyncPeriod: '2m' } },
      { type: 'merge', namespace: VELERO_NS },
    );
    hub.clock.advance(120_000);
    assert.deepEqual(await reconcile(), { requeueAfterMs: 120_000 });
    assert.ok((await names()).includes('late-arrival'));
  });
});
