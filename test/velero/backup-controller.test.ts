// The backup controller under the real controller runtime: Backups created with kubectl run one at
// a time to a terminal phase with progress and Events, and a Backup left InProgress by a crash is
// marked Failed when the engine starts again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BACKUPS } from '../../src/api/velero/crds.js';
import type { Backup } from '../../src/api/velero/types.js';
import type { KubeClient } from '../../src/kube/index.js';
import { Manager } from '../../src/kube/runtime/manager.js';
import { BackupController, failInterruptedBackups, INTERRUPTED_BACKUP_REASON } from '../../src/local/velero/backup/backup-controller.js';
import { startHub, tempDir, testLog, waitFor, type TestHub } from '../support/index.js';
import { CONFIGMAPS } from '../../src/kube/index.js';

const NS = 'velero';
const log = testLog();

let env: TestHub;
let client: KubeClient;
let root: string;
let storeDir: string;

async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await env.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function getBackup(name: string): Promise<Backup> {
  return client.get<Backup>(BACKUPS, name, { namespace: NS });
}

before(async () => {
  root = await tempDir('backup-ctl');
  storeDir = path.join(root, 'store');
  env = await startHub({ namespaces: ['bulk'], location: { dir: storeDir, default: true } });
  client = env.client;
  const names = Array.from({ length: 1500 }, (_, i) => `cm-${i}`);
  for (let i = 0; i < names.length; i += 50) {
    await Promise.all(names.slice(i, i + 50).map((name) => client.create(CONFIGMAPS, { metadata: { name, namespace: 'bulk' }, data: { i: name } })));
  }
});

after(async () => {
  await env?.teardown();
  if (root) await rm(root, { recursive: true, force: true });
});

test('Backups created with kubectl run one at a time to Completed, with progress, events and the files in storage', async (t) => {
  const manager = new Manager({ client, log });
  const controller = new BackupController(NS, { log, progressIntervalMs: 20 });
  manager.add(controller.controllerSpec());

  // Every state the Backups pass through, as a watcher sees them.
  const seen: Backup[] = [];
  const stopWatch = new AbortController();
  const watching = (async () => {
    try {
      for await (const ev of client.watch<Backup>(BACKUPS, { namespace: NS, signal: stopWatch.signal })) {
        if (ev.type === 'ADDED' || ev.type === 'MODIFIED') seen.push(ev.object as Backup);
      }
    } catch {
      // stopped
    }
  })();
  t.after(async () => {
    stopWatch.abort();
    await watching;
  });

  await manager.start();
  t.after(() => manager.stop());
  await kubectl(
    ['apply', '-f', '-'],
    `apiVersion: velero.io/v1
kind: Backup
metadata: {name: first, namespace: velero}
spec: {includedNamespaces: [bulk]}
---
apiVersion: velero.io/v1
kind: Backup
metadata: {name: second, namespace: velero}
spec: {includedNamespaces: [bulk], labelSelector: {matchLabels: {none: here}}}
`,
  );
  await waitFor(
    'both backups to complete',
    async () => (await getBackup('first')).status?.phase === 'Completed' && (await getBackup('second')).status?.phase === 'Completed',
    60_000,
    100,
  );

  const first = await getBackup('first');
  assert.equal(first.status?.progress?.itemsBackedUp, 1501, 'the ConfigMaps and their Namespace');
  assert.equal(first.status?.progress?.totalItems, 1501);
  assert.equal(first.spec?.storageLocation, 'default');
  assert.equal(first.metadata.labels?.['velero.io/storage-location'], 'default');
  assert.equal(first.spec?.ttl, '720h0m0s');
  assert.ok(first.status?.startTimestamp && first.status.completionTimestamp && first.status.expiration);
  const second = await getBackup('second');
  assert.equal(second.status?.progress?.itemsBackedUp, 1, 'only the Namespace: the selector matches no ConfigMap');

  stopWatch.abort();
  await watching;
  const inProgress = seen.filter((b) => b.status?.phase === 'InProgress');
  assert.ok(
    inProgress.some((b) => b.metadata.name === 'first'),
    'first was seen InProgress',
  );
  assert.ok(
    inProgress.some((b) => b.metadata.name === 'first' && (b.status?.progress?.itemsBackedUp ?? 0) > 0 && (b.status?.progress?.itemsBackedUp ?? 0) < 1501),
    `progress was reported while running: ${JSON.stringify(inProgress.map((b) => b.status?.progress))}`,
  );
  // One at a time: the second starts only after the first finished.
  const firstDone = seen.findIndex((b) => b.metadata.name === 'first' && b.status?.phase === 'Completed');
  const secondStart = seen.findIndex((b) => b.metadata.name === 'second' && b.status?.phase === 'InProgress');
  const firstStart = seen.findIndex((b) => b.metadata.name === 'first' && b.status?.phase === 'InProgress');
  if (firstStart < secondStart) assert.ok(firstDone < secondStart, 'the second backup waited for the first');

  const stored = JSON.parse(await readFile(path.join(storeDir, 'backups', 'first', 'velero-backup.json'), 'utf8'));
  assert.equal(stored.status.phase, 'Completed');
  assert.equal(stored.metadata.uid, first.metadata.uid);
  await stat(path.join(storeDir, 'backups', 'first', 'first.tar.gz'));

  await waitFor(
    'BackupStarted and BackupCompleted events on the Backup',
    async () => {
      const out = await kubectl(['get', 'events', '-n', NS, '-o', 'json']);
      const reasons = (JSON.parse(out) as { items: { reason?: string; regarding?: { name?: string }; involvedObject?: { name?: string } }[] }).items
        .filter((e) => (e.regarding?.name ?? e.involvedObject?.name) === 'first')
        .map((e) => e.reason);
      return reasons.includes('BackupStarted') && reasons.includes('BackupCompleted');
    },
    10_000,
  );
  const described = await kubectl(['describe', 'backup', 'first', '-n', NS]);
  assert.match(described, /BackupCompleted/);
  assert.match(described, /Backup completed: 1501 items backed up/);
});

