// The replication state machine (volsync.md §4) driven pass by pass with a scripted mover and a
// controlled clock: what status, condition, requeue and metrics each pass produces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { ReplicationStatusCommon, Trigger } from '../../src/api/volsync/index.js';
import { VolSyncMetrics } from '../../src/volsync/metrics.js';
import type { Mover, MoverOutcome } from '../../src/volsync/mover.js';
import { currentState, runMachine } from '../../src/volsync/state-machine.js';

/** A mover whose answers the test sets; it records how often it was asked. */
class ScriptedMover implements Mover {
  readonly name = 'restic' as const;
  sync: MoverOutcome | Error = { completed: false };
  clean: MoverOutcome = { completed: true };
  calls = { sync: 0, clean: 0 };
  async synchronize(): Promise<MoverOutcome> {
    this.calls.sync++;
    if (this.sync instanceof Error) throw this.sync;
    return this.sync;
  }
  async cleanup(): Promise<MoverOutcome> {
    this.calls.clean++;
    return this.clean;
  }
}

function setup(trigger: Trigger | undefined, start = '2024-05-01T10:00:00Z') {
  const registry = new Registry();
  const metrics = new VolSyncMetrics(registry).of({ obj_name: 'rs', obj_namespace: 'ns', role: 'source', method: 'restic' });
  const status: ReplicationStatusCommon = {};
  const mover = new ScriptedMover();
  let now = new Date(start);
  const clock = {
    set(iso: string) {
      now = new Date(iso);
    },
  };
  const pass = () => runMachine({ status, trigger, mover, metrics, now: () => now });
  const metric = async (name: string) => (await registry.getSingleMetricAsString(name)).split('\n').filter((l) => !l.startsWith('#'));
  return { status, mover, clock, pass, metric };
}

const condition = (status: ReplicationStatusCommon) => {
  const c = status.conditions?.find((x) => x.type === 'Synchronizing');
  return c && { status: c.status, reason: c.reason, message: c.message };
};

