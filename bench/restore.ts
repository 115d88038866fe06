// Restore benchmark (issue 10): a passive hub restoring the synthetic 2,000-cluster (~100,000-object)
// hub of the engine benchmark through the Restore controller.
//   - the full restore: Restore creation to Enabled
//   - one passive sync after 1 % of the objects changed: backups available to Enabled again
//   - activation (veleroManagedClustersBackupName: latest) to Finished: the recovery time objective
//   - peak RSS (VmHWM) of the passive hub's API server, its engine and its controllers, each a
//     process of its own (`lifeboat hub`, `lifeboat operator --no-backup-controllers`,
//     `lifeboat operator --no-velero-engine`)
//
//   node --import tsx bench/restore.ts [--clusters 2000]
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ACM_RESTORES, BACKUP_SCHEDULES, backupCrds, type AcmRestore } from '../src/api/backup/index.js';
import { ocmCrds } from '../src/api/ocm/index.js';
import { BACKUPS, RESTORES, SCHEDULES, veleroCrds, type Backup, type Restore, type Schedule } from '../src/api/velero/index.js';
import { backupTimestamp, initialBackupFor } from '../src/backup/schedule/index.js';
import type { KubeClient } from '../src/kube/index.js';
import { rawClient } from '../test/support/index.js';
import { cpuSeconds, peakRssMiB, stopAll } from './processes.js';
import { NS, startBenchHubs } from './hubs.js';
import { R, clusterNamespace, loadSyntheticHub } from './synthetic-hub.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CLUSTERS = Number(process.argv[process.argv.indexOf('--clusters') + 1] || 0) || 2000;
const RESTORE = 'restore-acm-passive-sync';
const RESTORABLE = ['acm-credentials-schedule', 'acm-resources-schedule', 'acm-resources-generic-schedule', 'acm-managed-clusters-schedule'];

function operator(kubeconfig: string, ...flags: string[]): ChildProcess {
  return spawn(
    process.execPath,
    [
      path.join(REPO, 'bin', 'lifeboat.js'),
      'operator',
      '--kubeconfig',
      kubeconfig,
      '--no-leader-election',
      '--backup-sync-interval',
      '2s',
      // Without the volsync CRDs (not installed here) the operator would wait for their informers.
      '--no-volsync-controllers',
      ...flags,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LIFEBOAT_LOG_LEVEL: 'error' } },
  );
}

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The stamp of the newest complete set of restorable backups on `c`, once there is one. */
async function completedSet(c: KubeClient, stamp?: string): Promise<string | undefined> {
  const backups = (await c.list<Backup>(BACKUPS, { namespace: NS })).items;
  const stamps = new Set(backups.filter((b) => b.metadata.name?.startsWith('acm-resources-schedule-')).map((b) => b.metadata.name?.slice(-14) ?? ''));
  for (const s of [...stamps].sort().reverse()) {
    if (stamp && s !== stamp) continue;
    if (RESTORABLE.every((p) => backups.some((b) => b.metadata.name === `${p}-${s}` && b.status?.phase === 'Completed'))) return s;
  }
  return undefined;
}

async function restoredItems(c: KubeClient, names: readonly string[]): Promise<number> {
  const all = (await c.list<Restore>(RESTORES, { namespace: NS })).items;
  return all.filter((r) => names.includes(r.metadata.name ?? '')).reduce((n, r) => n + (r.status?.progress?.itemsRestored ?? 0), 0);
}

const secs = (ms: number): string => (ms / 1000).toFixed(1);

/**
 * A phase boundary on the monotonic clock, in microseconds: the clock V8's CPU profiles use, so a
 * profile taken with NODE_OPTIONS=--cpu-prof can be cut to one phase (bench/README.md, profiling).
 */
function mark(what: string): void {
  console.log(`mark ${what} at ${process.hrtime.bigint() / 1000n} µs (monotonic)`);
}

/** CPU seconds of hub B's three processes, to say where a phase's time went. */
async function cpuOfHubB(pids: readonly (number | undefined)[]): Promise<number[]> {
  return Promise.all(pids.map((pid) => cpuSeconds(pid)));
}

