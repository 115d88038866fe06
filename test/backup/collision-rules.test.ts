// The collision rules of hub-backup.md §3.1–3.4 and the gate of §2.2 step 11, over hand-built
// state: who owns the newest backup, the restore-elsewhere case, and the DR failback bypass.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import {
  LABEL_BACKUP_CLUSTER,
  LABEL_RESTORE_CLUSTER,
  msgCollisionForeignBackup,
  msgCollisionRestoredElsewhere,
  type BackupSchedule,
} from '../../src/api/backup/index.js';
import type { Backup, Schedule } from '../../src/api/velero/index.js';
import { checkBackupCollision, collisionCheckApplies, detectCollision } from '../../src/backup/collision/index.js';
import { prepareForBackup } from '../../src/backup/prepare/index.js';
import { cleanupMsaArtifacts } from '../../src/backup/msa/index.js';
import type { BackupScheduleHooks } from '../../src/backup/schedule/hooks.js';

const schedule = (hub: string, created: string): Schedule => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name: 'acm-credentials-schedule', creationTimestamp: created, labels: { [LABEL_BACKUP_CLUSTER]: hub } },
  spec: { schedule: '0 * * * *', template: {} },
});
const backup = (name: string, labels: Record<string, string>, start?: string, created = '2026-01-01T00:00:00Z'): Backup => ({
  apiVersion: 'velero.io/v1',
  kind: 'Backup',
  metadata: { name, labels, creationTimestamp: created },
  spec: {},
  status: start ? { phase: 'Completed', startTimestamp: start } : { phase: 'Completed' },
});

describe('detectCollision', () => {
  const mine = [schedule('hub-a', '2026-01-01T00:00:00Z')];

  it('owns storage with no backups, or when the newest backup is its own', () => {
    assert.deepEqual(detectCollision({ ownedSchedules: mine, latestResourcesBackup: undefined, latestRestoreClustersBackup: undefined, hubId: 'hub-a' }), {
      collided: false,
      reason: 'owner',
    });
    const own = backup('acm-resources-schedule-20260101010000', { [LABEL_BACKUP_CLUSTER]: 'hub-a' }, '2026-01-01T01:00:00Z');
    assert.equal(detectCollision({ ownedSchedules: mine, latestResourcesBackup: own, latestRestoreClustersBackup: undefined, hubId: 'hub-a' }).collided, false);
  });

  it('collides when another hub wrote the newest backup (§3.2), with the exact message', () => {
    const foreign = backup('acm-resources-schedule-20260101020000', { [LABEL_BACKUP_CLUSTER]: 'hub-b' }, '2026-01-01T02:00:00Z');
    const decision = detectCollision({ ownedSchedules: mine, latestResourcesBackup: foreign, latestRestoreClustersBackup: undefined, hubId: 'hub-a' });
    assert.deepEqual(decision, {
      collided: true,
      kind: 'foreign-backup',
      message: msgCollisionForeignBackup('acm-resources-schedule-20260101020000', 'hub-b', 'hub-a'),
    });
    assert.match(decision.collided ? decision.message : '', /resource to {2}resume backups from this cluster\.$/);
  });

  it('does not collide on a foreign backup older than this hub’s own managed-clusters restore (§3.3 failback)', () => {
    const foreign = backup('acm-resources-schedule-20260101020000', { [LABEL_BACKUP_CLUSTER]: 'hub-b' }, '2026-01-01T02:00:00Z');
    const restoredHere = backup('acm-restore-clusters-20260101030000', { [LABEL_RESTORE_CLUSTER]: 'hub-a' }, '2026-01-01T03:00:00Z', '2026-01-01T03:00:00Z');
    assert.deepEqual(detectCollision({ ownedSchedules: mine, latestResourcesBackup: foreign, latestRestoreClustersBackup: restoredHere, hubId: 'hub-a' }), {
      collided: false,
      reason: 'failback',
    });
    // A foreign backup taken after the restore is a second active hub again.
    const later = backup('acm-resources-schedule-20260101040000', { [LABEL_BACKUP_CLUSTER]: 'hub-b' }, '2026-01-01T04:00:00Z');
    assert.equal(
      detectCollision({ ownedSchedules: mine, latestResourcesBackup: later, latestRestoreClustersBackup: restoredHere, hubId: 'hub-a' }).collided,
      true,
    );
    // The bypass never trusts an unusable id, nor another hub's restore.
    const unknownHub = [schedule('unknown', '2026-01-01T00:00:00Z')];
    const restoredByUnknown = backup(
      'acm-restore-clusters-20260101030000',
      { [LABEL_RESTORE_CLUSTER]: 'unknown' },
      '2026-01-01T03:00:00Z',
      '2026-01-01T03:00:00Z',
    );
    assert.equal(
      detectCollision({ ownedSchedules: unknownHub, latestResourcesBackup: foreign, latestRestoreClustersBackup: restoredByUnknown, hubId: 'unknown' })
        .collided,
      true,
    );
    const restoredByC = backup('acm-restore-clusters-20260101030000', { [LABEL_RESTORE_CLUSTER]: 'hub-c' }, '2026-01-01T03:00:00Z', '2026-01-01T03:00:00Z');
    assert.equal(
      detectCollision({ ownedSchedules: mine, latestResourcesBackup: foreign, latestRestoreClustersBackup: restoredByC, hubId: 'hub-a' }).collided,
      true,
    );
  });

  it('collides when another hub restored the managed clusters after this hub’s schedules were created (§3.4)', () => {
    const own = backup('acm-resources-schedule-20260101010000', { [LABEL_BACKUP_CLUSTER]: 'hub-a' }, '2026-01-01T01:00:00Z');
    const restoredElsewhere = backup(
      'acm-restore-clusters-20260101030000',
      { [LABEL_RESTORE_CLUSTER]: 'hub-b' },
      '2026-01-01T03:00:00Z',
      '2026-01-01T03:00:00Z',
    );
    assert.deepEqual(detectCollision({ ownedSchedules: mine, latestResourcesBackup: own, latestRestoreClustersBackup: restoredElsewhere, hubId: 'hub-a' }), {
      collided: true,
      kind: 'restored-elsewhere',
      message: msgCollisionRestoredElsewhere('hub-b', 'acm-restore-clusters-20260101030000'),
    });
    // A restore recorded before these schedules existed is old history.
    const newer = [schedule('hub-a', '2026-01-01T04:00:00Z')];
    assert.equal(
      detectCollision({ ownedSchedules: newer, latestResourcesBackup: own, latestRestoreClustersBackup: restoredElsewhere, hubId: 'hub-a' }).collided,
      false,
    );
    // This hub's own restore is no collision.
    const restoredHere = backup('acm-restore-clusters-20260101030000', { [LABEL_RESTORE_CLUSTER]: 'hub-a' }, '2026-01-01T03:00:00Z', '2026-01-01T03:00:00Z');
    assert.equal(
      detectCollision({ ownedSchedules: mine, latestResourcesBackup: own, latestRestoreClustersBackup: restoredHere, hubId: 'hub-a' }).collided,
      false,
    );
  });
});

