// Generated hostile backup directories in a directory storage location (issue 13): wrong JSON types,
// garbage, truncated and bomb gzip, huge and deeply nested files, FIFOs, directories and symbolic
// links where files belong, tarball entries that traverse, are absolute or are links, and restore
// directories that lead out of the store. The embedded hub's engine syncs each one and restores
// it, and after each a good backup must still restore. Asserted throughout: no crash, no stuck
// restore queue, memory bounded, nothing written outside the engine's directories.
//
// fast-check with a fixed seed and a bounded run count, so CI runs the same cases every time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { pino } from 'pino';
import { BACKUPS, VELERO_API_VERSION, type Backup, type Restore } from '../../src/api/velero/index.js';
import { isAlreadyExists, type KubeObject } from '../../src/kube/index.js';
import { BackupSyncReconciler } from '../../src/local/velero/sync/index.js';
import { finishedRestore, gzipBomb, MiB, mkfifo, startRestoringHub, tarGz, tree, type RestoringHub } from './hostile-files.js';
import { reconcileContext, VELERO_NS, type HubWithStorage } from '../support/index.js';
import { completedBackup } from './backup-fixtures.js';
import { CONFIGMAPS } from '../../src/kube/index.js';
import { createRestoreObject, tryGet } from './restore-helpers.js';

const SEED = 20_260_513;
const RUNS = 18;
/**
 * How far the process's resident memory may rise above what it was once the hub, the engine and
 * the good backup were set up. Every storage read is capped (32 MiB inflated for a side file,
 * 16 MiB for a tarball entry, 4 MiB for velero-backup.json) and held at most a few times over
 * while it is parsed; the hub's own caches and the garbage collector's lag take the rest. Before
 * the caps, one of these inputs alone took the process to 4.4 GB.
 */
const RSS_CEILING_BYTES = 512 * MiB;
const HOSTILE_NAMESPACE = 'fuzz-hostile';
const ABSOLUTE_TARGET = path.join(tmpdir(), 'lifeboat-fuzz-absolute-pwned');

// ---------------------------------------------------------------------------------------------
// What a generated backup directory holds

type FileShape =
  { kind: 'absent' | 'fifo' | 'directory' | 'link-outside' | 'link-device' } | { kind: 'bytes'; bytes: Uint8Array } | { kind: 'text'; text: string };

interface TarEntrySpec {
  name: string;
  type: 'file' | 'symlink' | 'link' | 'directory';
  body: 'configmap' | 'wrong-types' | 'garbage' | 'deep' | 'oversized';
}

interface HostileBackup {
  metadata: FileShape | { kind: 'backup'; mutate?: [string, unknown]; padding?: number; nesting?: number };
  tarball: FileShape | { kind: 'good' } | { kind: 'truncated-good' } | { kind: 'bomb' } | { kind: 'entries'; entries: TarEntrySpec[] };
  podVolumeBackups: FileShape | { kind: 'null' } | { kind: 'bomb' } | { kind: 'truncated' } | { kind: 'wrong-types' };
  /** `restores/<restore name>` is a symbolic link out of the store. */
  restoresLinkOutside: boolean;
}

const oddValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant({ x: 1 })), { maxKeys: 3 }),
);
const backupPaths = fc.constantFrom(
  'metadata.name',
  'metadata.labels',
  'metadata.annotations',
  'metadata.ownerReferences',
  'metadata.managedFields',
  'metadata.creationTimestamp',
  'metadata.generation',
  'spec',
  'spec.ttl',
  'spec.includedNamespaces',
  'spec.labelSelector',
  'spec.hooks',
  'status',
  'status.phase',
  'status.expiration',
  'status.progress',
  'status.errors',
  'apiVersion',
  'kind',
);
const specialFile = fc.constantFrom<FileShape>({ kind: 'absent' }, { kind: 'fifo' }, { kind: 'directory' }, { kind: 'link-outside' }, { kind: 'link-device' });
const garbage = fc.uint8Array({ maxLength: 300 }).map((bytes): FileShape => ({ kind: 'bytes', bytes }));

