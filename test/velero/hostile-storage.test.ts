// Files placed by hand in a directory storage location (issue 13, findings 2, 3 and 4): the engine's
// backup sync and restores read them with size caps, refuse what is not a regular file, and skip a
// velero-backup.json whose fields have the wrong JSON types, each with an error that names the
// backup and the file; nothing outside the storage location is read or written, and one bad
// backup never holds up the others.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pino, type Logger } from 'pino';
import { BACKUPS, POD_VOLUME_BACKUPS, type Backup, type Restore } from '../../src/api/velero/index.js';
import type { KubeObject } from '../../src/kube/index.js';
import { ArchiveError, readTarGz } from '../../src/local/velero/archive/index.js';
import { backupContentsKey, backupMetadataKey, backupPodVolumeBackupsKey } from '../../src/local/velero/layout.js';
import { FsObjectStore, NotRegularFileError, readGzipObject, readObject } from '../../src/local/velero/object-store/index.js';
import { BackupSyncReconciler } from '../../src/local/velero/sync/index.js';
import { finishedRestore, gzipBomb, MiB, mkfifo, startRestoringHub, tarGz, tree, type RestoringHub } from './hostile-files.js';
import { reconcileContext, VELERO_NS, type HubWithStorage } from '../support/index.js';
import { completedBackup } from './backup-fixtures.js';
import { CONFIGMAPS } from '../../src/kube/index.js';
import { createRestoreObject, registerBackup, tryGet } from './restore-helpers.js';

