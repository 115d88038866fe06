// Shared set-up for the Restore end-to-end tests (no tests of its own): `lifeboat up` hubs on one
// storage directory, driven with the real kubectl, and the helpers those tests wait with.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACM_RESTORES, BACKUP_SCHEDULES, type AcmRestore, type BackupSchedule } from '../../src/api/backup/index.js';
import { BACKUPS, SCHEDULES, type Backup, type Schedule } from '../../src/api/velero/index.js';
import { backupTimestamp, initialBackupFor } from '../../src/backup/schedule/index.js';
import { hubIdentity } from '../../src/backup/hub-identity.js';
import { isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { runKubectl, startLifeboatProcess, type HubProcess, type KubectlResult } from '../support/hub-env.js';
import { waitFor } from '../support/wait.js';
import { clientFor } from './prepare-harness.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const NS = 'open-cluster-management-backup';
/** How long a spawned hub may take to act on a 2-core machine shared with other work. */
export const SLOW_MS = 120_000;

export interface TestHub {
  name: string;
  dataDir: string;
  process: HubProcess;
  client: KubeClient;
  id: string;
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /** kubectl that must succeed; returns stdout. */
  k(args: string[], input?: string): Promise<string>;
  stop(): Promise<void>;
}

export class HubPair {
  readonly dirs: string[] = [];
  readonly hubs: TestHub[] = [];
  storage = '';
  private cacheDir = '';

  async init(): Promise<void> {
    this.storage = await mkdtemp(path.join(tmpdir(), 'lifeboat-restore-storage-'));
    this.cacheDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-restore-kubecache-'));
    this.dirs.push(this.storage, this.cacheDir);
  }

  /** Starts `lifeboat up` on the shared storage; with `dataDir`, restarts a hub that was stopped. */
  async start(name: string, extraArgs: string[] = [], dataDir?: string): Promise<TestHub> {
    const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), `lifeboat-restore-${name}-`)));
    if (!dataDir) this.dirs.push(dir);
    const process = await startLifeboatProcess('up', dir, [
      '--storage',
      this.storage,
      '--backup-sync-interval',
      '1s',
      '--collision-check-interval',
      '1s',
      ...extraArgs,
    ]);
    const client = clientFor(process.kubeconfigPath);
    const kubectl = (args: string[], input?: string) => runKubectl(process.kubeconfigPath, this.cacheDir, args, { input, timeoutMs: 60_000 });
    const hub: TestHub = {
      name,
      dataDir: dir,
      process,
      client,
      id: await hubIdentity(client),
      kubectl,
      async k(args, input) {
        const r = await kubectl(args, input);
        assert.equal(r.code, 0, `kubectl ${args.join(' ')} on hub ${name}: ${r.stderr}`);
        return r.stdout;
      },
      async stop() {
        client.close();
        await process.stop();
      },
    };
    this.hubs.push(hub);
    return hub;
  }

  async teardown(): Promise<void> {
    for (const hub of this.hubs) await hub.stop().catch(() => undefined);
    for (const dir of this.dirs) await rm(dir, { recursive: true, force: true });
  }
}

