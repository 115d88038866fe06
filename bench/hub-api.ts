// Embedded hub API benchmark. The hub runs as its own process (`lifeboat hub`); this process is
// the client, over HTTPS with keep-alive and 16 requests in flight.
//
//   node --import tsx bench/hub-api.ts [--objects 100000] [--patches 20000] [--watchers 100]
//                                     [--changes 1000] [--resume 10x20000,50x30000,100x50000]
//
// Prints: creates/s for 1 KiB ConfigMaps, label merge patches/s on the first of them, the time of a paged LIST (limit 500) of all of them,
// watch fan-out delivery latency (p50/p99), how long watchers that resume from a resourceVersion
// far back take to catch up (with the hub warm, and again right after a hub restart, which is
// when every informer resumes at once) and the hub's peak RSS.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rawClient, startHubProcess } from '../test/support/index.js';
import { numberArg } from './args.js';

const OBJECTS = numberArg('objects', 100_000);
const WATCHERS = numberArg('watchers', 100);
const CHANGES = numberArg('changes', 1000);
/** Resumption scenarios, `<watchers>x<changes back>` each; `--resume none` skips them. */
const RESUME: { watchers: number; back: number }[] = (() => {
  const i = process.argv.indexOf('--resume');
  const text = i >= 0 ? process.argv[i + 1] : '10x20000,50x30000,100x50000';
  if (text === 'none') return [];
  return text.split(',').map((s) => {
    const [watchers, back] = s.split('x').map(Number);
    return { watchers, back };
  });
})();
const RESUME_DEADLINE_MS = 60_000;
const IN_FLIGHT = 16;
const PATCHES = numberArg('patches', 20_000);

const cmName = (i: number): string => `cm-${String(i).padStart(6, '0')}`;

/** Runs `count` requests, IN_FLIGHT at a time, with progress on stderr; `one` says whether it succeeded. */
async function inFlight(count: number, verb: string, one: (i: number) => Promise<boolean>): Promise<{ secs: number; failures: number }> {
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  let lastReport = t0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      if (!(await one(i))) failures++;
      const now = performance.now();
      if (now - lastReport > 5000) {
        lastReport = now;
        process.stderr.write(`  … ${i} ${verb} (${Math.round(i / ((now - t0) / 1000))}/s)\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { secs: (performance.now() - t0) / 1000, failures };
}

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

type Api = ReturnType<typeof rawClient>;

/**
 * `watchers` watchers of one ConfigMap in `default` resume from `back` changes ago (the
 * changes are to other objects, as an informer's are after a restart); then that ConfigMap
 * changes once. A watcher has caught up when it receives that change: the time from its watch
 * request to then, per watcher.
 */
async function resumeScenario(api: Api, { watchers: count, back }: { watchers: number; back: number }, label: string): Promise<void> {
  const name = `resume-${count}-${back}-${label.replace(/\W+/g, '-')}`;
  const created = await api.request('POST', '/api/v1/namespaces/default/configmaps', {
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { round: '0' } },
  });
  if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${created.text}`);
  const head = Number(created.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion);
  const from = Math.max(1, head - back);
  const t0 = performance.now();
  const watches = await Promise.all(
    Array.from({ length: count }, () =>
      api.watch(`/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3D${name}&resourceVersion=${from}`),
    ),
  );
  const opened = performance.now() - t0;
  await api.request('PUT', `/api/v1/namespaces/default/configmaps/${name}`, {
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { round: '1' } },
  });
  const caughtUp = watches.map(() => -1);
  const deadline = Date.now() + RESUME_DEADLINE_MS;
  while (caughtUp.some((t) => t < 0) && Date.now() < deadline) {
    watches.forEach((w, i) => {
      if (caughtUp[i] < 0 && w.events.some((e) => e.type === 'MODIFIED')) caughtUp[i] = performance.now() - t0;
    });
    await new Promise((r) => setTimeout(r, 5));
  }
  watches.forEach((w) => {
    // A watch that never got an event rejects when stopped; that is the figure, not a failure.
    w.ended.catch(() => undefined);
    w.stop();
  });
  const done = caughtUp.filter((t) => t >= 0).sort((a, b) => a - b);
  const summary = done.length > 0 ? `p50 ${(percentile(done, 50) / 1000).toFixed(2)} s, max ${(done[done.length - 1] / 1000).toFixed(2)} s` : 'none';
  console.log(
    `resume (${label}): ${count} watchers from ${head - from} changes back: ${done.length}/${count} caught up within ${RESUME_DEADLINE_MS / 1000} s (${summary}; all watch requests answered after ${(opened / 1000).toFixed(2)} s)`,
  );
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-bench-'));
  let hub = await startHubProcess(dataDir);
  let api = rawClient(hub.kubeconfigPath);
  const pid = hub.child.pid as number;
  const payload = 'x'.repeat(1024);
  try {
    await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } } });

    // 1. creates
    const created = await inFlight(OBJECTS, 'created', async (i) => {
      const r = await api.request('POST', '/api/v1/namespaces/bench/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cmName(i) }, data: { payload } },
      });
      return r.status === 201;
    });
    console.log(
      `create ${OBJECTS} ConfigMaps of 1 KiB, ${IN_FLIGHT} in flight: ${(OBJECTS / created.secs).toFixed(0)} creates/s (${created.secs.toFixed(1)} s, ${created.failures} failures)`,
    );

    // 1b. label patches, what a Velero restore over existing objects sends for each of them
    const patchCount = Math.min(OBJECTS, PATCHES);
    const patched = await inFlight(patchCount, 'patched', async (i) => {
      const r = await api.request('PATCH', `/api/v1/namespaces/bench/configmaps/${cmName(i)}`, {
        body: { metadata: { labels: { 'velero.io/restore-name': 'bench-restore' } } },
        contentType: 'application/merge-patch+json',
      });
      return r.status === 200;
    });
    console.log(
      `label merge PATCH of ${patchCount} ConfigMaps, ${IN_FLIGHT} in flight: ${(patchCount / patched.secs).toFixed(0)} patches/s (${patched.secs.toFixed(1)} s, ${patched.failures} failures)`,
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

    // 4. watchers resuming from far back: with the hub warm, then each again right after a restart
    for (const scenario of RESUME) await resumeScenario(api, scenario, 'warm');
    if (RESUME.length > 0) console.log(`hub peak RSS after resuming: ${await peakRssMiB(pid)} MiB`);
    for (const scenario of RESUME) {
      await hub.stop();
      hub = await startHubProcess(dataDir);
      api = rawClient(hub.kubeconfigPath);
      await resumeScenario(api, scenario, 'after restart');
      console.log(`restarted hub peak RSS: ${await peakRssMiB(hub.child.pid as number)} MiB`);
    }
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
