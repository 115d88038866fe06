// Shared by the restore tests (named to sit within their file pattern): embedded hubs with the
// velero.io CRDs, the `velero` namespace and a directory BackupStorageLocation over one shared
// store, real backups made by the engine's own backup path, and readers for the restore files.
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pino, type Logger } from 'pino';
import { parse as parseYaml } from 'yaml';
import {
  BACKUP_STORAGE_LOCATIONS,
  BACKUPS,
  FS_PROVIDER,
  RESTORES,
  VELERO_API_VERSION,
  veleroCrds,
  type Backup,
  type BackupSpec,
  type BackupStorageLocation,
  type Restore,
  type RestoreSpec,
} from '../../src/api/velero/index.js';
import { installCrds } from '../../src/cli/install-crds.js';
import { KubeClient, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { runBackup } from '../../src/local/velero/backup/run-backup.js';
import { restoreItemOperationsKey, restoreLogKey, restoreResourceListKey, restoreResultsKey, restoreVolumeInfoKey } from '../../src/local/velero/layout.js';
import { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { readObject } from '../../src/local/velero/object-store/read-object.js';
import { runRestore, type RestoreOutcome } from '../../src/local/velero/restore/index.js';
import type { RestoreResults } from '../../src/local/velero/restore/index.js';
import { startHubEnv, type HubEnv } from '../support/hub-env.js';
import { waitFor } from '../support/wait.js';
import { NAMESPACES, CONFIGMAPS, SECRETS, CUSTOM_RESOURCE_DEFINITIONS as CRDS } from '../../src/kube/index.js';
export { NAMESPACES, CONFIGMAPS, SECRETS, CRDS };

export const VELERO_NS = 'velero';
export const WIDGETS: ResourceRef = { group: 'example.com', version: 'v1', plural: 'widgets', namespaced: true, kind: 'Widget' };
export const GADGETS: ResourceRef = { group: 'example.com', version: 'v1', plural: 'gadgets', namespaced: false, kind: 'Gadget' };

export function testLog(): Logger {
  return pino({ level: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'silent' });
}

export interface VeleroTestHub {
  env: HubEnv;
  client: KubeClient;
  teardown(): Promise<void>;
}

/** A hub with the velero CRDs, the velero namespace and BSL `default` on `storeDir`. */
export async function startVeleroHub(storeDir: string): Promise<VeleroTestHub> {
  const env = await startHubEnv();
  const client = new KubeClient(env.kubeConfig);
  try {
    await installCrds(client, veleroCrds());
    await waitFor(
      () =>
        client.list(RESTORES, { namespace: VELERO_NS }).then(
          () => true,
          () => false,
        ),
      20_000,
      'velero.io CRDs to be served',
    );
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: VELERO_NS } });
    const bsl: BackupStorageLocation = {
      apiVersion: VELERO_API_VERSION,
      kind: 'BackupStorageLocation',
      metadata: { name: 'default', namespace: VELERO_NS },
      spec: { provider: FS_PROVIDER, objectStorage: { bucket: storeDir }, default: true },
    };
    await client.create(BACKUP_STORAGE_LOCATIONS, bsl);
    await client.patch(BACKUP_STORAGE_LOCATIONS, 'default', { status: { phase: 'Available' } }, { type: 'merge', namespace: VELERO_NS });
  } catch (err) {
    client.close();
    await env.teardown();
    throw err;
  }
  return {
    env,
    client,
    async teardown() {
      client.close();
      await env.teardown();
    },
  };
}