test('a Backup that fails validation is reported on the object and as an Event', async (t) => {
  const manager = new Manager({ client, log });
  manager.add(new BackupController(NS, { log }).controllerSpec());
  await manager.start();
  t.after(() => manager.stop());
  await kubectl(
    ['apply', '-f', '-'],
    'apiVersion: velero.io/v1\nkind: Backup\nmetadata: {name: invalid, namespace: velero}\nspec: {storageLocation: elsewhere}\n',
  );
  await waitFor('FailedValidation', async () => (await getBackup('invalid')).status?.phase === 'FailedValidation', 20_000);
  const b = await getBackup('invalid');
  assert.deepEqual(b.status?.validationErrors, [
    'an existing backup storage location was not specified at backup creation time and the default elsewhere was not found. Please address this issue (see `velero backup-location -h` for options) and create a new backup. Error: backupstoragelocations.velero.io "elsewhere" not found',
  ]);
  await waitFor('the FailedValidation event', async () => /BackupFailedValidation/.test(await kubectl(['describe', 'backup', 'invalid', '-n', NS])), 10_000);
});

test('a duration beyond Go’s range fails validation with time.ParseDuration’s words, and nothing runs (issue 13, finding 8)', async (t) => {
  const manager = new Manager({ client, log });
  manager.add(new BackupController(NS, { log }).controllerSpec());
  await manager.start();
  t.after(() => manager.stop());
  await kubectl(
    ['apply', '-f', '-'],
    `apiVersion: velero.io/v1
kind: Backup
metadata: {name: forever, namespace: velero}
spec: {ttl: 999999999999h, csiSnapshotTimeout: 9223372036854775808ns, includedNamespaces: [bulk]}
`,
  );
  await waitFor('FailedValidation', async () => (await getBackup('forever')).status?.phase === 'FailedValidation', 20_000);
  const b = await getBackup('forever');
  assert.deepEqual(b.status?.validationErrors, [
    'invalid TTL "999999999999h": time: invalid duration "999999999999h"',
    'invalid csiSnapshotTimeout "9223372036854775808ns": time: invalid duration "9223372036854775808ns"',
  ]);
  assert.equal(b.status?.expiration, undefined, 'no expiration computed from it');
  assert.equal(b.status?.progress, undefined, 'nothing was backed up');
  await assert.rejects(stat(path.join(storeDir, 'backups', 'forever')), { code: 'ENOENT' }, 'nothing written to storage');
});

