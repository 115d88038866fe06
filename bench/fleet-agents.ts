// Simulated fleet benchmark: `lifeboat up --agents N` as its own process (hub, controllers, the
// fleet stand-ins and N simulated managed clusters, each with its own embedded API and agents).
//
//   node --import tsx bench/fleet-agents.ts [--agents 200] [--window 180]
//
// Prints: time to `ready` and the CPU time that took (first start, then a restart on the same data
// directory; on a shared machine the CPU time is the steadier figure), time until
// every ManagedCluster is Joined and Available, the process's RSS once settled and its peak, CPU
// use while idle, and the lease renewal rate the hub sees (each renewal is a GET and a PUT).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { MANAGED_CLUSTERS, type ManagedCluster } from '../src/api/ocm/index.js';
import { KubeClient, LEASE_RESOURCE, isTrue, type Condition } from '../src/kube/index.js';
import { startLifeboatProcess, type HubProcess } from '../test/support/index.js';
import { numberArg } from './args.js';

const AGENTS = numberArg('agents', 200);
const WINDOW_S = numberArg('window', 180);

async function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
}

/** utime+stime of a process in seconds. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** `lifeboat up --agents N` (the restart reuses the first port: the agents' kubeconfigs name it). */
async function start(dataDir: string, port = 0): Promise<{ proc: HubProcess; readyS: number }> {
  const t0 = performance.now();
  const proc = await startLifeboatProcess('up', dataDir, ['--port', String(port), '--agents', String(AGENTS)], { readyTimeoutMs: 30 * 60_000 });
  return { proc, readyS: (performance.now() - t0) / 1000 };
}

async function allAvailable(client: KubeClient, since: number): Promise<number> {
  for (;;) {
    const list = await client.list<ManagedCluster>(MANAGED_CLUSTERS);
    const ready = list.items.filter((c) => {
      const conditions = c.status?.conditions as Condition[] | undefined;
      return isTrue(conditions, 'ManagedClusterJoined') && isTrue(conditions, 'ManagedClusterConditionAvailable');
    }).length;
    if (ready >= AGENTS) return (performance.now() - since) / 1000;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-fleet-bench-'));
  let running: HubProcess | undefined;
  try {
    const first = await start(dataDir);
    running = first.proc;
    const url = new URL(first.proc.url);
    const kc = new KubeConfig();
    kc.loadFromFile(first.proc.kubeconfigPath);
    let client = new KubeClient(kc);
    const pid = first.proc.child.pid as number;
    const availableS = await allAvailable(client, performance.now());
    console.log(
      `lifeboat up --agents ${AGENTS}: ready after ${first.readyS.toFixed(1)} s (${(await cpuSeconds(pid)).toFixed(1)} CPU s); all ${AGENTS} Joined+Available ${availableS.toFixed(1)} s later`,
    );
    console.log(`  RSS once ready: ${await procStatus(pid, 'VmRSS')} MiB (peak so far ${await procStatus(pid, 'VmHWM')} MiB)`);

    // Lease renewals over a window: count lease updates the hub stores.
    let renewals = 0;
    const abort = new AbortController();
    const watching = (async () => {
      try {
        for await (const ev of client.watch(LEASE_RESOURCE, {
          fieldSelector: 'metadata.name=managed-cluster-lease',
          signal: abort.signal,
          timeoutSeconds: WINDOW_S + 30,
        }))
          if (ev.type === 'MODIFIED') renewals++;
      } catch {
        // aborted at the end of the window
      }
    })();
    const cpu0 = await cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    const cpu1 = await cpuSeconds(pid);
    abort.abort();
    await watching;
    console.log(
      `  over ${WINDOW_S} s idle: ${renewals} lease renewals = ${(renewals / WINDOW_S).toFixed(2)}/s (${((2 * renewals) / WINDOW_S).toFixed(1)} hub requests/s for them), CPU ${(((cpu1 - cpu0) / WINDOW_S) * 100).toFixed(1)} % of one core`,
    );
    console.log(`  RSS settled: ${await procStatus(pid, 'VmRSS')} MiB, peak ${await procStatus(pid, 'VmHWM')} MiB`);
    client.close();
    await first.proc.stop();

    const { proc: again, readyS: restartS } = await start(dataDir, Number(url.port));
    running = again;
    client = new KubeClient(kc);
    const againAvailable = await allAvailable(client, performance.now());
    console.log(
      `restart on the same data: ready after ${restartS.toFixed(1)} s (${(await cpuSeconds(again.child.pid as number)).toFixed(1)} CPU s); all Available ${againAvailable.toFixed(1)} s later`,
    );
    client.close();
    console.log(`  RSS after the restart: ${await procStatus(again.child.pid as number, 'VmRSS')} MiB`);
    await again.stop();
  } finally {
    await running?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