/** apiserver_request_total of a hub, summed per verb and resource (all codes). */
async function requestCounts(kubeconfig: string): Promise<Map<string, number>> {
  const text = (await rawClient(kubeconfig).request('GET', '/metrics', { accept: 'text/plain' })).text;
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^apiserver_request_total\{([^}]*)\} (\S+)$/gm)) {
    const verb = /verb="([^"]*)"/.exec(m[1])?.[1] ?? '';
    const resource = /resource="([^"]*)"/.exec(m[1])?.[1] ?? '';
    const key = `${verb} ${resource}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(m[2]));
  }
  return counts;
}

/** The requests a phase sent to hub B, by verb (and the busiest verb/resource pairs). */
function requestLine(before: Map<string, number>, after: Map<string, number>): string {
  const perVerb = new Map<string, number>();
  const pairs: [string, number][] = [];
  for (const [key, n] of after) {
    const d = n - (before.get(key) ?? 0);
    if (d <= 0) continue;
    const verb = key.split(' ')[0];
    perVerb.set(verb, (perVerb.get(verb) ?? 0) + d);
    pairs.push([key, d]);
  }
  const verbs = [...perVerb]
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  const top = pairs
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return `requests to hub B: ${verbs}; busiest: ${top}`;
}

function cpuLine(before: readonly number[], after: readonly number[]): string {
  const [hub, engine, controllers] = after.map((v, i) => (v - before[i]).toFixed(1));
  return `CPU on hub B: API server ${hub} s, engine ${engine} s, controllers ${controllers} s`;
}

async function main(): Promise<void> {
  const { hubA, hubB, a, b, dirs } = await startBenchHubs('restore-', [...veleroCrds(), ...backupCrds(), ...ocmCrds()]);
  const procs: ChildProcess[] = [];
  try {
    const t0 = performance.now();
    const objects = await loadSyntheticHub(a, CLUSTERS);
    console.log(`hub A: loaded ${objects} objects (${CLUSTERS} clusters) in ${secs(performance.now() - t0)} s`);

    procs.push(operator(hubA.kubeconfigPath));
    const t1 = performance.now();
    await a.create(BACKUP_SCHEDULES, {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'BackupSchedule',
      metadata: { name: 'schedule-acm', namespace: NS },
      spec: { veleroSchedule: '0 0 1 1 *', veleroTtl: '120h' },
    });
    const stamp1 = await until('hub A’s first backups', 3_600_000, () => completedSet(a));
    console.log(`hub A: BackupSchedule's initial backups Completed in ${secs(performance.now() - t1)} s`);

    const engineB = operator(hubB.kubeconfigPath, '--no-backup-controllers');
    const controllersB = operator(hubB.kubeconfigPath, '--no-velero-engine');
    procs.push(engineB, controllersB);
    await until('the backups synced to hub B', 600_000, () => completedSet(b, stamp1));

    const pidsB = [hubB.child.pid, engineB.pid, controllersB.pid];
    console.log(`hub B pids: API server ${pidsB[0]}, engine ${pidsB[1]}, controllers ${pidsB[2]}`);
    // The full restore.
    const cpu2 = await cpuOfHubB(pidsB);
    const req2 = await requestCounts(hubB.kubeconfigPath);
    const t2 = performance.now();
    mark('full restore start');
    await b.create(ACM_RESTORES, {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'Restore',
      metadata: { name: RESTORE, namespace: NS },
      spec: {
        syncRestoreWithNewBackups: true,
        restoreSyncInterval: '5s',
        cleanupBeforeRestore: 'CleanupRestored',
        veleroManagedClustersBackupName: 'skip',
        veleroCredentialsBackupName: 'latest',
        veleroResourcesBackupName: 'latest',
      },
    });
    const enabled = await until('the passive Restore Enabled', 7_200_000, async () => {
      const r = await b.get<AcmRestore>(ACM_RESTORES, RESTORE, { namespace: NS });
      return r.status?.phase === 'Enabled' ? r : undefined;
    });
    const fullMs = performance.now() - t2;
    mark('full restore end');
    const fullItems = await restoredItems(b, [
      enabled.status?.veleroCredentialsRestoreName ?? '',
      enabled.status?.veleroResourcesRestoreName ?? '',
      enabled.status?.veleroGenericResourcesRestoreName ?? '',
    ]);
    console.log(
      `passive hub B: Restore created → Enabled in ${secs(fullMs)} s, ${fullItems} items restored (${(fullItems / (fullMs / 1000)).toFixed(0)} objects/s); ${cpuLine(cpu2, await cpuOfHubB(pidsB))}`,
    );
    console.log(`  ${requestLine(req2, await requestCounts(hubB.kubeconfigPath))}`);

    // 1 % of the objects change on hub A; its next backups reach the passive hub.
    const changes = Math.round(objects / 100);
    const t3 = performance.now();
    for (let i = 0; i < changes; i++) {
      const ns = clusterNamespace(i % CLUSTERS);
      const k = Math.floor(i / CLUSTERS);
      if (i % 2 === 0) await a.patch(R.cm, `config-${k % 10}`, { data: { value: `changed-${i}` } }, { type: 'merge', namespace: ns });
      else await a.patch(R.placement, `placement-${k % 4}`, { spec: { notes: `changed-${i}` } }, { type: 'merge', namespace: ns });
    }
    console.log(`hub A: changed ${changes} objects in ${secs(performance.now() - t3)} s`);
    const stamp2 = backupTimestamp(Date.now());
    for (const schedule of (await a.list<Schedule>(SCHEDULES, { namespace: NS })).items)
      await a.create<Backup>(BACKUPS, initialBackupFor(schedule, stamp2), { namespace: NS });
    await until('hub A’s second backups', 3_600_000, () => completedSet(a, stamp2));
    await until('the second backups synced to hub B', 600_000, () => completedSet(b, stamp2));
    const cpu4 = await cpuOfHubB(pidsB);
    const req4 = await requestCounts(hubB.kubeconfigPath);
    const t4 = performance.now();
    mark('sync start');
    const synced = await until('the passive sync of the new backups', 7_200_000, async () => {
      const r = await b.get<AcmRestore>(ACM_RESTORES, RESTORE, { namespace: NS });
      const names = [r.status?.veleroCredentialsRestoreName, r.status?.veleroResourcesRestoreName, r.status?.veleroGenericResourcesRestoreName];
      return r.status?.phase === 'Enabled' && names.every((n) => n?.endsWith(stamp2)) ? r : undefined;
    });
    const syncMs = performance.now() - t4;
    mark('sync end');
    const syncCpu = cpuLine(cpu4, await cpuOfHubB(pidsB));
    const syncRequests = requestLine(req4, await requestCounts(hubB.kubeconfigPath));
    const syncRestores = [
      synced.status?.veleroCredentialsRestoreName ?? '',
      synced.status?.veleroResourcesRestoreName ?? '',
      synced.status?.veleroGenericResourcesRestoreName ?? '',
    ];
    const firstCreated = Math.min(
      ...(await b.list<Restore>(RESTORES, { namespace: NS })).items
        .filter((r) => syncRestores.includes(r.metadata.name ?? ''))
        .map((r) => Date.parse(r.metadata.creationTimestamp ?? '')),
    );
    const changed = await b.get<{ metadata?: { name?: string }; data?: Record<string, string> }>(R.cm, 'config-0', { namespace: clusterNamespace(0) });
    if (changed.data?.value !== 'changed-0') throw new Error('the changed ConfigMap did not reach hub B');
    console.log(
      `passive hub B: sync of 1 % changed (${changes} objects) in ${secs(syncMs)} s from the backups' arrival (${secs(Date.now() - firstCreated)} s from the sync's first velero restore; restore interval 5 s), ${await restoredItems(b, syncRestores)} items = ${((100 * syncMs) / fullMs).toFixed(0)} % of the full restore; ${syncCpu}`,
    );
    console.log(`  ${syncRequests}`);

    // Activation: the recovery time objective.
    const t5 = performance.now();
    mark('activation start');
    await b.patch(ACM_RESTORES, RESTORE, { spec: { veleroManagedClustersBackupName: 'latest' } }, { type: 'merge', namespace: NS });
    const finished = await until('activation Finished', 3_600_000, async () => {
      const r = await b.get<AcmRestore>(ACM_RESTORES, RESTORE, { namespace: NS });
      return r.status?.phase === 'Finished' || r.status?.phase === 'FinishedWithErrors' ? r : undefined;
    });
    const activationMs = performance.now() - t5;
    mark('activation end');
    const clusters = (await b.list(R.mc)).items.length;
    console.log(
      `passive hub B: activation → ${finished.status?.phase} in ${secs(activationMs)} s (${clusters} ManagedClusters, ${(finished.status?.messages ?? []).length} auto-import messages)`,
    );
    console.log(
      `peak RSS on hub B: API server ${await peakRssMiB(hubB.child.pid)} MiB, engine ${await peakRssMiB(engineB.pid)} MiB, controllers ${await peakRssMiB(controllersB.pid)} MiB`,
    );
  } finally {
    await stopAll(procs, [hubA, hubB], dirs);
  }
}

await main();