test("failInterruptedBackups: InProgress becomes Failed with Velero's reason; other phases are untouched", async () => {
  await kubectl(
    ['apply', '-f', '-'],
    `apiVersion: velero.io/v1
kind: Backup
metadata: {name: interrupted, namespace: velero}
spec: {}
status: {phase: InProgress, startTimestamp: "2024-05-01T12:00:03Z"}
---
apiVersion: velero.io/v1
kind: Backup
metadata: {name: waiting, namespace: velero}
spec: {}
status: {phase: New}
`,
  );
  // kubectl apply may drop status on create for some servers; make sure it is there.
  await client.patch(BACKUPS, 'interrupted', { status: { phase: 'InProgress' } }, { type: 'merge', namespace: NS });
  const marked = await failInterruptedBackups(client, NS, { log });
  assert.deepEqual(marked, ['interrupted']);
  const b = await getBackup('interrupted');
  assert.equal(b.status?.phase, 'Failed');
  assert.equal(b.status?.failureReason, INTERRUPTED_BACKUP_REASON);
  assert.equal(b.status?.failureReason, 'found a backup with status "InProgress" during the server starting, mark it as "Failed"');
  assert.match(b.status?.completionTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal((await getBackup('waiting')).status?.phase, 'New');
  assert.equal((await getBackup('first')).status?.phase, 'Completed');
  assert.deepEqual(await failInterruptedBackups(client, NS), [], 'nothing left to mark');
});

test('a Backup waits for its location’s first validation, and fails on a location validated Unavailable', async (t) => {
  const BSLS = { ...BACKUPS, plural: 'backupstoragelocations', kind: 'BackupStorageLocation' };
  const manager = new Manager({ client, log });
  manager.add(new BackupController(NS, { log }).controllerSpec());
  await manager.start();
  t.after(() => manager.stop());
  await kubectl(
    ['apply', '-f', '-'],
    `apiVersion: velero.io/v1
kind: BackupStorageLocation
metadata: {name: fresh, namespace: velero}
spec:
  provider: lifeboat.io/fs
  objectStorage: {bucket: ${storeDir}}
---
apiVersion: velero.io/v1
kind: Backup
metadata: {name: early, namespace: velero}
spec: {storageLocation: fresh, includedNamespaces: [velero]}
`,
  );
  // Not judged while nobody has validated the location yet.
  await new Promise((r) => setTimeout(r, 2_500));
  assert.equal((await getBackup('early')).status?.phase, undefined, 'still waiting, not FailedValidation');
  await client.patch(BSLS, 'fresh', { status: { phase: 'Available' } }, { type: 'merge', namespace: NS });
  await waitFor('the early Backup Completed', async () => (await getBackup('early')).status?.phase === 'Completed', 20_000);

  await client.patch(BSLS, 'fresh', { status: { phase: 'Unavailable' } }, { type: 'merge', namespace: NS });
  await kubectl(['apply', '-f', '-'], 'apiVersion: velero.io/v1\nkind: Backup\nmetadata: {name: late, namespace: velero}\nspec: {storageLocation: fresh}\n');
  await waitFor('FailedValidation', async () => (await getBackup('late')).status?.phase === 'FailedValidation', 20_000);
  assert.deepEqual((await getBackup('late')).status?.validationErrors, [
    "backup can't be created because BackupStorageLocation fresh is in Unavailable status.",
  ]);
});
