// Shared set-up for the Restore end-to-end tests (no tests of its own): `lifeboat up` hubs on one
// storage directory, driven with the real kubectl, and the helpers those tests wait with.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { ACM_RESTORES, BACKUP_SCHEDULES, type AcmRestore, type BackupSchedule } from '../../src/api/backup/index.js';
import { BACKUPS, SCHEDULES, type Backup, type Schedule } from '../../src/api/velero/index.js';
import { backupTimestamp, initialBackupFor } from '../../src/backup/schedule/index.js';
import { hubIdentity } from '../../src/backup/hub-identity.js';
import { isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { Teardown, runLifeboat, startUpProcess, tempDir, waitFor, type CliResult, type UpProcess } from '../support/index.js';

export const NS = 'open-cluster-management-backup';
/** How long a spawned hub may take to act on a 2-core machine shared with other work. */
export const SLOW_MS = 120_000;

export interface TestHub extends UpProcess {
  name: string;
  /** The hub identity (decision 1). */
  id: string;
  /** kubectl that must succeed; returns stdout. */
  k(args: string[], input?: string): Promise<string>;
  /** Stops the hub's process; its data stays until the pair's teardown, so that it can start again. */
  stop(): Promise<void>;
}

/** `lifeboat up` hubs on one shared storage directory, as two hubs of the documentation's DR flow. */
export class HubPair {
  storage = '';
  private readonly teardownSteps = new Teardown();

  async init(): Promise<void> {
    this.storage = await tempDir('restore-storage');
    const storage = this.storage;
    this.teardownSteps.add(() => rm(storage, { recursive: true, force: true }));
  }

  /** A file or directory of the test's own, removed at teardown. */
  own(file: string): void {
    this.teardownSteps.add(() => rm(file, { recursive: true, force: true }));
  }

  /** Starts `lifeboat up` on the shared storage; with `dataDir`, starts a stopped hub again. */
  async start(name: string, extraArgs: string[] = [], dataDir?: string): Promise<TestHub> {
    const up = await startUpProcess({
      storageDir: this.storage,
      dataDir,
      args: ['--backup-sync-interval', '1s', '--collision-check-interval', '1s', ...extraArgs],
    });
    this.teardownSteps.add(() => up.teardown());
    return {
      ...up,
      name,
      id: await hubIdentity(up.client),
      async k(args, input) {
        const r = await up.kubectl(args, { input });
        assert.equal(r.code, 0, `kubectl ${args.join(' ')} on hub ${name}: ${r.stderr}`);
        return r.stdout;
      },
      async stop() {
        await up.process.stop();
      },
    };
  }

  async teardown(): Promise<void> {
    await this.teardownSteps.run();
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
    `backups ${names.join(', ')} finished on hub ${hub.name}`,
    async () => {
      for (const name of names) {
        const b = await getOrUndefined<Backup>(hub.client, BACKUPS, name, NS);
        if (b?.status?.phase !== 'Completed' && b?.status?.phase !== 'PartiallyFailed') return false;
      }
      return true;
    },
    SLOW_MS,
    200,
  );
}

export async function waitSynced(hub: TestHub, names: readonly string[]): Promise<void> {
  await waitFor(
    `${names.join(', ')} synced to hub ${hub.name}`,
    async () => (await Promise.all(names.map((n) => getOrUndefined(hub.client, BACKUPS, n, NS)))).every(Boolean),
    SLOW_MS,
    200,
  );
}

/** Applies schedule-acm on `hub` and returns the timestamp of its initial backups once they completed and reached `others`. */
export async function startBackups(hub: TestHub, others: readonly TestHub[], manifest = SCHEDULE_ACM): Promise<string> {
  await hub.k(['apply', '-f', '-'], manifest);
  await waitFor('five velero schedules', async () => (await hub.client.list<Schedule>(SCHEDULES, { namespace: NS })).items.length === 5, SLOW_MS, 200);
  let stamp = '';
  await waitFor(
    'the initial backups',
    async () => {
      const b = (await hub.client.list<Backup>(BACKUPS, { namespace: NS })).items.find((x) => x.metadata.name?.startsWith('acm-resources-schedule-'));
      stamp = b?.metadata.name?.slice(-14) ?? '';
      return stamp !== '';
    },
    SLOW_MS,
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
  try {
    return await waitFor(
      `Restore ${name} in ${phases.join('/')} on hub ${hub.name}${what ? ` (${what})` : ''}`,
      async () => {
        restore = await getOrUndefined<AcmRestore>(hub.client, ACM_RESTORES, name, NS);
        return phases.includes(restore?.status?.phase ?? '') && restore;
      },
      SLOW_MS,
      200,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last status: ${JSON.stringify(restore?.status)}`);
  }
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

/** The documentation's `restore-acm-passive-sync` on hub `hub`, with a short sync interval. */
export async function applyPassiveSync(hub: TestHub, name: string): Promise<void> {
  await hub.k(
    ['apply', '-f', '-'],
    restoreYaml(name, {
      syncRestoreWithNewBackups: true,
      restoreSyncInterval: '2s',
      cleanupBeforeRestore: 'CleanupRestored',
      veleroManagedClustersBackupName: 'skip',
      veleroCredentialsBackupName: 'latest',
      veleroResourcesBackupName: 'latest',
    }),
  );
}

/** Activation as the documentation does it: the passive Restore's managed clusters edited to `latest`. */
export async function activateManagedClusters(hub: TestHub, name: string): Promise<void> {
  await hub.k([
    'patch',
    'restores.cluster.open-cluster-management.io',
    name,
    '-n',
    NS,
    '--type',
    'merge',
    '-p',
    '{"spec":{"veleroManagedClustersBackupName":"latest"}}',
  ]);
}

/** `lifeboat <args>` as a user runs it (a cold CLI start may take a while on a loaded machine). */
export function runCli(args: string[]): Promise<CliResult> {
  return runLifeboat(args, {}, SLOW_MS);
}