const metadataArb: fc.Arbitrary<HostileBackup['metadata']> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'backup' as const }), weight: 2 },
  { arbitrary: fc.tuple(backupPaths, oddValue).map((mutate) => ({ kind: 'backup' as const, mutate })), weight: 4 },
  { arbitrary: fc.integer({ min: 4 * MiB - 2048, max: 4 * MiB + 2048 }).map((padding) => ({ kind: 'backup' as const, padding })), weight: 1 },
  { arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((nesting) => ({ kind: 'backup' as const, nesting })), weight: 1 },
  { arbitrary: garbage, weight: 1 },
  {
    arbitrary: fc.string({ maxLength: 200 }).map((text): FileShape => ({ kind: 'text', text: `{"apiVersion":"velero.io/v1","kind":"Backup",${text}` })),
    weight: 1,
  },
  { arbitrary: specialFile, weight: 2 },
);

const entryArb: fc.Arbitrary<TarEntrySpec> = fc.record({
  name: fc.constantFrom(
    `resources/configmaps/namespaces/${HOSTILE_NAMESPACE}/a.json`,
    `./resources/configmaps/namespaces/${HOSTILE_NAMESPACE}/b.json`,
    `resources/configmaps/namespaces/${HOSTILE_NAMESPACE}/../../../../outside-pwned.json`,
    '../outside-pwned.json',
    '../../../../../../../tmp/outside-pwned.json',
    ABSOLUTE_TARGET,
    'resources/configmaps/cluster/c.json',
    'resources/configmaps/namespaces//d.json',
    'resources\\configmaps\\e.json',
    'resources/x',
    'metadata/version',
  ),
  type: fc.constantFrom('file', 'file', 'file', 'symlink', 'link', 'directory'),
  body: fc.constantFrom('configmap', 'wrong-types', 'garbage', 'deep', 'oversized'),
});

const tarballArb: fc.Arbitrary<HostileBackup['tarball']> = fc.oneof(
  { arbitrary: fc.constantFrom<HostileBackup['tarball']>({ kind: 'good' }, { kind: 'truncated-good' }, { kind: 'bomb' }), weight: 3 },
  { arbitrary: fc.array(entryArb, { minLength: 1, maxLength: 4 }).map((entries) => ({ kind: 'entries' as const, entries })), weight: 4 },
  { arbitrary: garbage, weight: 1 },
  { arbitrary: specialFile, weight: 2 },
);

const podVolumeBackupsArb: fc.Arbitrary<HostileBackup['podVolumeBackups']> = fc.oneof(
  fc.constantFrom<HostileBackup['podVolumeBackups']>({ kind: 'null' }, { kind: 'bomb' }, { kind: 'truncated' }, { kind: 'wrong-types' }),
  garbage,
  specialFile,
);

const hostileBackupArb: fc.Arbitrary<HostileBackup> = fc.record({
  metadata: metadataArb,
  tarball: tarballArb,
  podVolumeBackups: podVolumeBackupsArb,
  restoresLinkOutside: fc.boolean(),
});

/** The issue's own inputs, run first whatever the seed draws. */
const ISSUE_EXAMPLES: HostileBackup[] = [
  { metadata: { kind: 'backup' }, tarball: { kind: 'fifo' }, podVolumeBackups: { kind: 'bomb' }, restoresLinkOutside: true },
  { metadata: { kind: 'fifo' }, tarball: { kind: 'link-outside' }, podVolumeBackups: { kind: 'fifo' }, restoresLinkOutside: false },
  {
    metadata: { kind: 'backup', mutate: ['metadata.name', 5] },
    tarball: {
      kind: 'entries',
      entries: [
        { name: '../outside-pwned.json', type: 'file', body: 'configmap' },
        { name: ABSOLUTE_TARGET, type: 'file', body: 'configmap' },
        { name: `resources/configmaps/namespaces/${HOSTILE_NAMESPACE}/a.json`, type: 'symlink', body: 'configmap' },
        { name: `resources/configmaps/namespaces/${HOSTILE_NAMESPACE}/b.json`, type: 'file', body: 'wrong-types' },
      ],
    },
    podVolumeBackups: { kind: 'wrong-types' },
    restoresLinkOutside: true,
  },
  { metadata: { kind: 'backup', padding: 4 * MiB + 1 }, tarball: { kind: 'link-device' }, podVolumeBackups: { kind: 'truncated' }, restoresLinkOutside: false },
  { metadata: { kind: 'directory' }, tarball: { kind: 'directory' }, podVolumeBackups: { kind: 'link-device' }, restoresLinkOutside: false },
  { metadata: { kind: 'backup' }, tarball: { kind: 'good' }, podVolumeBackups: { kind: 'null' }, restoresLinkOutside: false },
];