/** A pino logger whose JSON lines the test reads back. */
function capturedLog(): { log: Logger; lines(): Array<Record<string, unknown>> } {
  const out: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void out.push(line) });
  return { log, lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('hostile files in a directory storage location', () => {
  let hub: HubWithStorage;
  let outside: string;
  let good: Backup;
  let goodTarball: Buffer;
  let env: RestoringHub;
  const restoreLog = capturedLog();

  before(async () => {
    env = await startRestoringHub({ log: restoreLog.log });
    ({ hub, good, goodTarball } = env);
    outside = await mkdtemp(path.join(tmpdir(), 'lifeboat-outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'not for the engine\n');
  });
  after(async () => {
    await env?.teardown();
    if (outside) await rm(outside, { recursive: true, force: true });
  });

  async function sync(log: Logger): Promise<void> {
    hub.clock.advance(60_000);
    assert.deepEqual(await new BackupSyncReconciler({ log }).reconcile({ namespace: VELERO_NS, name: 'default' }, reconcileContext(hub.client, hub.clock)), {
      requeueAfterMs: 60_000,
    });
  }
  async function backupNames(): Promise<string[]> {
    return (await hub.client.list<Backup>(BACKUPS, { namespace: VELERO_NS })).items.map((b) => b.metadata.name ?? '').sort();
  }
  async function placeMetadata(name: string, backup: unknown): Promise<void> {
    await hub.location.store.put(backupContentsKey(name), goodTarball);
    await hub.location.store.put(backupMetadataKey(name), typeof backup === 'string' ? backup : JSON.stringify(backup));
  }
  function syncErrors(lines: Array<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const l of lines) if (l.level === 50 && typeof l.backup === 'string') out[l.backup] = l.err;
    return out;
  }
  const finished = (name: string): Promise<Restore> => finishedRestore(hub, name);

  it('skips a velero-backup.json with wrong JSON types, naming the file, and never creates a Backup named 5 (finding 4)', async () => {
    type Loose = Record<'metadata' | 'spec' | 'status', Record<string, unknown>>;
    const wrong = (name: string, mutate: (b: Loose) => void): [string, Backup] => {
      const b = completedBackup(name, hub.clock.now()) as unknown as Loose;
      mutate(b);
      return [name, b as unknown as Backup];
    };
    const cases: Array<[[string, Backup], string]> = [
      [wrong('typed-name', (b) => (b.metadata.name = 5)), 'json: cannot unmarshal number into Go struct field Backup.metadata.name of type string'],
      [
        wrong('typed-labels', (b) => (b.metadata.labels = 'x')),
        'json: cannot unmarshal string into Go struct field Backup.metadata.labels of type map[string]string',
      ],
      [
        wrong('typed-label-value', (b) => (b.metadata.labels = { k: { x: 1 } })),
        'json: cannot unmarshal object into Go struct field Backup.metadata.labels.k of type string',
      ],
      [
        wrong('typed-owners', (b) => (b.metadata.ownerReferences = 'x')),
        'json: cannot unmarshal string into Go struct field Backup.metadata.ownerReferences of type []struct',
      ],
      [
        wrong('typed-managers', (b) => (b.metadata.managedFields = [{ manager: 5 }])),
        'json: cannot unmarshal number into Go struct field Backup.metadata.managedFields.manager of type string',
      ],
      [wrong('typed-ttl', (b) => (b.spec.ttl = 720)), 'json: cannot unmarshal number into Go struct field Backup.spec.ttl of type string'],
      [wrong('typed-errors', (b) => (b.status.errors = 1.5)), 'json: cannot unmarshal number 1.5 into Go struct field Backup.status.errors of type int64'],
      [wrong('typed-expiration', (b) => (b.status.expiration = 'next week')), 'parsing time "next week" for Backup.status.expiration: not an RFC 3339 time'],
    ];
    for (const [[dir, backup]] of cases) await placeMetadata(dir, backup);
    await placeMetadata('typed-right', completedBackup('typed-right', hub.clock.now()));
    const before = await backupNames();

    const { log, lines } = capturedLog();
    await sync(log);

    assert.deepEqual(
      (await backupNames()).filter((n) => !before.includes(n)),
      ['typed-right'],
      'only the well-typed backup is synced; there is no Backup named 5',
    );
    const errors = syncErrors(lines());
    for (const [[dir], problem] of cases) assert.equal(errors[dir], `error decoding backups/${dir}/velero-backup.json: ${problem}`, dir);
    for (const l of lines().filter((x) => x.level === 50)) assert.equal(l.msg, 'error getting backup metadata from backup store');
  });

  it('reads each file only up to its cap: a podvolumebackups bomb and an oversized velero-backup.json are errors of their backup (finding 2)', async () => {
    // The input: 2 MB stored, 2 GiB inflated.
    const bomb = gzipBomb(64 * MiB, 32);
    assert.ok(bomb.length < 3 * MiB);
    await placeMetadata('pvb-bomb', completedBackup('pvb-bomb', hub.clock.now()));
    await hub.location.store.put(backupPodVolumeBackupsKey('pvb-bomb'), bomb);
    const huge = completedBackup('huge-metadata', hub.clock.now());
    huge.metadata.annotations = { padding: 'x'.repeat(4 * MiB) };
    await placeMetadata('huge-metadata', huge);

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
    const { log, lines } = capturedLog();
    try {
      await sync(log);
    } finally {
      clearInterval(sampler);
    }
    // The caps bound one read to 32 MiB inflated; before them this input took the process to 4.4 GB.
    assert.ok(rssPeak - rssBefore < 256 * MiB, `rss grew by ${Math.round((rssPeak - rssBefore) / MiB)} MiB`);

    const names = await backupNames();
    assert.ok(names.includes('pvb-bomb'), 'as Velero: the Backup is synced, its pod volume backups are not');
    assert.ok(!names.includes('huge-metadata'));
    assert.deepEqual((await hub.client.list(POD_VOLUME_BACKUPS, { namespace: VELERO_NS })).items, []);
    const logged = lines().filter((l) => l.level === 50 && (l.backup === 'huge-metadata' || l.backup === 'pvb-bomb'));
    assert.deepEqual(
      logged.map((l) => [l.backup, l.msg, l.err]),
      [
        [
          'huge-metadata',
          'error getting backup metadata from backup store',
          'backups/huge-metadata/velero-backup.json is larger than the 4 MiB the engine reads',
        ],
        [
          'pvb-bomb',
          'error getting pod volume backups for this backup from backup store',
          'backups/pvb-bomb/pvb-bomb-podvolumebackups.json.gz is larger than the 32 MiB the engine reads once decompressed',
        ],
      ],
    );
  });

  it('refuses a tarball entry above its cap: the restore fails that item, with the entry and the cap named (finding 2)', async () => {
    const big = Buffer.concat([
      Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"x":"'),
      Buffer.alloc(17 * MiB, 0x61),
      Buffer.from('"}}'),
    ]);
    const name = 'big-item';
    await hub.location.store.put(backupContentsKey(name), await tarGz([{ name: 'resources/configmaps/namespaces/app/big.json', body: big }]));
    await registerBackup(hub, { ...good, metadata: { ...good.metadata, name } });
    await createRestoreObject(hub, 'from-big-item', { backupName: name });
    const restore = await finished('from-big-item');
    assert.equal(restore.status?.phase, 'PartiallyFailed');
    assert.equal(restore.status?.errors, 1);
    assert.equal(await tryGet(hub, CONFIGMAPS, 'big', 'app'), undefined);
    const logged = restoreLog.lines().map((l) => String(l.msg));
    assert.ok(
      logged.some((m) =>
        m.includes(
          `error extracting backup big-item: backup archive entry "resources/configmaps/namespaces/app/big.json" is ${big.length} bytes, more than the 16 MiB the engine reads`,
        ),
      ),
      logged.join('\n'),
    );
  });

  it('fails a Restore whose tarball is a FIFO or a link at once, and the next Restore runs (finding 3)', async () => {
    for (const name of ['fifo', 'linked']) await registerBackup(hub, { ...good, metadata: { ...good.metadata, name } });
    await mkdir(path.join(hub.location.dir, 'backups', 'fifo'));
    mkfifo(path.join(hub.location.dir, 'backups', 'fifo', 'fifo.tar.gz'));
    // A link to a valid tarball outside the store: reading it would restore what the store does not hold.
    await writeFile(path.join(outside, 'elsewhere.tar.gz'), goodTarball);
    await mkdir(path.join(hub.location.dir, 'backups', 'linked'));
    await symlink(path.join(outside, 'elsewhere.tar.gz'), path.join(hub.location.dir, 'backups', 'linked', 'linked.tar.gz'));
    // And a restore directory that is a link out of the store: the restore's files must not land there.
    await mkdir(path.join(hub.location.dir, 'restores'), { recursive: true });
    await symlink(outside, path.join(hub.location.dir, 'restores', 'from-linked'));
    const outsideBefore = await tree(outside);

    await createRestoreObject(hub, 'from-fifo', { backupName: 'fifo' });
    await createRestoreObject(hub, 'from-linked', { backupName: 'linked' });
    await createRestoreObject(hub, 'after-them', { backupName: 'good', namespaceMapping: { app: 'app-again' } });

    const fromFifo = await finished('from-fifo');
    assert.equal(fromFifo.status?.phase, 'Failed');
    assert.equal(
      fromFifo.status?.failureReason,
      `error downloading backup: object "backups/fifo/fifo.tar.gz" in directory ${hub.location.dir} is a FIFO, not a regular file; it is not read`,
    );
    const fromLinked = await finished('from-linked');
    assert.equal(fromLinked.status?.phase, 'Failed');
    assert.equal(
      fromLinked.status?.failureReason,
      `error downloading backup: object "backups/linked/linked.tar.gz" in directory ${hub.location.dir} is a symbolic link, not a regular file; it is not read`,
    );
    const afterThem = await finished('after-them');
    assert.equal(afterThem.status?.phase, 'Completed');
    assert.deepEqual((await tryGet<KubeObject & { data?: Record<string, string> }>(hub, CONFIGMAPS, 'settings', 'app-again'))?.data, { mode: 'on' });
    assert.deepEqual(await tree(outside), outsideBefore, 'nothing was written outside the store');
  });

  it('refuses FIFOs, links and link-escapes in the directory store itself', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'lifeboat-fs-hostile-'));
    try {
      const store = new FsObjectStore(root);
      await store.put('backups/a/a.tar.gz', 'data');
      mkfifo(path.join(root, 'backups', 'a', 'velero-backup.json'));
      await symlink('/etc/hostname', path.join(root, 'backups', 'a', 'a-logs.gz'));
      await symlink(outside, path.join(root, 'backups', 'b'));
      await assert.rejects(store.get('backups/a/velero-backup.json'), (e: unknown) => e instanceof NotRegularFileError && e.kind === 'FIFO');
      await assert.rejects(store.get('backups/a/a-logs.gz'), (e: unknown) => e instanceof NotRegularFileError && e.kind === 'symbolic link');
      assert.equal(await store.exists('backups/a/velero-backup.json'), true, 'something is there, so a backup of that name is not written over it');
      for (const op of [
        () => store.get('backups/b/secret.txt'),
        () => store.put('backups/b/x', 'x'),
        () => store.delete('backups/b/secret.txt'),
        () => store.put('backups/b/new/x', 'x'),
      ]) {
        await assert.rejects(op(), /leads out of the store root through a symbolic link/);
      }
      const listed: string[] = [];
      for await (const key of store.list('backups/')) listed.push(key);
      assert.deepEqual(listed, ['backups/a/a.tar.gz'], 'only regular files are objects');
      assert.deepEqual(await tree(outside), ['elsewhere.tar.gz', 'secret.txt']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('caps gzip side files and tarballs while they stream, and names a truncated one', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'lifeboat-caps-'));
    try {
      const store = new FsObjectStore(root);
      await store.put('f.gz', gzipBomb(MiB, 3));
      await assert.rejects(readGzipObject(store, 'f.gz', { storedBytes: MiB, inflatedBytes: 2 * MiB }), {
        message: 'f.gz is larger than the 2 MiB the engine reads once decompressed',
      });
      await assert.rejects(readGzipObject(store, 'f.gz', { storedBytes: 100, inflatedBytes: 4 * MiB }), {
        message: 'f.gz is larger than the 100 bytes the engine reads',
      });
      assert.equal((await readGzipObject(store, 'f.gz', { storedBytes: MiB, inflatedBytes: 3 * MiB })).length, 3 * MiB);
      await store.put('t.gz', gzipSync(Buffer.from('[1,2,3]')).subarray(0, 12));
      await assert.rejects(readGzipObject(store, 't.gz'), { message: 't.gz is not valid gzip data: unexpected end of file' });
      await store.put('m.json', Buffer.alloc(11));
      await assert.rejects(readObject(store, 'm.json', 10), { message: 'm.json is larger than the 10 bytes the engine reads' });

      const archive = await tarGz([{ name: 'resources/a.json', body: Buffer.alloc(3 * MiB) }]);
      const read = async (opts: { maxEntryBytes?: number; maxInflatedBytes?: number }): Promise<void> => {
        for await (const _entry of readTarGz(Readable.from([archive]), opts)) {
          // read to the end
        }
      };
      await assert.rejects(
        read({ maxInflatedBytes: 2 * MiB }),
        (e: unknown) => e instanceof ArchiveError && e.message === 'backup archive inflates to more than the 2 MiB the engine reads',
      );
      await assert.rejects(read({ maxEntryBytes: MiB }), /backup archive entry "resources\/a.json" is 3145728 bytes, more than the 1 MiB the engine reads/);
      await read({});
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
