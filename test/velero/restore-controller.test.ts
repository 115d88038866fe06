// The restore controller under the real runtime Manager: a new Restore goes InProgress, runs and
// lands in its terminal phase with Events; deleting it removes its files from the storage
// location; an interrupted one is marked Failed at start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RESTORE_EXTERNAL_RESOURCES_FINALIZER, RESTORES, VELERO_API_VERSION, type Backup, type Restore } from '../../src/api/velero/index.js';
import { CONFIGMAPS, type KubeObject } from '../../src/kube/index.js';
import { EVENTS_V1, Manager, type EventV1 } from '../../src/kube/runtime/index.js';
import { failInterruptedRestores, INTERRUPTED_RESTORE_REASON, RestoreController } from '../../src/local/velero/restore/index.js';
import { startHub, testLog, VELERO_NS, waitFor, type TestHub } from '../support/index.js';
import { populateSource } from './restore-fixtures.js';
import { createRestoreObject, readRestoreFiles, registerBackup, tempStore, tryGet, type TempStore } from './restore-helpers.js';

describe('restore controller', () => {
  let shared: TempStore;
  let source: TestHub;
  let target: TestHub;
  let manager: Manager;
  let full: Backup;

  before(async () => {
    shared = await tempStore();
    source = await startHub({ location: { dir: shared.dir, default: true } });
    full = await populateSource(source, shared.store);
    target = await startHub({ location: { dir: shared.dir, default: true } });
    await registerBackup(target, full);
    manager = new Manager({ client: target.client, log: testLog(), defaultMetrics: false, shutdownTimeoutMs: 5000, abortGraceMs: 2000 });
    manager.add(new RestoreController(VELERO_NS, { log: testLog(), resourceTimeoutMs: 20_000 }).controllerSpec());
    await manager.start();
  });

  after(async () => {
    await manager?.stop();
    await target?.teardown();
    await source?.teardown();
    await shared?.remove();
  });

  async function restoreObject(name: string): Promise<Restore | undefined> {
    return tryGet<Restore & KubeObject>(target, RESTORES, name, VELERO_NS);
  }

  async function eventsFor(name: string): Promise<EventV1[]> {
    const out: EventV1[] = [];
    for await (const e of target.client.listAll<EventV1>(EVENTS_V1, { namespace: VELERO_NS }))
      if (e.regarding.name === name && e.regarding.kind === 'Restore') out.push(e);
    return out;
  }

  test("runs a new Restore to Completed, persisting Velero's spec mutations, counts and Events", async () => {
    await createRestoreObject(target, 'c-ok', { backupName: 'full', includedNamespaces: ['app1'] });
    await waitFor('restore c-ok to complete', async () => (await restoreObject('c-ok'))?.status?.phase === 'Completed', 30_000);
    const done = (await restoreObject('c-ok'))!;
    assert.ok(done.metadata.finalizers?.includes(RESTORE_EXTERNAL_RESOURCES_FINALIZER));
    assert.equal(done.spec?.itemOperationTimeout, '4h0m0s');
    assert.ok(done.spec?.excludedResources?.includes('restores.velero.io'));
    assert.ok(done.status?.startTimestamp && done.status.completionTimestamp);
    const files = await readRestoreFiles(shared.store, 'c-ok');
    const listed = Object.values(files.resourceList).flat().length;
    assert.deepEqual(done.status?.progress, { totalItems: listed, itemsRestored: listed });
    assert.ok((await tryGet(target, CONFIGMAPS, 'web-config', 'app1')) !== undefined);

    await waitFor('the RestoreCompleted event', async () => (await eventsFor('c-ok')).some((e) => e.reason === 'RestoreCompleted'), 10_000);
    const events = await eventsFor('c-ok');
    assert.ok(events.some((e) => e.reason === 'RestoreStarted' && e.type === 'Normal' && e.note === 'Restoring backup full'));
    assert.ok(events.some((e) => e.reason === 'RestoreCompleted' && e.note === `Restore completed: ${listed} items restored, 0 warnings`));

    // Deleting the Restore removes restores/c-ok/ from the storage location, never the restored objects.
    await target.client.delete(RESTORES, 'c-ok', { namespace: VELERO_NS });
    await waitFor('restore c-ok to be deleted', async () => (await restoreObject('c-ok')) === undefined, 20_000);
    const left: string[] = [];
    for await (const key of shared.store.list('restores/c-ok/')) left.push(key);
    assert.deepEqual(left, []);
    assert.ok((await tryGet(target, CONFIGMAPS, 'web-config', 'app1')) !== undefined);
  });

  test('records FailedValidation and Failed with their messages and Warning events', async () => {
    await createRestoreObject(target, 'c-invalid', { backupName: 'does-not-exist' });
    await waitFor('restore c-invalid to fail validation', async () => (await restoreObject('c-invalid'))?.status?.phase === 'FailedValidation', 20_000);
    const invalid = (await restoreObject('c-invalid'))!;
    assert.match(invalid.status?.validationErrors?.[0] ?? '', /^Error retrieving backup: can't find backup velero\/does-not-exist: /);
    assert.equal(invalid.status?.startTimestamp, undefined);
    await waitFor(
      'the RestoreFailedValidation event',
      async () => (await eventsFor('c-invalid')).some((e) => e.reason === 'RestoreFailedValidation' && e.type === 'Warning'),
      10_000,
    );

    await registerBackup(target, { ...full, metadata: { ...full.metadata, name: 'no-files' } });
    await createRestoreObject(target, 'c-failed', { backupName: 'no-files' });
    await waitFor('restore c-failed to fail', async () => (await restoreObject('c-failed'))?.status?.phase === 'Failed', 20_000);
    const failed = (await restoreObject('c-failed'))!;
    assert.equal(failed.status?.failureReason, 'error downloading backup: object "backups/no-files/no-files.tar.gz" not found');
    await waitFor(
      'the RestoreFailed event',
      async () => (await eventsFor('c-failed')).some((e) => e.reason === 'RestoreFailed' && e.note === `Restore failed: ${failed.status?.failureReason}`),
      10_000,
    );
  });

  test("failInterruptedRestores marks InProgress restores Failed with Velero's wording", async () => {
    const stuck: Restore = {
      apiVersion: VELERO_API_VERSION,
      kind: 'Restore',
      metadata: { name: 'c-stuck', namespace: VELERO_NS },
      spec: { backupName: 'full' },
      status: { phase: 'InProgress', startTimestamp: '2026-01-01T00:00:00Z' },
    };
    await target.client.create(RESTORES, stuck as Restore & KubeObject);
    assert.deepEqual(await failInterruptedRestores(target.client, VELERO_NS), ['c-stuck']);
    const marked = (await restoreObject('c-stuck'))!;
    assert.equal(marked.status?.phase, 'Failed');
    assert.equal(marked.status?.failureReason, INTERRUPTED_RESTORE_REASON);
    assert.equal(INTERRUPTED_RESTORE_REASON, 'found a restore with status "InProgress" during the server starting, mark it as "Failed"');
    assert.match(marked.status?.completionTimestamp ?? '', /Z$/);
    assert.deepEqual(await failInterruptedRestores(target.client, VELERO_NS), []);
  });
});