// ---------------------------------------------------------------------------------------------
// Writing it into the store, as a person with a shell would

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function entryBody(kind: TarEntrySpec['body'], name: string): Buffer {
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: HOSTILE_NAMESPACE }, data: { k: 'v' } };
  switch (kind) {
    case 'configmap':
      return Buffer.from(JSON.stringify(configMap));
    case 'wrong-types':
      return Buffer.from(JSON.stringify({ ...configMap, metadata: { ...configMap.metadata, labels: 'x' }, data: { k: { x: 1 } } }));
    case 'garbage':
      return Buffer.from('\u0000\u00ff{"not json');
    case 'deep':
      return Buffer.from(JSON.stringify({ ...configMap, data: undefined }).replace(/}$/, `,"extra":${nested(50_000)}}`));
    case 'oversized':
      return Buffer.alloc(16 * MiB + 1, 0x61);
  }
}

interface Fixtures {
  storeDir: string;
  outside: string;
  goodTarball: Buffer;
  pvbBomb: Buffer;
  tarBomb: Buffer;
}

async function placeFile(file: string, shape: FileShape, fx: Fixtures): Promise<void> {
  switch (shape.kind) {
    case 'absent':
      return;
    case 'fifo':
      mkfifo(file);
      return;
    case 'directory':
      await mkdir(path.join(file, 'inner'), { recursive: true });
      await writeFile(path.join(file, 'inner', 'f'), 'x');
      return;
    case 'link-outside':
      await symlink(path.join(fx.outside, 'elsewhere.tar.gz'), file);
      return;
    case 'link-device':
      await symlink('/dev/zero', file);
      return;
    case 'bytes':
      await writeFile(file, shape.bytes);
      return;
    case 'text':
      await writeFile(file, shape.text);
  }
}

async function placeBackup(name: string, spec: HostileBackup, fx: Fixtures): Promise<void> {
  const dir = path.join(fx.storeDir, 'backups', name);
  await mkdir(dir, { recursive: true });

  const meta = spec.metadata;
  const metaFile = path.join(dir, 'velero-backup.json');
  if (meta.kind === 'backup') {
    const backup = completedBackup(name, Date.parse('2026-05-01T10:00:00Z')) as unknown as Record<string, unknown>;
    if (meta.mutate) setPath(backup, meta.mutate[0], meta.mutate[1]);
    if (meta.padding) setPath(backup, 'metadata.annotations', { padding: 'p'.repeat(meta.padding) });
    let text = JSON.stringify(backup);
    if (meta.nesting) text = text.replace(/}$/, `,"unknownField":${nested(meta.nesting)}}`);
    await writeFile(metaFile, text);
  } else await placeFile(metaFile, meta, fx);

  const tarball = spec.tarball;
  const tarFile = path.join(dir, `${name}.tar.gz`);
  if (tarball.kind === 'good') await writeFile(tarFile, fx.goodTarball);
  else if (tarball.kind === 'truncated-good') await writeFile(tarFile, fx.goodTarball.subarray(0, Math.floor(fx.goodTarball.length / 2)));
  else if (tarball.kind === 'bomb') await writeFile(tarFile, fx.tarBomb);
  else if (tarball.kind === 'entries') {
    const entries = tarball.entries.map((e, i) => ({
      name: e.name,
      type: e.type,
      body: entryBody(e.body, `item-${i}`),
      linkname: e.type === 'symlink' ? path.join(fx.outside, 'secret.txt') : e.type === 'link' ? '../../../../etc/passwd' : undefined,
    }));
    await writeFile(tarFile, await tarGz(entries));
  } else await placeFile(tarFile, tarball, fx);

  const pvb = spec.podVolumeBackups;
  const pvbFile = path.join(dir, `${name}-podvolumebackups.json.gz`);
  if (pvb.kind === 'null') await writeFile(pvbFile, gzipSync('null'));
  else if (pvb.kind === 'bomb') await writeFile(pvbFile, fx.pvbBomb);
  else if (pvb.kind === 'truncated') await writeFile(pvbFile, gzipSync('[{"metadata":{"name":"x"}}]').subarray(0, 15));
  else if (pvb.kind === 'wrong-types') await writeFile(pvbFile, gzipSync(JSON.stringify([{ metadata: { name: 5, ownerReferences: 'x' } }])));
  else await placeFile(pvbFile, pvb, fx);
}

