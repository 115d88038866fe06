// The test environment's in-process hub: what `startHub` promises the suites that use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { BACKUP_SCHEDULES, DEFAULT_BACKUP_NAMESPACE } from '../../src/api/backup/index.js';
import { BACKUP_STORAGE_LOCATIONS, BACKUPS, VELERO_API_VERSION, type Backup, type BackupStorageLocation } from '../../src/api/velero/index.js';
import { NAMESPACES } from '../../src/kube/index.js';
import { TestClock } from './clock.js';
import { startHub } from './hub.js';
import { waitFor } from './wait.js';

test('startHub with a location: velero CRDs served, the namespace, an Available location, the clock in the hub; teardown removes it all', async () => {
  const clock = new TestClock('2026-05-01T10:00:30Z');
  const hub = await startHub({ clock, namespaces: ['extra'], location: { name: 'primary', default: true } });
  try {
    const bsl = await hub.client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'primary', { namespace: 'velero' });
    assert.equal(bsl.status?.phase, 'Available');
    assert.deepEqual(bsl.spec, { provider: 'lifeboat.io/fs', objectStorage: { bucket: hub.location.dir }, default: true });
    const extra = (await hub.client.get(NAMESPACES, 'extra')) as { metadata?: { creationTimestamp?: string } };
    assert.equal(extra.metadata?.creationTimestamp, '2026-05-01T10:00:30Z', 'the hub runs on the injected clock');
    const kubectl = await hub.kubectl(['get', 'bsl', '-n', 'velero', '-o', 'name']);
    assert.equal(kubectl.stdout.trim(), 'backupstoragelocation.velero.io/primary', kubectl.stderr);
  } finally {
    await hub.teardown();
  }
  assert.equal(existsSync(hub.dataDir), false, 'the data dir is removed');
  assert.equal(existsSync(hub.location.dir), false, 'the storage dir is removed');
});

test('startHub with up: the CRDs, the storage location owned by the DataProtectionApplication, and the engine running a Backup', async () => {
  const hub = await startHub({ up: { backupControllers: false } });
  try {
    await hub.client.list(BACKUP_SCHEDULES, { namespace: DEFAULT_BACKUP_NAMESPACE });
    const bsl = await hub.client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'default', { namespace: DEFAULT_BACKUP_NAMESPACE });
    assert.equal(bsl.metadata.ownerReferences?.[0]?.kind, 'DataProtectionApplication');
    await hub.client.create<Backup>(BACKUPS, {
      apiVersion: VELERO_API_VERSION,
      kind: 'Backup',
      metadata: { name: 'first', namespace: DEFAULT_BACKUP_NAMESPACE },
      spec: { includedNamespaces: [DEFAULT_BACKUP_NAMESPACE] },
    });
    await waitFor(
      'the Backup to complete',
      async () => (await hub.client.get<Backup>(BACKUPS, 'first', { namespace: DEFAULT_BACKUP_NAMESPACE })).status?.phase === 'Completed',
      30_000,
    );
  } finally {
    await hub.teardown();
  }
});
