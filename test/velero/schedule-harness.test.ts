// Shared by the schedule, gc, deletion and sync tests (named to sit within their file pattern): an
// embedded hub with the velero.io CRDs, the `velero` namespace and a directory storage location,
// all on a clock the test moves by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino, type Logger } from 'pino';
import {
  BACKUP_STORAGE_LOCATIONS,
  BACKUPS,
  BACKUP_FORMAT_VERSION,
  FS_PROVIDER,
  LABEL_STORAGE_LOCATION,
  SCHEDULES,
  VELERO_API_VERSION,
  veleroCrds,
  type Backup,
  type BackupPhase,
  type BackupStorageLocation,
  type BackupStorageLocationSpec,
} from '../../src/api/velero/index.js';
import { KubeClient, type Clock, type KubeObject } from '../../src/kube/index.js';
import type { CacheReader, EventRecorder, ReconcileContext } from '../../src/kube/runtime/contract.js';
import { installCrds } from '../../src/cli/install-crds.js';
import { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { backupContentsKey, backupLogKey, backupMetadataKey } from '../../src/local/velero/layout.js';
import { startHubEnv, type HubEnv } from '../support/hub-env.js';
import { waitFor } from '../support/wait.js';
import { NAMESPACES } from '../../src/kube/index.js';

export const VELERO_NS = 'velero';

/** Time that moves only when the test says so; sleepers wake when it passes their deadline. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: { at: number; wake: () => void }[] = [];

  constructor(start: string | number) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const at = this.current + Math.max(ms, 0);
      if (at <= this.current) return void setImmediate(resolve);
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        resolve();
      };
      const sleeper = {
        at,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(at: string | number): void {
    this.current = typeof at === 'string' ? Date.parse(at) : at;
    const due = this.sleepers.filter((s) => s.at <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.at > this.current);
    for (const s of due) s.wake();
  }
}

export interface VeleroHub {
  env: HubEnv;
  client: KubeClient;
  clock: ManualClock;
  /** The directory the `default` BackupStorageLocation points at. */
  storeDir: string;
  store: FsObjectStore;
  log: Logger;
  teardown(): Promise<void>;
}

export interface VeleroHubOptions {
  clock?: ManualClock;
  /** Share a storage directory between hubs; otherwise a fresh one. */
  storeDir?: string;
  /** The name of the storage location created on this hub. Default `default`. */
  locationName?: string;
}

export function testLog(): Logger {
  return pino({ level: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'silent' });
}

/** A hub with the velero CRDs, the velero namespace and an Available directory BSL. */
export async function startVeleroHub(opts: VeleroHubOptions = {}): Promise<VeleroHub> {
  const clock = opts.clock ?? new ManualClock('2026-05-01T10:00:30Z');
  const env = await startHubEnv({ clock: { now: () => clock.now() } });
  const client = new KubeClient(env.kubeConfig);
  const ownStore = opts.storeDir === undefined;
  const storeDir = opts.storeDir ?? (await mkdtemp(path.join(tmpdir(), 'lifeboat-velero-store-')));
  try {
    await installCrds(client, veleroCrds());
    await waitFor(
      async () =>
        await client.list(SCHEDULES, { namespace: VELERO_NS }).then(
          () => true,
          () => false,
        ),
      20_000,
      'velero.io CRDs to be served',
    );
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: VELERO_NS } });
    await createLocation(client, opts.locationName ?? 'default', { provider: FS_PROVIDER, objectStorage: { bucket: storeDir } });
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return {
    env,
    client,
    clock,
    storeDir,
    store: new FsObjectStore(storeDir),
    log: testLog(),
    async teardown() {
      client.close();
      await env.teardown();
      if (ownStore) await rm(storeDir, { recursive: true, force: true });
    },
  };
}

/** Creates a BackupStorageLocation and marks it as the BSL controller would after validating it. */
export async function createLocation(
  client: KubeClient,
  name: string,
  spec: BackupStorageLocationSpec,
  phase: 'Available' | 'Unavailable' = 'Available',
): Promise<BackupStorageLocation> {
  const bsl: BackupStorageLocation = { apiVersion: VELERO_API_VERSION, kind: 'BackupStorageLocation', metadata: { name, namespace: VELERO_NS }, spec };
  await client.create(BACKUP_STORAGE_LOCATIONS, bsl);
  return client.patch<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, name, { status: { phase } }, { type: 'merge', namespace: VELERO_NS });
}

const noEvents: EventRecorder = { event: () => undefined };
const noCache: CacheReader = { get: () => undefined, list: () => [] };

/** What the Manager hands a reconciler, for calling reconcile() directly. */
export function reconcileContext(hub: VeleroHub, events: EventRecorder = noEvents): ReconcileContext {
  return { signal: new AbortController().signal, client: hub.client, clock: hub.clock, events, cache: noCache };
}

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A finished Backup as Velero stores it: in phase Completed, labelled with its location. */
export function completedBackup(
  name: string,
  startMs: number,
  extra: { labels?: Record<string, string>; location?: string; ttlMs?: number; phase?: BackupPhase } = {},
): Backup {
  const location = extra.location ?? 'default';
  const ttlMs = extra.ttlMs ?? 720 * 3600_000;
  return {
    apiVersion: VELERO_API_VERSION,
    kind: 'Backup',
    metadata: { name, namespace: VELERO_NS, labels: { ...extra.labels, [LABEL_STORAGE_LOCATION]: location } },
    spec: { storageLocation: location, ttl: '720h0m0s', hooks: {}, metadata: {}, includedNamespaces: ['*'] },
    status: {
      version: 1,
      formatVersion: BACKUP_FORMAT_VERSION,
      phase: extra.phase ?? 'Completed',
      startTimestamp: rfc3339(startMs),
      completionTimestamp: rfc3339(startMs + 5000),
      expiration: rfc3339(startMs + ttlMs),
      progress: { totalItems: 3, itemsBackedUp: 3 },
      errors: 0,
      warnings: 0,
    },
  };
}

/** Places a backup's files in a store the way the engine leaves them: contents first, metadata last. */
export async function placeBackupFiles(store: FsObjectStore, backup: Backup): Promise<void> {
  const name = backup.metadata.name ?? '';
  await store.put(backupContentsKey(name), Buffer.from('not really a tarball'));
  await store.put(backupLogKey(name), Buffer.from('not really a log'));
  await store.put(backupMetadataKey(name), JSON.stringify(backup, null, 2));
}

export async function createBackupObject(client: KubeClient, backup: Backup): Promise<Backup> {
  return client.create<Backup>(BACKUPS, backup as Backup & KubeObject);
}

// Registered only when this file itself is run, not in every test file that imports the harness.
const runDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;

if (runDirectly)
  test('the manual clock wakes sleepers only when it passes their deadline', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const woke: string[] = [];
    void clock.sleep(1000).then(() => woke.push('1s'));
    void clock.sleep(60_000).then(() => woke.push('1m'));
    clock.advance(999);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(woke, []);
    clock.advance(1);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(woke, ['1s']);
    clock.set('2026-01-01T01:00:00Z');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(woke, ['1s', '1m']);
  });
