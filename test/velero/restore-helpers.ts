// Shared by the restore tests: the storage directory source and target hubs share, real backups
// made by the engine's own backup path, restores run directly, and readers for the restore files.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { BACKUPS, RESTORES, VELERO_API_VERSION, type Backup, type BackupSpec, type Restore, type RestoreSpec } from '../../src/api/velero/index.js';
import type { KubeObject, ResourceRef } from '../../src/kube/index.js';
import { runBackup } from '../../src/local/velero/backup/run-backup.js';
import { restoreItemOperationsKey, restoreLogKey, restoreResourceListKey, restoreResultsKey, restoreVolumeInfoKey } from '../../src/local/velero/layout.js';
import { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { readObject } from '../../src/local/velero/object-store/read-object.js';
import { runRestore, type RestoreOutcome, type RestoreResults } from '../../src/local/velero/restore/index.js';
import { tempDir, testLog, VELERO_NS, type HubAccess } from '../support/index.js';

export interface TempStore {
  dir: string;
  store: FsObjectStore;
  remove(): Promise<void>;
}

/** A storage directory that the source and target hubs of a test share. */
export async function tempStore(): Promise<TempStore> {
  const dir = await tempDir('restore-store');
  return { dir, store: new FsObjectStore(dir), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Applies a multi-document YAML with the real kubectl. */
export async function apply(hub: HubAccess, yaml: string): Promise<void> {
  const res = await hub.kubectl(['apply', '-f', '-'], { input: yaml });
  assert.equal(res.code, 0, `kubectl apply failed: ${res.stderr}`);
}

export function yamlDocs(yaml: string): KubeObject[] {
  return yaml
    .split(/^---$/m)
    .map((d) => parseYaml(d) as KubeObject | null)
    .filter((d): d is KubeObject => d !== null);
}

/** Runs a backup on `hub` with the engine's backup path; it must complete. */
export async function makeBackup(hub: HubAccess, store: FsObjectStore, name: string, spec: BackupSpec): Promise<Backup> {
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
export async function registerBackup(hub: HubAccess, backup: Backup, labels: Record<string, string> = {}): Promise<Backup> {
  return hub.client.create<Backup>(BACKUPS, {
    apiVersion: VELERO_API_VERSION,
    kind: 'Backup',
    metadata: { name: backup.metadata.name, namespace: VELERO_NS, labels: { ...backup.metadata.labels, ...labels } },
    spec: backup.spec,
    status: backup.status,
  } as Backup & KubeObject);
}

export async function createRestoreObject(hub: HubAccess, name: string, spec: RestoreSpec): Promise<Restore> {
  return hub.client.create<Restore>(RESTORES, { apiVersion: VELERO_API_VERSION, kind: 'Restore', metadata: { name, namespace: VELERO_NS }, spec } as Restore &
    KubeObject);
}

/** Creates the Restore object and runs it with runRestore directly (no controller). */
export async function restore(hub: HubAccess, store: FsObjectStore, name: string, spec: RestoreSpec): Promise<RestoreOutcome> {
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

export async function names(hub: HubAccess, ref: ResourceRef, namespace?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of hub.client.listAll(ref, { namespace })) out.push(o.metadata?.name ?? '');
  return out.sort();
}

export async function tryGet<T extends KubeObject = KubeObject>(hub: HubAccess, ref: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
  try {
    return await hub.client.get<T>(ref, name, { namespace });
  } catch {
    return undefined;
  }
}
