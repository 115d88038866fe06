// Velero Schedules on the embedded hub (spec/velero.md §1.6, §6.1): validation, backup names,
// labels and owners, one catch-up backup for missed slots, paused and skipImmediately, and
// requeues that follow an injected clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKUPS, LABEL_SCHEDULE_NAME, SCHEDULES, VELERO_API_VERSION, type Backup, type Schedule, type ScheduleSpec } from '../../src/api/velero/index.js';
import { isNotFound } from '../../src/kube/index.js';
import { Manager } from '../../src/kube/runtime/manager.js';
import { ScheduleReconciler, scheduleController } from '../../src/local/velero/schedule/index.js';
import { reconcileContext, startHub, TestClock, testLog, VELERO_NS, waitFor, type HubWithStorage } from '../support/index.js';

describe('Schedule controller', () => {
  let hub: HubWithStorage;
  const reconciler = new ScheduleReconciler({ log: testLog(), maxRequeueMs: Infinity });

  before(async () => {
    hub = await startHub({ clock: new TestClock('2026-05-01T10:00:30Z'), location: {} });
  });
  after(async () => {
    await hub?.teardown();
  });

  async function createSchedule(
    name: string,
    spec: ScheduleSpec,
    meta: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
  ): Promise<Schedule> {
    return hub.client.create<Schedule>(SCHEDULES, {
      apiVersion: VELERO_API_VERSION,
      kind: 'Schedule',
      metadata: { name, namespace: VELERO_NS, ...meta },
      spec,
    });
  }
  function getSchedule(name: string): Promise<Schedule> {
    return hub.client.get<Schedule>(SCHEDULES, name, { namespace: VELERO_NS });
  }
  function reconcile(name: string) {
    return reconciler.reconcile({ namespace: VELERO_NS, name }, reconcileContext(hub.client, hub.clock));
  }
  async function backupsOf(schedule: string): Promise<Backup[]> {
    const list = await hub.client.list<Backup>(BACKUPS, { namespace: VELERO_NS, labelSelector: `${LABEL_SCHEDULE_NAME}=${schedule}` });
    return list.items.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  }
  async function backupNames(schedule: string): Promise<string[]> {
    return (await backupsOf(schedule)).map((b) => b.metadata.name ?? '');
  }
  async function setBackupPhase(name: string, phase: string): Promise<void> {
    await hub.client.patch(BACKUPS, name, { status: { phase } }, { type: 'merge', namespace: VELERO_NS });
  }

  it('validates the cron expression with Velero’s messages, and clears them once it is fixed', async () => {
    hub.clock.set('2026-05-01T10:00:30Z');
    await createSchedule('broken', { schedule: '0 25 * * *', template: {} });
    assert.equal(await reconcile('broken'), undefined, 'an invalid schedule is not requeued');
    let schedule = await getSchedule('broken');
    assert.equal(schedule.status?.phase, 'FailedValidation');
    assert.deepEqual(schedule.status?.validationErrors, ['invalid schedule: end of range (25) above maximum (23): 25']);
    assert.equal(schedule.spec?.skipImmediately, false, 'an unset skipImmediately takes the server default');

    await createSchedule('empty', { schedule: '', template: {} });
    await reconcile('empty');
    assert.deepEqual((await getSchedule('empty')).status?.validationErrors, ['Schedule must be a non-empty valid Cron expression']);

    await createSchedule('six-fields', { schedule: '0 0 * * * *', template: {} });
    await reconcile('six-fields');
    assert.deepEqual((await getSchedule('six-fields')).status?.validationErrors, ['invalid schedule: expected exactly 5 fields, found 6: [0 0 * * * *]']);

    await hub.client.patch(SCHEDULES, 'broken', { spec: { schedule: 'CRON_TZ=Europe/Berlin 0 1 * * *' } }, { type: 'merge', namespace: VELERO_NS });
    const result = await reconcile('broken');
    schedule = await getSchedule('broken');
    assert.equal(schedule.status?.phase, 'Enabled');
    assert.equal(schedule.status?.validationErrors, undefined);
    // 01:00 in Berlin on 2 May is 23:00 UTC on 1 May.
    assert.deepEqual(result, { requeueAfterMs: Date.parse('2026-05-01T23:00:00Z') - Date.parse('2026-05-01T10:00:30Z') + 1 });
    assert.deepEqual(await backupNames('broken'), []);
  });

  it('does not validate its template: a TTL beyond Go’s range reaches the Backups, which fail validation (issue 13, finding 8)', async () => {
    hub.clock.set('2026-05-01T10:00:30Z');
    await createSchedule('overflowing', { schedule: '0 * * * *', template: { ttl: '2562048h' } });
    await reconcile('overflowing');
    assert.equal((await getSchedule('overflowing')).status?.phase, 'Enabled', 'as Velero: the schedule controller checks only the cron');
    hub.clock.set('2026-05-01T11:00:05Z');
    await reconcile('overflowing');
    const [backup] = await backupsOf('overflowing');
    assert.equal(backup.spec?.ttl, '2562048h', 'copied verbatim, for the backup controller to refuse');
    await hub.client.patch(SCHEDULES, 'overflowing', { spec: { paused: true } }, { type: 'merge', namespace: VELERO_NS });
  });

  it('submits <schedule>-<UTC timestamp> backups from the template, with the schedule’s labels, annotations and owner', async () => {
    hub.clock.set('2026-05-01T10:00:30Z');
    const schedule = await createSchedule(
      'nightly',
      { schedule: '0 * * * *', useOwnerReferencesInBackup: true, template: { ttl: '24h0m0s', storageLocation: 'default', includedNamespaces: ['app'] } },
      { labels: { team: 'blue' }, annotations: { 'example.com/note': 'hi' } },
    );
    // A new schedule does not back up at once: the first run is the first slot after creation.
    assert.deepEqual(await reconcile('nightly'), { requeueAfterMs: 59 * 60_000 + 30_000 + 1 });
    assert.equal((await getSchedule('nightly')).status?.phase, 'Enabled');
    assert.deepEqual(await backupNames('nightly'), []);

    // Due only once the clock is strictly past the slot.
    hub.clock.set('2026-05-01T11:00:00Z');
    assert.deepEqual(await reconcile('nightly'), { requeueAfterMs: 1 });
    assert.deepEqual(await backupNames('nightly'), []);

    hub.clock.set('2026-05-01T11:00:07Z');
    assert.deepEqual(await reconcile('nightly'), { requeueAfterMs: 59 * 60_000 + 53_000 + 1 });
    const [backup, ...others] = await backupsOf('nightly');
    assert.equal(others.length, 0);
    assert.equal(backup.metadata.name, 'nightly-20260501110007');
    assert.deepEqual(backup.metadata.labels, { team: 'blue', 'velero.io/schedule-name': 'nightly', 'velero.io/storage-location': 'default' });
    assert.equal(backup.metadata.annotations?.['example.com/note'], 'hi');
    assert.deepEqual(backup.metadata.ownerReferences, [
      { apiVersion: 'velero.io/v1', kind: 'Schedule', name: 'nightly', uid: schedule.metadata.uid, controller: true },
    ]);
    assert.equal(backup.spec?.ttl, '24h0m0s');
    assert.equal(backup.spec?.storageLocation, 'default');
    assert.deepEqual(backup.spec?.includedNamespaces, ['app']);
    assert.equal((await getSchedule('nightly')).status?.lastBackup, '2026-05-01T11:00:07Z');

    // Template labels replace the schedule's own; without useOwnerReferencesInBackup there is no owner.
    await createSchedule('gold', { schedule: '0 * * * *', template: { metadata: { labels: { tier: 'gold' } } } }, { labels: { team: 'blue' } });
    hub.clock.set('2026-05-01T12:00:01Z');
    await reconcile('gold');
    const [gold] = await backupsOf('gold');
    assert.equal(gold.metadata.name, 'gold-20260501120001');
    assert.deepEqual(gold.metadata.labels, { tier: 'gold', 'velero.io/schedule-name': 'gold' });
    assert.equal(gold.metadata.ownerReferences, undefined);
  });

  it('collapses missed slots into one catch-up backup and waits for an unfinished one', async () => {
    hub.clock.set('2026-05-02T00:00:30Z');
    await createSchedule('hourly', { schedule: '0 * * * *', template: {} });
    await reconcile('hourly');

    // Five slots (01:00 … 05:00) pass while nothing runs: one backup, then the cadence resumes.
    hub.clock.set('2026-05-02T05:17:00Z');
    assert.deepEqual(await reconcile('hourly'), { requeueAfterMs: 43 * 60_000 + 1 });
    assert.deepEqual(await reconcile('hourly'), { requeueAfterMs: 43 * 60_000 + 1 });
    assert.deepEqual(await backupNames('hourly'), ['hourly-20260502051700']);
    assert.equal((await getSchedule('hourly')).status?.lastBackup, '2026-05-02T05:17:00Z');

    // The backup has not started yet: no second one, look again in a minute.
    hub.clock.set('2026-05-02T06:00:01Z');
    assert.deepEqual(await reconcile('hourly'), { requeueAfterMs: 60_000 });
    await setBackupPhase('hourly-20260502051700', 'InProgress');
    assert.deepEqual(await reconcile('hourly'), { requeueAfterMs: 60_000 });
    assert.deepEqual(await backupNames('hourly'), ['hourly-20260502051700']);

    await setBackupPhase('hourly-20260502051700', 'Completed');
    await reconcile('hourly');
    assert.deepEqual(await backupNames('hourly'), ['hourly-20260502051700', 'hourly-20260502060001']);
  });

  it('leaves paused schedules alone; unpausing catches up unless skipImmediately is set', async () => {
    hub.clock.set('2026-05-03T00:00:10Z');
    await createSchedule('paused', { schedule: '0 * * * *', paused: true, template: {} });
    hub.clock.set('2026-05-03T03:30:00Z');
    assert.equal(await reconcile('paused'), undefined);
    const paused = await getSchedule('paused');
    assert.equal(paused.status?.phase, undefined, 'Velero does not touch a paused schedule at all');
    assert.equal(paused.spec?.skipImmediately, undefined);
    assert.deepEqual(await backupNames('paused'), []);

    await hub.client.patch(SCHEDULES, 'paused', { spec: { paused: false } }, { type: 'merge', namespace: VELERO_NS });
    await reconcile('paused');
    assert.deepEqual(await backupNames('paused'), ['paused-20260503033000'], 'unpausing an old schedule backs up at once');

    await createSchedule('quiet', { schedule: '0 * * * *', paused: true, template: {} });
    hub.clock.set('2026-05-03T06:10:00Z');
    await hub.client.patch(SCHEDULES, 'quiet', { spec: { paused: false, skipImmediately: true } }, { type: 'merge', namespace: VELERO_NS });
    assert.deepEqual(await reconcile('quiet'), { requeueAfterMs: 50 * 60_000 + 1 });
    const quiet = await getSchedule('quiet');
    assert.equal(quiet.status?.lastSkipped, '2026-05-03T06:10:00Z');
    assert.equal(quiet.spec?.skipImmediately, false, 'skipImmediately is one-shot');
    assert.deepEqual(await backupNames('quiet'), []);

    hub.clock.set('2026-05-03T07:00:05Z');
    await reconcile('quiet');
    assert.deepEqual(await backupNames('quiet'), ['quiet-20260503070005']);
  });

  it('runs under the Manager: each requeue wakes at the next slot of the injected clock', async () => {
    hub.clock.set('2026-05-04T10:10:00Z');
    // Earlier schedules would catch up under the Manager too; this test is about its own.
    for (const name of ['broken', 'empty', 'six-fields', 'nightly', 'gold', 'hourly', 'paused', 'quiet']) {
      await hub.client.delete(SCHEDULES, name, { namespace: VELERO_NS }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
    const manager = new Manager({ client: hub.client, clock: hub.clock, log: testLog(), defaultMetrics: false });
    manager.add(scheduleController({ namespace: VELERO_NS, log: testLog(), maxRequeueMs: Infinity }));
    await manager.start();
    try {
      await createSchedule('half-hourly', { schedule: '*/30 * * * *', template: { ttl: '1h0m0s' } });
      await waitFor('the schedule to be Enabled', async () => (await getSchedule('half-hourly')).status?.phase === 'Enabled', 10_000);
      assert.deepEqual(await backupNames('half-hourly'), []);

      hub.clock.set('2026-05-04T10:30:02Z');
      await waitFor('the 10:30 backup', async () => (await backupNames('half-hourly')).length === 1, 10_000);
      assert.deepEqual(await backupNames('half-hourly'), ['half-hourly-20260504103002']);
      await setBackupPhase('half-hourly-20260504103002', 'Completed');

      hub.clock.set('2026-05-04T11:00:02Z');
      await waitFor('the 11:00 backup', async () => (await backupNames('half-hourly')).length === 2, 10_000);
      assert.deepEqual(await backupNames('half-hourly'), ['half-hourly-20260504103002', 'half-hourly-20260504110002']);
      assert.equal((await getSchedule('half-hourly')).status?.lastBackup, '2026-05-04T11:00:02Z');
    } finally {
      await manager.stop();
    }
  });
});
