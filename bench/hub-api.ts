// Embedded hub API benchmark. The hub runs as its own process (`lifeboat hub`); this process is
// the client, over HTTPS with keep-alive and 16 requests in flight.
//
//   node --import tsx bench/hub-api.ts [--objects 100000] [--watchers 100] [--changes 1000]
//
// Prints: creates/s for 1 KiB ConfigMaps, the time of a paged LIST (limit 500) of all of them,
// watch fan-out delivery latency (p50/p99) and the hub's peak RSS.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rawClient, startHubProcess } from '../test/support/index.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const OBJECTS = arg('objects', 100_000);
const WATCHERS = arg('watchers', 100);
const CHANGES = arg('changes', 1000);
const IN_FLIGHT = 16;

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-bench-'));
  const hub = await startHubProcess(dataDir);
  const api = rawClient(hub.kubeconfigPath);
  const pid = hub.child.pid as number;
  const payload = 'x'.repeat(1024);
  try {
    await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } } });

    // 1. creates
    let next = 0;
    let failures = 0;
    const t0 = performance.now();
    let lastReport = t0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= OBJECTS) return;
        const r = await api.request('POST', '/api/v1/namespaces/bench/configmaps', {
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${String(i).padStart(6, '0')}` }, data: { payload } },
        });
        if (r.status !== 201) failures++;
        const now = performance.now();
        if (now - lastReport > 5000) {
          lastReport = now;
          process.stderr.write(`  … ${i} created (${Math.round(i / ((now - t0) / 1000))}/s)\n`);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const createSecs = (performance.now() - t0) / 1000;
    console.log(
      `create ${OBJECTS} ConfigMaps of 1 KiB, ${IN_FLIGHT} in flight: ${(OBJECTS / createSecs).toFixed(0)} creates/s (${createSecs.toFixed(1)} s, ${failures} failures)`,
    );

    // 2. paged list
    const t1 = performance.now();
    let listed = 0;
    let token = '';
    do {
      const r = await api.request('GET', `/api/v1/namespaces/bench/configmaps?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      const list = r.json<{ items: unknown[]; metadata: { continue?: string } }>();
      listed += list.items.length;
      token = list.metadata.continue ?? '';
    } while (token);
    console.log(`paged LIST (limit 500) of ${listed} ConfigMaps: ${((performance.now() - t1) / 1000).toFixed(2)} s`);

    // 3. watch fan-out
    await api.request('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fanout' }, data: { t: '0' } },
    });
    const rv = (await api.request('GET', '/api/v1/namespaces/default/configmaps/fanout')).json<{ metadata: { resourceVersion: string } }>().metadata
      .resourceVersion;
    const latencies: number[] = [];
    const watches = await Promise.all(
      Array.from({ length: WATCHERS }, () =>
        api.watch(`/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dfanout&resourceVersion=${rv}`),
      ),
    );
    const seen = watches.map(() => 0);
    const tick = setInterval(() => {
      watches.forEach((w, i) => {
        while (seen[i] < w.events.length) {
          const ev = w.events[seen[i]++];
          const sent = Number((ev.object.data as { t: string }).t);
          latencies.push(performance.timeOrigin + performance.now() - sent);
        }
      });
    }, 1);
    // Give every watch its connection before measuring.
    await new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < CHANGES; i++) {
      await api.request('PUT', '/api/v1/namespaces/default/configmaps/fanout', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fanout' }, data: { t: String(performance.timeOrigin + performance.now()) } },
      });
    }
    const deadline = Date.now() + 30_000;
    while (latencies.length < WATCHERS * CHANGES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    clearInterval(tick);
    watches.forEach((w) => w.stop());
    latencies.sort((a, b) => a - b);
    console.log(
      `watch fan-out, ${WATCHERS} watchers × ${CHANGES} changes: ${latencies.length} deliveries, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    console.log(`hub peak RSS: ${await peakRssMiB(pid)} MiB`);
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