export async function tempStore(): Promise<{ dir: string; store: FsObjectStore; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-restore-store-'));
  return { dir, store: new FsObjectStore(dir), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Applies a multi-document YAML with the real kubectl. */
export async function apply(hub: VeleroTestHub, yaml: string): Promise<void> {
  const res = await hub.env.kubectl(['apply', '-f', '-'], { input: yaml });
  assert.equal(res.code, 0, `kubectl apply failed: ${res.stderr}`);
}

export function yamlDocs(yaml: string): KubeObject[] {
  return yaml
    .split(/^---$/m)
    .map((d) => parseYaml(d) as KubeObject | null)
    .filter((d): d is KubeObject => d !== null);
}

/** Runs a backup on `hub` with the engine's backup path; it must complete. */
export async function makeBackup(hub: VeleroTestHub, store: FsObjectStore, name: string, spec: BackupSpec): Promise<Backup> {
  const created = await hub.client.create<Backup>(BACKUPS, {
    apiVersion: VELERO_API_VERSION,
    kind: 'Backup',
    metadata: { name, namespace: VELERO_NS },
    spec: { storageLocation: 'default', ...spec },
  } as Backup & KubeObject);
  const done = await runBackup({ client: hub.client, backup: created, store, log: testLog(), reporter: null });
  assert.equal(done.status?.phase, 'Completed', `backup ${name}: ${JSON.stringify(done.status)}`);
  return done;
}

/** What the sync controller does on a hub that shares the storage: the Backup object, status included. */
export async function registerBackup(hub: VeleroTestHub, backup: Backup, labels: Record<string, string> = {}): Promise<Backup> {
  return hub.client.create<Backup>(BACKUPS, {
    apiVersion: VELERO_API_VERSION,
    kind: 'Backup',
    metadata: { name: backup.metadata.name, namespace: VELERO_NS, labels: { ...backup.metadata.labels, ...labels } },
    spec: backup.spec,
    status: backup.status,
  } as Backup & KubeObject);
}

export async function createRestoreObject(hub: VeleroTestHub, name: string, spec: RestoreSpec): Promise<Restore> {
  return hub.client.create<Restore>(RESTORES, { apiVersion: VELERO_API_VERSION, kind: 'Restore', metadata: { name, namespace: VELERO_NS }, spec } as Restore &
    KubeObject);
}

/** Creates the Restore object and runs it with runRestore directly (no controller). */
export async function restore(hub: VeleroTestHub, store: FsObjectStore, name: string, spec: RestoreSpec): Promise<RestoreOutcome> {
  const created = await createRestoreObject(hub, name, spec);
  return runRestore({ client: hub.client, restore: created, store, log: testLog(), resourceTimeoutMs: 20_000 });
}

export interface RestoreFiles {
  results: RestoreResults;
  resultsText: string;
  resourceList: Record<string, string[]>;
  itemOperations: unknown;
  volumeInfo: unknown;
  log: string;
}

export async function readRestoreFiles(store: FsObjectStore, name: string): Promise<RestoreFiles> {
  const gz = async (key: string): Promise<string> => gunzipSync(await readObject(store, key)).toString('utf8');
  const resultsText = await gz(restoreResultsKey(name));
  return {
    results: JSON.parse(resultsText) as RestoreResults,
    resultsText,
    resourceList: JSON.parse(await gz(restoreResourceListKey(name))) as Record<string, string[]>,
    itemOperations: JSON.parse(await gz(restoreItemOperationsKey(name))),
    volumeInfo: JSON.parse(await gz(restoreVolumeInfoKey(name))),
    log: await gz(restoreLogKey(name)),
  };
}

export function entries(resourceList: Record<string, string[]>): number {
  return Object.values(resourceList).reduce((n, l) => n + l.length, 0);
}

export async function names(hub: VeleroTestHub, ref: ResourceRef, namespace?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of hub.client.listAll(ref, { namespace })) out.push(o.metadata?.name ?? '');
  return out.sort();
}

export async function tryGet<T extends KubeObject = KubeObject>(
  hub: VeleroTestHub,
  ref: ResourceRef,
  name: string,
  namespace?: string,
): Promise<T | undefined> {
  try {
    return await hub.client.get<T>(ref, name, { namespace });
  } catch {
    return undefined;
  }
}

// Registered only when this file itself is the test file run, not in the files that import it.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  test('the restore harness reads YAML documents', () => {
    assert.deepEqual(
      yamlDocs('a: 1\n---\nb: 2\n').map((d) => Object.keys(d)),
      [['a'], ['b']],
    );
  });
}