export async function getOrUndefined<T extends KubeObject>(client: KubeClient, ref: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
  try {
    return await client.get<T>(ref, name, { namespace });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export const SCHEDULE_ACM = `apiVersion: cluster.open-cluster-management.io/v1beta1
kind: BackupSchedule
metadata:
  name: schedule-acm
  namespace: ${NS}
spec:
  veleroSchedule: 0 0 1 1 *
  veleroTtl: 120h
`;

/** Hub objects of each backup kind: resources, generic resources and credentials, in namespace `apps`. */
export const APPS_CONTENT = `apiVersion: v1
kind: Namespace
metadata: {name: apps}
---
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: Placement
metadata: {name: placement-a, namespace: apps}
spec: {clusterSets: [default]}
---
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: Placement
metadata: {name: generic-a, namespace: apps, labels: {cluster.open-cluster-management.io/backup: generic}}
spec: {clusterSets: [default]}
---
apiVersion: v1
kind: Secret
metadata: {name: cloud-secret, namespace: apps, labels: {cluster.open-cluster-management.io/type: aws}}
stringData: {key: from-hub-a}
`;

/** The restorable backups of one schedule run, by type. */
export function backupNames(stamp: string): string[] {
  return ['acm-credentials-schedule', 'acm-resources-schedule', 'acm-resources-generic-schedule', 'acm-managed-clusters-schedule'].map((s) => `${s}-${stamp}`);
}

async function waitCompleted(hub: TestHub, names: readonly string[]): Promise<void> {
  await waitFor(
    async () => {
      for (const name of names) {
        const b = await getOrUndefined<Backup>(hub.client, BACKUPS, name, NS);
        if (b?.status?.phase !== 'Completed' && b?.status?.phase !== 'PartiallyFailed') return false;
      }
      return true;
    },
    SLOW_MS,
    `backups ${names.join(', ')} finished on hub ${hub.name}`,
    200,
  );
}

export async function waitSynced(hub: TestHub, names: readonly string[]): Promise<void> {
  await waitFor(
    async () => (await Promise.all(names.map((n) => getOrUndefined(hub.client, BACKUPS, n, NS)))).every(Boolean),
    SLOW_MS,
    `${names.join(', ')} synced to hub ${hub.name}`,
    200,
  );
}

/** Applies schedule-acm on `hub` and returns the timestamp of its initial backups once they completed and reached `others`. */
export async function startBackups(hub: TestHub, others: readonly TestHub[], manifest = SCHEDULE_ACM): Promise<string> {
  await hub.k(['apply', '-f', '-'], manifest);
  await waitFor(async () => (await hub.client.list<Schedule>(SCHEDULES, { namespace: NS })).items.length === 5, SLOW_MS, 'five velero schedules', 200);
  let stamp = '';
  await waitFor(
    async () => {
      const b = (await hub.client.list<Backup>(BACKUPS, { namespace: NS })).items.find((x) => x.metadata.name?.startsWith('acm-resources-schedule-'));
      stamp = b?.metadata.name?.slice(-14) ?? '';
      return stamp !== '';
    },
    SLOW_MS,
    'the initial backups',
    200,
  );
  await waitCompleted(hub, backupNames(stamp));
  for (const other of others) await waitSynced(other, backupNames(stamp));
  return stamp;
}

let lastStamp = '';

/**
 * What a cron slot of the velero Schedules does: one Backup per Schedule, all with one new
 * timestamp. Returns the timestamp once the backups completed and reached `others`.
 */
export async function scheduleSlot(hub: TestHub, others: readonly TestHub[]): Promise<string> {
  let stamp = backupTimestamp(Date.now());
  while (stamp <= lastStamp) {
    await new Promise((r) => setTimeout(r, 200));
    stamp = backupTimestamp(Date.now());
  }
  lastStamp = stamp;
  for (const schedule of (await hub.client.list<Schedule>(SCHEDULES, { namespace: NS })).items) {
    await hub.client.create<Backup>(BACKUPS, initialBackupFor(schedule, stamp), { namespace: NS });
  }
  await waitCompleted(hub, backupNames(stamp));
  for (const other of others) await waitSynced(other, backupNames(stamp));
  return stamp;
}

export async function getRestore(hub: TestHub, name: string): Promise<AcmRestore> {
  return hub.client.get<AcmRestore>(ACM_RESTORES, name, { namespace: NS });
}

export async function waitRestorePhase(hub: TestHub, name: string, phases: readonly string[], what = ''): Promise<AcmRestore> {
  let restore: AcmRestore | undefined;
  await waitFor(
    async () => phases.includes((restore = await getOrUndefined<AcmRestore>(hub.client, ACM_RESTORES, name, NS))?.status?.phase ?? ''),
    SLOW_MS,
    `Restore ${name} in ${phases.join('/')} on hub ${hub.name}${what ? ` (${what})` : ''}; last: ${JSON.stringify(restore?.status)}`,
    200,
  );
  return restore as AcmRestore;
}

export async function deleteRestore(hub: TestHub, name: string): Promise<void> {
  await hub.k(['delete', 'restores.cluster.open-cluster-management.io', name, '-n', NS, '--wait=true']);
}

export async function getBackupSchedule(hub: TestHub, name = 'schedule-acm'): Promise<BackupSchedule | undefined> {
  return getOrUndefined<BackupSchedule>(hub.client, BACKUP_SCHEDULES, name, NS);
}

/** A Restore manifest as the documentation writes them. */
export function restoreYaml(name: string, spec: Record<string, string | boolean>): string {
  return [
    'apiVersion: cluster.open-cluster-management.io/v1beta1',
    'kind: Restore',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${NS}`,
    'spec:',
    ...Object.entries(spec).map(([k, v]) => `  ${k}: ${v}`),
    '',
  ].join('\n');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `lifeboat <args>` as a user runs it (a cold CLI start may take a while on a loaded machine). */
export function runCli(args: string[], timeoutMs = SLOW_MS): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'lifeboat.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
