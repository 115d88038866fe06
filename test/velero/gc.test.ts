// Garbage collection of expired Backups (spec/velero.md §6.3): a DeleteBackupRequest exactly as
// Velero creates it, once per period of the injected clock, and the gc-failure label when the
// storage location forbids deletion.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKUP_STORAGE_LOCATIONS, BACKUPS, DELETE_BACKUP_REQUESTS, FS_PROVIDER, type Backup, type DeleteBackupRequest } from '../../src/api/velero/index.js';
import { Manager } from '../../src/kube/runtime/manager.js';
import { GcBlockedError, GcReconciler, gcController } from '../../src/local/velero/gc/index.js';
import { createLocation, reconcileContext, startHub, TestClock, testLog, VELERO_NS, waitFor, type HubWithStorage } from '../support/index.js';
import { completedBackup, createBackupObject } from './backup-fixtures.js';

const HOUR = 3_600_000;

describe('GC controller', () => {
  let hub: HubWithStorage;
  const reconciler = new GcReconciler({ log: testLog() });

  before(async () => {
    hub = await startHub({ clock: new TestClock('2026-05-01T10:00:30Z'), location: {} });
  });
  after(async () => {
    await hub?.teardown();
  });

  function reconcile(name: string) {
    return reconciler.reconcile({ namespace: VELERO_NS, name }, reconcileContext(hub.client, hub.clock));
  }
  async function requestsFor(backup: string): Promise<DeleteBackupRequest[]> {
    const list = await hub.client.list<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, { namespace: VELERO_NS });
    return list.items.filter((r) => r.spec?.backupName === backup);
  }
  function getBackup(name: string): Promise<Backup> {
    return hub.client.get<Backup>(BACKUPS, name, { namespace: VELERO_NS });
  }

  it('asks for the deletion of an expired backup, once, with Velero’s name and labels', async () => {
    hub.clock.set('2026-05-01T10:00:00Z');
    const start = Date.parse('2026-04-01T10:00:00Z');
    await createBackupObject(hub.client, completedBackup('old', start, { ttlMs: 24 * HOUR }));
    await createBackupObject(hub.client, completedBackup('fresh', Date.parse('2026-05-01T09:00:00Z'), { ttlMs: 24 * HOUR }));

    assert.deepEqual(await reconcile('fresh'), { requeueAfterMs: HOUR });
    assert.deepEqual(await requestsFor('fresh'), []);

    assert.deepEqual(await reconcile('old'), { requeueAfterMs: HOUR });
    const old = await getBackup('old');
    const [request, ...more] = await requestsFor('old');
    assert.equal(more.length, 0);
    assert.equal(request.metadata.generateName, 'old-');
    assert.match(request.metadata.name ?? '', /^old-[a-z0-9]{5}$/);
    assert.deepEqual(request.metadata.labels, { 'velero.io/backup-name': 'old', 'velero.io/backup-uid': old.metadata.uid });
    assert.deepEqual(request.spec, { backupName: 'old' });

    // Still New: no second request.
    await reconcile('old');
    assert.equal((await requestsFor('old')).length, 1);
    // Once that one is Processed (e.g. it failed), a new one is made.
    await hub.client.patch(
      DELETE_BACKUP_REQUESTS,
      request.metadata.name ?? '',
      { status: { phase: 'Processed', errors: ['boom'] } },
      { type: 'merge', namespace: VELERO_NS },
    );
    await reconcile('old');
    assert.equal((await requestsFor('old')).length, 2);
  });

  it('labels backups it cannot collect, and retries while the location is unusable', async () => {
    hub.clock.set('2026-05-01T10:00:00Z');
    const expired = Date.parse('2026-04-01T10:00:00Z');
    await createLocation(hub.client, 'archive', { provider: FS_PROVIDER, objectStorage: { bucket: hub.location.dir }, accessMode: 'ReadOnly' });
    await createBackupObject(hub.client, completedBackup('kept', expired, { location: 'archive', ttlMs: HOUR }));
    assert.deepEqual(await reconcile('kept'), { requeueAfterMs: HOUR });
    assert.equal((await getBackup('kept')).metadata.labels?.['velero.io/gc-failure'], 'BSLReadOnly');
    assert.deepEqual(await requestsFor('kept'), []);

    await createBackupObject(hub.client, completedBackup('lost', expired, { location: 'nowhere', ttlMs: HOUR }));
    await assert.rejects(
      reconcile('lost'),
      (err: unknown) => err instanceof GcBlockedError && /error getting backup storage location: .*"nowhere" not found/.test(err.message),
    );
    assert.equal((await getBackup('lost')).metadata.labels?.['velero.io/gc-failure'], 'BSLNotFound');

    // The location appears but is Unavailable: retried, nothing requested.
    await createLocation(hub.client, 'nowhere', { provider: FS_PROVIDER, objectStorage: { bucket: hub.location.dir } }, 'Unavailable');
    await assert.rejects(reconcile('lost'), /because BSL nowhere is unavailable/);
    assert.deepEqual(await requestsFor('lost'), []);

    // Usable again: the label goes and the request is made.
    await hub.client.patch(BACKUP_STORAGE_LOCATIONS, 'nowhere', { status: { phase: 'Available' } }, { type: 'merge', namespace: VELERO_NS });
    await reconcile('lost');
    assert.equal((await getBackup('lost')).metadata.labels?.['velero.io/gc-failure'], undefined);
    assert.equal((await requestsFor('lost')).length, 1);
  });

  it('runs under the Manager every period of the injected clock', async () => {
    hub.clock.set('2026-05-02T10:00:00Z');
    const manager = new Manager({ client: hub.client, clock: hub.clock, log: testLog(), defaultMetrics: false });
    manager.add(gcController({ namespace: VELERO_NS, log: testLog(), frequencyMs: HOUR }));
    // Expires at 11:30: not at the 11:00 pass, at the 12:00 one.
    await createBackupObject(hub.client, completedBackup('later', Date.parse('2026-05-01T11:30:00Z'), { ttlMs: 24 * HOUR }));
    await manager.start();
    try {
      hub.clock.set('2026-05-02T11:00:00Z');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(await requestsFor('later'), []);
      hub.clock.set('2026-05-02T12:00:00Z');
      await waitFor('the request made at the 12:00 pass', async () => (await requestsFor('later')).length === 1, 10_000);
    } finally {
      await manager.stop();
    }
  });
});