describe('collisionCheckApplies', () => {
  const bsch = (phase: string, paused = false): BackupSchedule =>
    ({
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'BackupSchedule',
      metadata: { name: 's' },
      spec: { veleroSchedule: '0 * * * *', paused },
      status: { phase, lastMessage: '' },
    }) as BackupSchedule;
  const owned = [schedule('hub-a', '2026-01-01T00:00:00Z')];
  const now = Date.parse('2026-01-01T00:00:10Z');

  it('skips new, paused and schedule-less BackupSchedules and schedules younger than 5 s', () => {
    assert.equal(collisionCheckApplies(bsch('Enabled'), owned, now), true);
    assert.equal(collisionCheckApplies(bsch(''), owned, now), false);
    assert.equal(collisionCheckApplies(bsch('New'), owned, now), false);
    assert.equal(collisionCheckApplies(bsch('Enabled', true), owned, now), false);
    assert.equal(collisionCheckApplies(bsch('Enabled'), [], now), false);
    assert.equal(collisionCheckApplies(bsch('Enabled'), owned, Date.parse('2026-01-01T00:00:04Z')), false);
  });
});

describe('wiring into the BackupSchedule controller', () => {
  it('fits its hooks (checked by the compiler)', () => {
    const hooks: BackupScheduleHooks = {
      prepareForBackup,
      checkCollision: async (ctx, bsch) => (await checkBackupCollision(ctx, bsch)).message,
      cleanupDisabledManagedServiceAccount: async (ctx) => {
        await cleanupMsaArtifacts(ctx.client, { deleteMsas: false, log: pino({ level: 'silent' }), signal: ctx.signal });
      },
    };
    assert.equal(typeof hooks.checkCollision, 'function');
  });
});