describe('generated hostile backup directories in a directory storage location', () => {
  let hub: HubWithStorage;
  let work: string;
  let restoreTemp: string;
  let fx: Fixtures;
  let env: RestoringHub;
  const sync = new BackupSyncReconciler({ log: pino({ level: 'silent' }) });

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'lifeboat-fuzz-'));
    restoreTemp = path.join(work, 'restore-temp');
    const outside = path.join(work, 'outside');
    await mkdir(restoreTemp);
    await mkdir(outside);
    env = await startRestoringHub({ tempDir: restoreTemp });
    hub = env.hub;
    await writeFile(path.join(outside, 'secret.txt'), 'not for the engine\n');
    await writeFile(path.join(outside, 'elsewhere.tar.gz'), env.goodTarball);
    fx = { storeDir: hub.location.dir, outside, goodTarball: env.goodTarball, pvbBomb: gzipBomb(64 * MiB, 32), tarBomb: gzipBomb(4 * MiB, 4) };
  });
  after(async () => {
    await env?.teardown();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function ensureBackupObject(name: string): Promise<void> {
    try {
      await hub.client.create<Backup>(BACKUPS, {
        apiVersion: VELERO_API_VERSION,
        kind: 'Backup',
        metadata: { name, namespace: VELERO_NS },
        spec: { storageLocation: 'default', includedNamespaces: ['*'] },
        status: { phase: 'Completed', startTimestamp: '2026-05-01T10:00:00Z' },
      } as Backup & KubeObject);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }

  const finished = (name: string): Promise<Restore> => finishedRestore(hub, name);

  it(`syncs and restores ${RUNS} generated hostile backups without a crash, a stuck queue, a memory spike or a write outside its directories`, async () => {
    const outsideBefore = await tree(fx.outside);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(hostileBackupArb, async (spec) => {
          run += 1;
          const name = `hostile-${run}`;
          await placeBackup(name, spec, fx);
          if (spec.restoresLinkOutside) {
            await mkdir(path.join(fx.storeDir, 'restores'), { recursive: true });
            await symlink(fx.outside, path.join(fx.storeDir, 'restores', `from-${name}`));
          }

          // The sync reads every backup directory; a bad one is logged and skipped, never thrown.
          hub.clock.advance(60_000);
          const synced = await sync.reconcile({ namespace: VELERO_NS, name: 'default' }, reconcileContext(hub.client, hub.clock));
          assert.deepEqual(synced, { requeueAfterMs: 60_000 }, 'the sync round completes');

          // Whether or not the sync took it, a Restore reads what the directory holds; a Restore of
          // the good backup queued behind it must still run.
          await ensureBackupObject(name);
          await createRestoreObject(hub, `from-${name}`, { backupName: name, includedNamespaces: [HOSTILE_NAMESPACE] });
          await createRestoreObject(hub, `good-after-${name}`, { backupName: 'good', namespaceMapping: { app: `good-${run}` } });
          await finished(`from-${name}`);
          const good = await finished(`good-after-${name}`);
          assert.equal(good.status?.phase, 'Completed', JSON.stringify(good.status));
          assert.ok(await tryGet(hub, CONFIGMAPS, 'settings', `good-${run}`), 'the good backup restored its ConfigMap');

          assert.deepEqual(await tree(fx.outside), outsideBefore, 'nothing written outside the store');
          assert.deepEqual(await tree(restoreTemp), [], 'each restore removed its temporary files');
          assert.equal(existsSync(ABSOLUTE_TARGET), false);
          assert.equal(existsSync(path.join(tmpdir(), 'outside-pwned.json')), false);
          assert.ok(peak - baseline < RSS_CEILING_BYTES, `rss rose by ${Math.round((peak - baseline) / MiB)} MiB`);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true, examples: ISSUE_EXAMPLES.map((e) => [e]) },
      );
    } finally {
      clearInterval(sampler);
    }
    assert.equal(run, RUNS);
    // The hub still answers, and still holds the good backup.
    assert.ok(await tryGet(hub, BACKUPS, 'good', VELERO_NS));
    process.stdout.write(`# rss rose by at most ${Math.round((peak - baseline) / MiB)} MiB over ${RUNS} runs\n`);
  });
});
