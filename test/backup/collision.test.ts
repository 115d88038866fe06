// Backup collision between two real `lifeboat up` hubs writing to one storage directory
// (hub-backup.md §3, decisions 1 and 2), with every controller the hubs run: the BackupSchedule
// controller creates the velero Schedules and the initial backups, the engine runs them and syncs
// the other hub's backups in, and the collision check (`--collision-check-interval 1s`) must move
// the hub whose backups are no longer the newest to BackupCollision with the exact message and
// delete its velero Schedules — and do the same when another hub ran a managed-clusters restore.
// That restore is recorded by the Restore controller of a later issue; here the record (an
// `acm-restore-clusters-*` Backup with its labels) is written directly on the restoring hub.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import {
  ACM_RESTORES,
  BACKUP_API_VERSION,
  BACKUP_SCHEDULES,
  LABEL_ACM_HUB_DR,
  LABEL_ACM_RESTORE_NAME,
  LABEL_BACKUP_CLUSTER,
  LABEL_BACKUP_SCHEDULE_NAME,
  LABEL_RESTORE_CLUSTER,
  LABEL_RESTORED_MANAGED_CLUSTERS_BACKUP,
  RESOURCES_SCHEDULE,
  SCHEDULE_CREATION_ORDER,
  msgCollisionForeignBackup,
  msgCollisionRestoredElsewhere,
  type BackupSchedule,
} from '../../src/api/backup/index.js';
import { BACKUPS, LABEL_SCHEDULE_NAME, SCHEDULES, VELERO_API_VERSION, type Backup, type Schedule } from '../../src/api/velero/index.js';
import { isNotFound, type KubeClient } from '../../src/kube/index.js';
import { hubIdentity } from '../../src/backup/hub-identity.js';
import { listOwnedSchedules } from '../../src/backup/collision/index.js';
import { startUpProcess, tempDir, waitFor, type UpProcess } from '../support/index.js';

const NS = 'open-cluster-management-backup';
const INTERVAL_MS = 1_000;

interface Hub {
  name: string;
  up: UpProcess;
  client: KubeClient;
  id: string;
}

/** yyyyMMddHHmmss, UTC (hub-backup.md §0.6). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

// A small backup: the collision rules only read its labels and times.
const SMALL_BACKUP = { includedNamespaces: [NS], includedResources: ['configmaps'] };

/**
 * A BackupSchedule applied as a user would; returns once its controller reports Enabled and the
 * initial resources backup has completed here and reached `other` through the storage.
 */
async function createBackupSchedule(hub: Hub, other: Hub, name: string): Promise<{ schedule: BackupSchedule; resourcesBackup: string }> {
  await hub.client.create<BackupSchedule>(BACKUP_SCHEDULES, {
    apiVersion: BACKUP_API_VERSION,
    kind: 'BackupSchedule',
    metadata: { name, namespace: NS },
    spec: { veleroSchedule: '0 0 1 1 *', veleroTtl: '120h' },
  });
  await waitFor(`${name} Enabled on hub ${hub.name}`, async () => (await getBackupSchedule(hub, name)).status?.phase === 'Enabled', 30_000, 100);
  const ownBackups = async (): Promise<Backup[]> =>
    (await hub.client.list<Backup>(BACKUPS, { namespace: NS, labelSelector: `${LABEL_BACKUP_SCHEDULE_NAME}=${name}` })).items;
  await waitFor(
    `the initial backups of ${name} Completed on hub ${hub.name}`,
    async () => {
      const backups = await ownBackups();
      return backups.length === SCHEDULE_CREATION_ORDER.length && backups.every((b) => b.status?.phase === 'Completed');
    },
    60_000,
    200,
  );
  const resourcesBackup = (await ownBackups()).find((b) => b.metadata.labels?.[LABEL_SCHEDULE_NAME] === RESOURCES_SCHEDULE)?.metadata.name ?? '';
  assert.match(resourcesBackup, new RegExp(`^${RESOURCES_SCHEDULE}-\\d{14}$`));
  await waitFor(`${resourcesBackup} synced to hub ${other.name}`, async () => (await backupOn(other, resourcesBackup)) !== undefined, 20_000, 100);
  return { schedule: await getBackupSchedule(hub, name), resourcesBackup };
}