describe('replication state machine', () => {
  it('starts a sync at creation, even with a schedule, and reports progress', async () => {
    const m = setup({ schedule: 'CRON_TZ=UTC */30 * * * *' });
    assert.equal(currentState(m.status), 'Initial');
    await m.pass();
    assert.equal(m.status.lastSyncStartTime, '2024-05-01T10:00:00Z');
    assert.deepEqual(condition(m.status), { status: 'True', reason: 'SyncInProgress', message: 'Synchronization in-progress' });
    assert.deepEqual(await m.metric('volsync_volume_out_of_sync'), [
      'volsync_volume_out_of_sync{obj_name="rs",obj_namespace="ns",role="source",method="restic"} 1',
    ]);
    const r = await m.pass();
    assert.equal(r.requeueAfterMs, 60_000);
    assert.equal(m.mover.calls.sync, 1);
  });

  it('shows a failed run as an Error condition without leaving Synchronizing', async () => {
    const m = setup(undefined);
    await m.pass();
    m.mover.sync = { completed: false, failure: 'the restic repository password is wrong', requeueAfterMs: 5000 };
    const r = await m.pass();
    assert.deepEqual(condition(m.status), { status: 'False', reason: 'Error', message: 'the restic repository password is wrong' });
    assert.equal(r.requeueAfterMs, 5000);
    assert.equal(currentState(m.status), 'Synchronizing');
  });

  it('records an error of the mover and rethrows it', async () => {
    const m = setup(undefined);
    await m.pass();
    m.mover.sync = new Error('secret is missing field: RESTIC_PASSWORD');
    await assert.rejects(m.pass(), /missing field/);
    assert.deepEqual(condition(m.status), { status: 'False', reason: 'Error', message: 'secret is missing field: RESTIC_PASSWORD' });
  });

  it('completes: times, Go duration, next slot from the completion time, metrics, then waits for the schedule', async () => {
    const m = setup({ schedule: 'CRON_TZ=UTC */30 * * * *' });
    await m.pass();
    m.mover.sync = { completed: true };
    m.clock.set('2024-05-01T10:31:33.5Z');
    await m.pass();
    assert.equal(m.status.lastSyncTime, '2024-05-01T10:31:33Z');
    assert.equal(m.status.lastSyncDuration, '31m33.5s');
    assert.equal(m.status.nextSyncTime, '2024-05-01T11:00:00Z');
    assert.equal(m.status.lastSyncStartTime, undefined);
    assert.deepEqual(condition(m.status), { status: 'False', reason: 'CleaningUp', message: 'Cleaning up' });
    assert.match((await m.metric('volsync_sync_duration_seconds')).join('\n'), /volsync_sync_duration_seconds_count\{[^}]*\} 1/);
    assert.deepEqual(await m.metric('volsync_volume_out_of_sync'), [
      'volsync_volume_out_of_sync{obj_name="rs",obj_namespace="ns",role="source",method="restic"} 0',
    ]);
    const idle = await m.pass();
    assert.deepEqual(condition(m.status), { status: 'False', reason: 'WaitingForSchedule', message: 'Waiting for next scheduled synchronization' });
    assert.equal(idle.requeueAfterMs, Date.parse('2024-05-01T11:00:00Z') - Date.parse('2024-05-01T10:31:33.5Z'));
    m.clock.set('2024-05-01T11:00:01Z');
    await m.pass();
    assert.equal(m.status.lastSyncStartTime, '2024-05-01T11:00:01Z');
  });

  it('counts a missed interval when a scheduled sync ends after the slot after next', async () => {
    const m = setup({ schedule: 'CRON_TZ=UTC */30 * * * *' });
    await m.pass();
    m.mover.sync = { completed: true };
    await m.pass(); // 10:00, next 10:30
    await m.pass(); // idle
    m.clock.set('2024-05-01T10:30:01Z');
    await m.pass(); // starts
    m.mover.sync = { completed: false };
    m.clock.set('2024-05-01T11:05:00Z'); // past 11:00, the slot after 10:30
    await m.pass();
    assert.deepEqual(await m.metric('volsync_volume_out_of_sync'), [
      'volsync_volume_out_of_sync{obj_name="rs",obj_namespace="ns",role="source",method="restic"} 1',
    ]);
    m.mover.sync = { completed: true };
    await m.pass();
    assert.deepEqual(await m.metric('volsync_missed_intervals_total'), [
      'volsync_missed_intervals_total{obj_name="rs",obj_namespace="ns",role="source",method="restic"} 1',
    ]);
    assert.equal(m.status.nextSyncTime, '2024-05-01T11:30:00Z', 'missed slots are skipped, not queued');
  });

  it('syncs once per new manual value, and again only when it changes', async () => {
    const trigger: Trigger = { manual: 'first' };
    const m = setup(trigger);
    await m.pass();
    m.mover.sync = { completed: true };
    await m.pass();
    assert.equal(m.status.lastManualSync, 'first');
    assert.equal(m.status.nextSyncTime, undefined);
    await m.pass();
    assert.deepEqual(condition(m.status), { status: 'False', reason: 'WaitingForManual', message: 'Waiting for manual trigger' });
    await m.pass();
    assert.equal(m.mover.calls.sync, 1);
    trigger.manual = 'second';
    await m.pass();
    assert.ok(m.status.lastSyncStartTime);
  });

  it('runs continuously without a trigger', async () => {
    const m = setup(undefined);
    await m.pass();
    m.mover.sync = { completed: true };
    await m.pass();
    const first = m.status.lastSyncTime;
    assert.ok(first);
    await m.pass(); // cleanup done → next sync starts at once
    assert.ok(m.status.lastSyncStartTime);
    assert.equal(m.status.nextSyncTime, undefined);
  });

  it('waits for cleanup to finish', async () => {
    const m = setup({ manual: 'x' });
    await m.pass();
    m.mover.sync = { completed: true };
    await m.pass();
    m.mover.clean = { completed: false };
    await m.pass();
    assert.deepEqual(condition(m.status), { status: 'False', reason: 'CleaningUp', message: 'Cleaning up' });
  });
});
