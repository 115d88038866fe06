// The pure decisions of volume replication: names (§2.3), retention options (§3.3), restore
// snapshot selection (§3.3), mover selection (decision 15), log truncation (§2.9), the failure
// back-off (decision 14) and schedule arithmetic (§4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashedName, shortenedName, destinationSnapshotName } from '../../src/volsync/names.js';
import { forgetOptions } from '../../src/volsync/movers/restic/forget-options.js';
import { epochSeconds, selectSnapshot, type ResticSnapshot } from '../../src/volsync/movers/restic/select-snapshot.js';
import { selectMover } from '../../src/volsync/catalog.js';
import { LogTail } from '../../src/volsync/job/pod-logs.js';
import { retryDelayMs } from '../../src/volsync/job/mover-job.js';
import { missedDeadline, nextSyncTime, triggerKind } from '../../src/volsync/trigger.js';
import { resticSuccessLine } from '../../src/volsync/movers/restic/log-filter.js';
import { rcloneSuccessLine } from '../../src/volsync/movers/rclone/log-filter.js';
import { parseResticVersion, restoreXattrArgs } from '../../src/volsync/movers/restic/restic-cli.js';

describe('object names', () => {
  it('uses prefix + name up to 63 characters and the CRC-32 of the name beyond', () => {
    assert.equal(shortenedName('volsync-src-', 'mydata-backup'), 'volsync-src-mydata-backup');
    const long = 'a'.repeat(52); // 12 + 52 = 64 > 63
    assert.equal(shortenedName('volsync-src-', long), `volsync-src-${hashedName(long)}`);
    assert.equal(shortenedName('volsync-src-', 'a'.repeat(51)).length, 63);
    // %08x of crc32 IEEE("abc") = 352441c2; zero-padded to 8 digits.
    assert.equal(hashedName('abc'), '352441c2');
    assert.match(hashedName('x'), /^[0-9a-f]{8}$/);
  });

  it('names destination snapshots <pvc>-YYYYMMDDHHMMSS in local time', () => {
    const at = new Date(2024, 0, 2, 3, 4, 5);
    assert.equal(destinationSnapshotName('volsync-rd-dest', at), 'volsync-rd-dest-20240102030405');
  });
});

describe('restic FORGET_OPTIONS', () => {
  it('defaults to --keep-last 1 and orders the set fields, each after a space', () => {
    assert.equal(forgetOptions(undefined), '--keep-last 1');
    assert.equal(forgetOptions({}), '--keep-last 1');
    assert.equal(
      forgetOptions({ hourly: 6, daily: 5, weekly: 4, monthly: 2, yearly: 1 }),
      ' --keep-hourly 6 --keep-daily 5 --keep-weekly 4 --keep-monthly 2 --keep-yearly 1',
    );
    assert.equal(forgetOptions({ last: '3', within: '3w15h', daily: 0 }), ' --keep-daily 0 --keep-within 3w15h --keep-last 3');
  });
});

describe('restore snapshot selection', () => {
  const snap = (id: string, time: string, path = '/data'): ResticSnapshot => ({ short_id: id, time, paths: [path] });
  const listing = [
    snap('aaaa0001', '2024-05-01T10:00:00.123456789Z'),
    snap('aaaa0002', '2024-05-01T11:00:00.5Z'),
    snap('other001', '2024-05-01T11:30:00Z', '/elsewhere'),
    snap('aaaa0003', '2024-05-01T12:00:00+02:00'), // 10:00Z: older than 0002
    snap('aaaa0004', '2024-05-01T13:00:00Z'),
  ];

  it('takes the newest snapshot of the data directory', () => {
    assert.equal(selectSnapshot(listing, { dataDir: '/data' }), 'aaaa0004');
    assert.equal(selectSnapshot([], { dataDir: '/data' }), undefined);
  });

  it('honours restoreAsOf (at or before) and previous, in listing order reversed', () => {
    assert.equal(selectSnapshot(listing, { dataDir: '/data', restoreAsOf: '2024-05-01T11:00:00Z' }), 'aaaa0003');
    // Steps go through the listing, not through time: after 0003 (10:00) comes 0002 (11:00).
    assert.equal(selectSnapshot(listing, { dataDir: '/data', restoreAsOf: '2024-05-01T12:59:59Z', previous: 1 }), 'aaaa0002');
    assert.equal(selectSnapshot(listing, { dataDir: '/data', previous: 1 }), 'aaaa0003');
    assert.equal(selectSnapshot(listing, { dataDir: '/data', previous: 4 }), undefined);
    assert.equal(selectSnapshot(listing, { dataDir: '/data', restoreAsOf: '2020-01-01T00:00:00Z' }), undefined);
  });

  it('collapses snapshots of the same second, the one listed last winning', () => {
    const same = [snap('first', '2024-05-01T10:00:00.1Z'), snap('second', '2024-05-01T10:00:00.9Z')];
    assert.equal(selectSnapshot(same, { dataDir: '/data' }), 'second');
    assert.equal(epochSeconds('2024-05-01T10:00:00.999999999Z'), Date.UTC(2024, 4, 1, 10) / 1000);
  });
});

