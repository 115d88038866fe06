// DeleteBackupRequests (spec/velero.md §6.4): New → InProgress → Processed; the Backup goes
// Deleting; its files go first, then the Restores made from it, then the Backup object; refusals
// and failures are reported in status.errors with Velero's messages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  BACKUPS,
  DELETE_BACKUP_REQUESTS,
  FS_PROVIDER,
  RESTORES,
  RESTORE_EXTERNAL_RESOURCES_FINALIZER,
  VELERO_API_VERSION,
  type Backup,
  type DeleteBackupRequest,
  type Restore,
} from '../../src/api/velero/index.js';
import { isNotFound, type KubeObject } from '../../src/kube/index.js';
import { DeletionReconciler } from '../../src/local/velero/deletion/index.js';
import { backupResourceListKey } from '../../src/local/velero/layout.js';
import { createLocation, reconcileContext, startHub, TestClock, testLog, VELERO_NS, type HubWithStorage } from '../support/index.js';
import { completedBackup, createBackupObject, placeBackupFiles } from './backup-fixtures.js';

describe('backup deletion controller', () => {
  let hub: HubWithStorage;
  const reconciler = new DeletionReconciler({ log: testLog() });

  before(async () => {
    hub = await startHub({ clock: new TestClock('2026-05-01T10:00:30Z'), location: {} });
  });
  after(async () => {
    await hub?.teardown();
  });

  function reconcile(name: string) {
    return reconciler.reconcile({ namespace: VELERO_NS, name }, reconcileContext(hub.client, hub.clock));
  }
  async function createRequest(name: string, backupName: string, labels?: Record<string, string>): Promise<DeleteBackupRequest> {
    return hub.client.create<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, {
      apiVersion: VELERO_API_VERSION,
      kind: 'DeleteBackupRequest',
      metadata: { name, namespace: VELERO_NS, ...(labels ? { labels } : {}) },
      spec: { backupName },
    });
  }
  async function getOrUndefined<T extends KubeObject>(target: typeof BACKUPS, name: string): Promise<T | undefined> {
    try {
      return await hub.client.get<T>(target, name, { namespace: VELERO_NS });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
  async function createRestore(name: string, backupName: string, finalizers?: string[]): Promise<void> {
    await hub.client.create<Restore>(RESTORES, {
      apiVersion: VELERO_API_VERSION,
      kind: 'Restore',
      metadata: { name, namespace: VELERO_NS, ...(finalizers ? { finalizers } : {}) },
      spec: { backupName },
    });
  }
  async function storedBackup(name: string, startIso: string): Promise<Backup> {
    const backup = completedBackup(name, Date.parse(startIso));
    await placeBackupFiles(hub.location.store, backup);
    await hub.location.store.put(backupResourceListKey(name), Buffer.from('{}'));
    return createBackupObject(hub.client, backup);
  }
  /** Collects the watch events of one kind, as `<TYPE> <name> <phase> [errors]`, until stopped. */
  function record(target: typeof BACKUPS) {
    const abort = new AbortController();
    const events: string[] = [];
    const done = (async () => {
      const list = await hub.client.list(target, { namespace: VELERO_NS });
      for await (const ev of hub.client.watch<KubeObject & { status?: { phase?: string; errors?: string[] } }>(target, {
        namespace: VELERO_NS,
        resourceVersion: list.metadata?.resourceVersion,
        signal: abort.signal,
      })) {
        if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
        const status = ev.object.status;
        events.push(`${ev.type} ${ev.object.metadata?.name} ${status?.phase ?? ''}${status?.errors ? ` ${JSON.stringify(status.errors)}` : ''}`.trim());
      }
    })().catch(() => undefined);
    return {
      events,
      async stop() {
        await new Promise((r) => setTimeout(r, 200));
        abort.abort();
        await done;
      },
    };
  }

  it('deletes the files, then the restores, then the Backup, and reports Processed', async () => {
    hub.clock.set('2026-05-01T10:00:00Z');
    const backup = await storedBackup('doomed', '2026-04-30T10:00:00Z');
    await storedBackup('survivor', '2026-04-30T11:00:00Z');
    await createRestore('from-doomed', 'doomed');
    await createRestore('from-survivor', 'survivor');
    await createRequest('doomed-older', 'doomed', { 'velero.io/backup-name': 'doomed' });
    await createRequest('doomed-now', 'doomed');

    const requests = record(DELETE_BACKUP_REQUESTS);
    const backups = record(BACKUPS);
    await new Promise((r) => setTimeout(r, 100));
    await reconcile('doomed-now');
    await requests.stop();
    await backups.stop();

    assert.deepEqual(requests.events, [
      'DELETED doomed-older',
      'MODIFIED doomed-now InProgress',
      'MODIFIED doomed-now Processed',
      'DELETED doomed-now Processed',
    ]);
    assert.deepEqual(backups.events, ['MODIFIED doomed Deleting', 'DELETED doomed Deleting']);
    assert.equal(existsSync(path.join(hub.location.dir, 'backups', 'doomed')), false, 'the whole backups/doomed/ prefix is gone');
    assert.equal(existsSync(path.join(hub.location.dir, 'backups', 'survivor', 'velero-backup.json')), true);
    assert.equal(await getOrUndefined(RESTORES, 'from-doomed'), undefined);
    assert.ok(await getOrUndefined(RESTORES, 'from-survivor'));
    assert.ok(backup.metadata.uid);
  });

  it('keeps the Backup when a restore of it cannot be removed, after its files are already gone', async () => {
    hub.clock.set('2026-05-01T11:00:00Z');
    await storedBackup('stuck', '2026-04-30T10:00:00Z');
    // A finalizer nobody removes (no restore controller runs here).
    await createRestore('from-stuck', 'stuck', [RESTORE_EXTERNAL_RESOURCES_FINALIZER]);
    await createRequest('stuck-1', 'stuck');

    let finished = false;
    const run = reconcile('stuck-1').finally(() => (finished = true));
    // Velero waits a minute for restores to go: move the clock while the reconcile polls.
    while (!finished) {
      await new Promise((r) => setTimeout(r, 5));
      hub.clock.advance(1000);
    }
    await run;

    const request = await getOrUndefined<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, 'stuck-1');
    assert.equal(request?.status?.phase, 'Processed');
    assert.deepEqual(request?.status?.errors, ['error deleting restore context deadline exceeded: context deadline exceeded']);
    const backup = await getOrUndefined<Backup>(BACKUPS, 'stuck');
    assert.equal(backup?.status?.phase, 'Deleting', 'the Backup stays, in phase Deleting');
    assert.equal(existsSync(path.join(hub.location.dir, 'backups', 'stuck')), false, 'its files were deleted first');
    assert.equal(request?.metadata.labels?.['velero.io/backup-uid'], backup?.metadata.uid);
    assert.equal(request?.metadata.labels?.['velero.io/backup-name'], 'stuck');
  });

  it('refuses with Velero’s messages, leaving backups and files alone', async () => {
    hub.clock.set('2026-05-01T12:00:00Z');
    await createRequest('ghost-1', 'ghost');
    await reconcile('ghost-1');
    let request = await getOrUndefined<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, 'ghost-1');
    assert.equal(request?.status?.phase, 'Processed');
    assert.deepEqual(request?.status?.errors, ['backup not found']);

    await createRequest('nameless', '');
    await reconcile('nameless');
    assert.deepEqual((await getOrUndefined<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, 'nameless'))?.status?.errors, ['spec.backupName is required']);

    const running = completedBackup('running', Date.parse('2026-05-01T11:59:00Z'), { phase: 'InProgress' });
    await createBackupObject(hub.client, running);
    await createRequest('running-1', 'running');
    await reconcile('running-1');
    assert.deepEqual((await getOrUndefined<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, 'running-1'))?.status?.errors, ['backup is still in progress']);

    await createLocation(hub.client, 'vault', { provider: FS_PROVIDER, objectStorage: { bucket: hub.location.dir }, accessMode: 'ReadOnly' });
    await createLocation(hub.client, 'offline', { provider: FS_PROVIDER, objectStorage: { bucket: hub.location.dir } }, 'Unavailable');
    for (const [backupName, location, message] of [
      ['in-vault', 'vault', 'cannot delete backup because backup storage location vault is currently in read-only mode'],
      ['in-offline', 'offline', 'cannot delete backup because backup storage location offline is currently in Unavailable state'],
      ['in-nowhere', 'nowhere', 'backup storage location nowhere not found'],
    ]) {
      const backup = completedBackup(backupName, Date.parse('2026-04-01T00:00:00Z'), { location });
      await placeBackupFiles(hub.location.store, backup);
      await createBackupObject(hub.client, backup);
      await createRequest(`${backupName}-1`, backupName);
      await reconcile(`${backupName}-1`);
      request = await getOrUndefined<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, `${backupName}-1`);
      assert.equal(request?.status?.phase, 'Processed');
      assert.deepEqual(request?.status?.errors, [message]);
      assert.equal((await getOrUndefined<Backup>(BACKUPS, backupName))?.status?.phase, 'Completed');
      assert.equal(existsSync(path.join(hub.location.dir, 'backups', backupName, 'velero-backup.json')), true);
    }

    // A processed request is kept for a day, then removed.
    assert.deepEqual(await reconcile('ghost-1'), { requeueAfterMs: 3_600_000 });
    hub.clock.advance(24 * 3_600_000);
    await reconcile('ghost-1');
    assert.equal(await getOrUndefined(DELETE_BACKUP_REQUESTS, 'ghost-1'), undefined);
  });

  it('finishes a request left InProgress by an interrupted run', async () => {
    hub.clock.set('2026-05-03T10:00:00Z');
    const backup = await storedBackup('halfway', '2026-05-02T10:00:00Z');
    await createRequest('halfway-1', 'halfway', { 'velero.io/backup-name': 'halfway', 'velero.io/backup-uid': backup.metadata.uid ?? '' });
    await hub.client.patch(DELETE_BACKUP_REQUESTS, 'halfway-1', { status: { phase: 'InProgress' } }, { type: 'merge', namespace: VELERO_NS });
    await hub.client.patch(BACKUPS, 'halfway', { status: { phase: 'Deleting' } }, { type: 'merge', namespace: VELERO_NS });
    await reconcile('halfway-1');
    assert.equal(await getOrUndefined(BACKUPS, 'halfway'), undefined);
    assert.equal(existsSync(path.join(hub.location.dir, 'backups', 'halfway')), false);
    assert.equal(await getOrUndefined(DELETE_BACKUP_REQUESTS, 'halfway-1'), undefined, 'a successful deletion removes its requests');
  });
});