async function getBackupSchedule(hub: Hub, name: string): Promise<BackupSchedule> {
  return hub.client.get<BackupSchedule>(BACKUP_SCHEDULES, name, { namespace: NS });
}

async function backupOn(hub: Hub, name: string): Promise<Backup | undefined> {
  try {
    return await hub.client.get<Backup>(BACKUPS, name, { namespace: NS });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Runs a Backup on `hub` and waits until `other` has it through backup sync. */
async function backUp(hub: Hub, other: Hub, name: string, labels: Record<string, string>): Promise<void> {
  await hub.client.create<Backup>(BACKUPS, { apiVersion: VELERO_API_VERSION, kind: 'Backup', metadata: { name, namespace: NS, labels }, spec: SMALL_BACKUP });
  await waitFor(`${name} Completed on hub ${hub.name}`, async () => (await backupOn(hub, name))?.status?.phase === 'Completed', 20_000, 100);
  await waitFor(`${name} synced to hub ${other.name}`, async () => (await backupOn(other, name)) !== undefined, 20_000, 100);
}

async function veleroSchedulesOn(hub: Hub): Promise<string[]> {
  return (await hub.client.list<Schedule>(SCHEDULES, { namespace: NS })).items.map((s) => s.metadata.name ?? '');
}

/** The phase is written first, then the schedules are deleted: a user sees both within one period. */
function collidedWithoutSchedules(hub: Hub, name: string): () => Promise<boolean> {
  return async () => (await getBackupSchedule(hub, name)).status?.phase === 'BackupCollision' && (await veleroSchedulesOn(hub)).length === 0;
}

async function stillAfter(ms: number, check: () => Promise<void>): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  await check();
}

describe('backup collision between two lifeboat up hubs on one storage location', () => {
  let storage: string;
  let a: Hub;
  let b: Hub;

  async function startLifeboatUp(name: string): Promise<Hub> {
    const up = await startUpProcess({
      storageDir: storage,
      args: ['--backup-sync-interval', '2s', '--collision-check-interval', `${INTERVAL_MS}ms`, '--no-ocm-crds'],
    });
    return { name, up, client: up.client, id: await hubIdentity(up.client) };
  }

  before(async () => {
    storage = await tempDir('collision-storage');
    [a, b] = await Promise.all([startLifeboatUp('a'), startLifeboatUp('b')]);
  });
  after(async () => {
    for (const hub of [a, b]) await hub?.up.teardown();
    if (storage) await rm(storage, { recursive: true, force: true });
  });

  it('moves the hub whose backups are no longer the newest to BackupCollision and deletes its schedules', async () => {
    assert.notEqual(a.id, b.id, 'each embedded hub has its own identity (decision 1)');
    assert.ok(a.id && a.id !== 'unknown');

    await createBackupSchedule(a, b, 'schedule-a');

    // While its backup is the newest, hub A keeps backing up, whatever the check period.
    await stillAfter(5_000 + 2 * INTERVAL_MS, async () => {
      assert.equal((await getBackupSchedule(a, 'schedule-a')).status?.phase, 'Enabled');
      assert.equal((await veleroSchedulesOn(a)).length, 5);
    });

    // Hub B starts backing up to the same storage: its backup becomes the newest.
    const { resourcesBackup: newest } = await createBackupSchedule(b, a, 'schedule-b');
    const synced = Date.now();

    await waitFor('hub A in BackupCollision without velero Schedules', collidedWithoutSchedules(a, 'schedule-a'), 3 * INTERVAL_MS + 2_000, 100);
    assert.ok(Date.now() - synced < 3 * INTERVAL_MS + 2_000);
    const collided = await getBackupSchedule(a, 'schedule-a');
    assert.equal(collided.status?.lastMessage, msgCollisionForeignBackup(newest, b.id, a.id));
    assert.deepEqual(await veleroSchedulesOn(a), [], 'the collided hub’s velero Schedules are deleted (decision 2)');

    // Terminal on A; B, the owner of the newest backup, carries on.
    await stillAfter(2 * INTERVAL_MS, async () => {
      const again = await getBackupSchedule(a, 'schedule-a');
      assert.equal(again.status?.phase, 'BackupCollision');
      assert.equal(again.status?.lastMessage, collided.status?.lastMessage);
      assert.deepEqual(await veleroSchedulesOn(a), []);
      assert.equal((await getBackupSchedule(b, 'schedule-b')).status?.phase, 'Enabled');
      assert.equal((await veleroSchedulesOn(b)).length, 5);
    });

    // A schedule that reappears under the collided BackupSchedule (a racing pass) is deleted again.
    const owner = await getBackupSchedule(a, 'schedule-a');
    await a.client.create<Schedule>(SCHEDULES, {
      apiVersion: VELERO_API_VERSION,
      kind: 'Schedule',
      metadata: {
        name: RESOURCES_SCHEDULE,
        namespace: NS,
        labels: { [LABEL_BACKUP_SCHEDULE_NAME]: 'schedule-a', [LABEL_BACKUP_CLUSTER]: a.id },
        ownerReferences: [{ apiVersion: BACKUP_API_VERSION, kind: 'BackupSchedule', name: 'schedule-a', uid: owner.metadata.uid ?? '', controller: true }],
      },
      spec: { schedule: '0 0 1 1 *', skipImmediately: true, template: SMALL_BACKUP },
    });
    await waitFor('the re-created schedule deleted again', async () => (await veleroSchedulesOn(a)).length === 0, 5_000, 100);
  });

  it('moves a hub to BackupCollision when another hub ran a managed-clusters restore', async () => {
    // The user resolves the collision on A: a new BackupSchedule, whose first backup is the newest.
    await a.client.delete(BACKUP_SCHEDULES, 'schedule-a', { namespace: NS });
    await waitFor('schedule-a deleted', async () => (await a.client.list(BACKUP_SCHEDULES, { namespace: NS })).items.length === 0, 10_000);
    const { schedule: a2, resourcesBackup: newest } = await createBackupSchedule(a, b, 'schedule-a2');

    // Now B's backups are the older ones: B stops, with A's backup named in the message.
    await waitFor('hub B in BackupCollision without velero Schedules', collidedWithoutSchedules(b, 'schedule-b'), 3 * INTERVAL_MS + 2_000, 100);
    assert.equal((await getBackupSchedule(b, 'schedule-b')).status?.lastMessage, msgCollisionForeignBackup(newest, a.id, b.id));
    assert.deepEqual(await veleroSchedulesOn(b), []);
    assert.equal((await getBackupSchedule(a, 'schedule-a2')).status?.phase, 'Enabled');

    // Hub B activates the managed clusters: the restore controller records it in an
    // acm-restore-clusters Backup (hub-backup.md §5.2), which reaches A through the storage.
    assert.equal((await listOwnedSchedules(a.client, a2)).length, 5);
    const restoreBackup = `acm-restore-clusters-${stamp(Date.now())}`;
    await backUp(b, a, restoreBackup, {
      [LABEL_BACKUP_CLUSTER]: a.id,
      [LABEL_ACM_HUB_DR]: 'true',
      [LABEL_ACM_RESTORE_NAME]: 'restore-acm',
      [LABEL_RESTORED_MANAGED_CLUSTERS_BACKUP]: `acm-managed-clusters-schedule-${newest.slice(-14)}`,
      [LABEL_RESTORE_CLUSTER]: b.id,
    });
    assert.equal((await backupOn(a, restoreBackup))?.metadata.labels?.[LABEL_RESTORE_CLUSTER], b.id, 'labels survive the sync');

    await waitFor('hub A in BackupCollision after B’s restore', collidedWithoutSchedules(a, 'schedule-a2'), 3 * INTERVAL_MS + 2_000, 100);
    assert.equal((await getBackupSchedule(a, 'schedule-a2')).status?.lastMessage, msgCollisionRestoredElsewhere(b.id, restoreBackup));
    assert.deepEqual(await veleroSchedulesOn(a), []);
    // No ACM Restore objects are involved on A: the record alone is enough.
    assert.equal((await a.client.list(ACM_RESTORES, { namespace: NS })).items.length, 0);
  });
});