describe('mover selection (decision 15)', () => {
  it('accepts exactly one enabled mover', () => {
    assert.deepEqual(selectMover({ restic: { copyMethod: 'Clone' } }, 'source'), { kind: 'mover', mover: 'restic' });
    assert.deepEqual(selectMover({ rclone: { copyMethod: 'Snapshot' } }, 'destination'), { kind: 'mover', mover: 'rclone' });
    assert.deepEqual(selectMover({ rsyncTLS: { copyMethod: 'Snapshot' } }, 'destination'), { kind: 'mover', mover: 'rsync-tls' });
    assert.deepEqual(selectMover({ rsyncTLS: { copyMethod: 'Clone' } }, 'destination'), {
      kind: 'invalid',
      message: 'spec.rsyncTLS.copyMethod: unsupported copyMethod: Clone -- must be Direct, None, or Snapshot',
    });
  });

  it('rejects two movers, naming both sections', () => {
    const s = selectMover({ restic: {}, rclone: {} }, 'source');
    assert.equal(s.kind, 'invalid');
    assert.match((s as { message: string }).message, /^only one replication method can be supplied - the spec sets spec\.rclone and spec\.restic$/);
  });

  it("reports a missing or not-yet-available mover with VolSync's message", () => {
    for (const spec of [{}, { syncthing: {} }]) {
      assert.deepEqual(selectMover(spec, 'source'), { kind: 'invalid', message: 'a replication method must be specified - enabled movers: [rclone restic rsync rsync-tls]' });
    }
  });

  it('leaves external-only objects alone and rejects external plus a mover', () => {
    assert.deepEqual(selectMover({ external: { provider: 'x' } }, 'source'), { kind: 'external' });
    assert.equal(selectMover({ external: {}, restic: {} }, 'source').kind, 'invalid');
  });

  it('rejects a destination copyMethod Clone (or none) at once', () => {
    assert.deepEqual(selectMover({ restic: { copyMethod: 'Clone' } }, 'destination'), {
      kind: 'invalid',
      message: 'spec.restic.copyMethod: unsupported copyMethod: Clone -- must be Direct, None, or Snapshot',
    });
    assert.equal(selectMover({ rclone: {} }, 'destination').kind, 'invalid');
    assert.equal(selectMover({ rclone: { copyMethod: 'None' } }, 'destination').kind, 'mover');
  });
});

describe('latestMoverStatus log truncation', () => {
  it('keeps the last maxBytes bytes of the joined lines', () => {
    const tail = new LogTail(10);
    for (const line of ['first line', 'second', 'third']) tail.add(line);
    assert.equal(tail.text(), 'cond\nthird');
    const all = new LogTail(1024);
    all.add('a');
    all.add('b');
    assert.equal(all.text(), 'a\nb');
    assert.equal(new LogTail(0).text(), '');
  });

  it('keeps the summary lines of successful runs', () => {
    assert.ok(resticSuccessLine('snapshot 2d2855f4 saved'));
    assert.ok(resticSuccessLine('processed 1 files, 6 B in 0:00'));
    assert.ok(resticSuccessLine('Restic completed in 2s'));
    assert.ok(resticSuccessLine('=== Initialize Dir ==='));
    assert.ok(!resticSuccessLine('=== Starting backup ==='));
    assert.ok(rcloneSuccessLine('Transferred:   	          3 B / 3 B, 100%'));
    assert.ok(rcloneSuccessLine('Rclone completed in 0s'));
    assert.ok(!rcloneSuccessLine('2026/12/02 21:41:25 INFO  : sub/f: Copied (new)'));
  });
});

describe('mover Job back-off (decision 14)', () => {
  it('waits 10 s doubling per failed Job in a row, at most 5 minutes', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelayMs), [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });
});

describe('triggers', () => {
  it('lets manual win over schedule', () => {
    assert.equal(triggerKind({ manual: 'x', schedule: '0 * * * *' }), 'manual');
    assert.equal(triggerKind({ schedule: '0 * * * *' }), 'schedule');
    assert.equal(triggerKind({}), 'none');
    assert.equal(triggerKind(undefined), 'none');
  });

  it('schedules from the completion time and detects missed deadlines', () => {
    const done = new Date('2024-05-01T10:31:10Z');
    assert.equal(nextSyncTime({ schedule: 'CRON_TZ=UTC */30 * * * *' }, done)?.toISOString(), '2024-05-01T11:00:00.000Z');
    assert.equal(nextSyncTime({ manual: 'once' }, done), undefined);
    // Next slot 11:00, the one after 11:30: a sync still unfinished after 11:30 missed its deadline.
    assert.equal(missedDeadline({ schedule: 'CRON_TZ=UTC */30 * * * *' }, done, new Date('2024-05-01T11:29:00Z')), false);
    assert.equal(missedDeadline({ schedule: 'CRON_TZ=UTC */30 * * * *' }, done, new Date('2024-05-01T11:31:00Z')), true);
    assert.throws(() => nextSyncTime({ schedule: 'not a schedule' }, done));
  });
});

describe('restic version gate', () => {
  it('passes --include-xattr only to restic 0.17 and later', () => {
    assert.deepEqual(parseResticVersion('restic 0.14.0 compiled with go1.19.8 on linux/amd64'), [0, 14, 0]);
    assert.deepEqual(restoreXattrArgs({ command: 'restic', baseArgs: [], version: [0, 14, 0] }), []);
    assert.deepEqual(restoreXattrArgs({ command: 'restic', baseArgs: [], version: [0, 18, 1] }), ['--include-xattr', 'user.*']);
  });
});
