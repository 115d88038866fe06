// The embedded hub's periodic housekeeping on a large hub: the garbage collector's sweep and the
// maintenance pass (event TTL, watch-history compaction), which run on the API server's event loop
// every minute. What matters is how long each holds that loop, since no request is served
// meanwhile.
//
//   node --import tsx bench/hub-housekeeping.ts [--objects 100000]
//
// Loads the hub (in this process) with ConfigMaps of ~2 KiB over HTTPS, then times: a GC sweep;
// a maintenance pass while all of the history is younger than the retention (nothing to compact,
// but the pass must find that out); a maintenance pass after the clock moved past the retention
// (compacting all but the newest 10,000 changes). For each, the wall time and the longest the
// event loop was held (a 1 ms timer's worst lateness while the pass runs).
import { rm } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { EmbeddedHub } from '../src/hub/hub.js';
import { rawClient, tempDir } from '../test/support/index.js';
import { numberArg } from './args.js';

const OBJECTS = numberArg('objects', 100_000);
const IN_FLIGHT = 16;

/** A clock the benchmark moves past the history's retention. */
let offsetMs = 0;
const clock = { now: (): number => Date.now() + offsetMs };

/** Runs `pass` and reports its wall time and the longest the event loop was held meanwhile. */
async function measure(what: string, pass: () => unknown): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // A timer ticking every millisecond: its worst lateness is the longest stall.
  let worst = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
  }, 1);
  const t0 = performance.now();
  await pass();
  const wall = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(ticker);
  delay.disable();
  console.log(`${what}: ${wall.toFixed(0)} ms wall, event loop held at most ${Math.max(worst, delay.max / 1e6).toFixed(0)} ms`);
}

async function main(): Promise<void> {
  const dataDir = await tempDir('bench-housekeeping');
  const hub = await EmbeddedHub.start({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    log: pino({ level: 'warn' }),
    clock,
    // The benchmark runs each pass itself.
    maintenance: { intervalMs: 3_600_000 },
    gcSweepIntervalMs: 3_600_000,
  });
  try {
    const api = rawClient(hub.kubeconfigPath);
    const pad = 'x'.repeat(2000);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < OBJECTS; i = next++) {
          const r = await api.request('POST', '/api/v1/namespaces/default/configmaps', {
            body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, labels: { n: String(i % 100) } }, data: { pad } },
          });
          if (r.status !== 201) throw new Error(`create cm-${i}: ${r.status} ${r.text}`);
        }
      }),
    );
    console.log(`loaded ${OBJECTS} ConfigMaps of ~2 KiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    await measure('GC sweep', () => hub.controllers.gc.sweep());
    await measure('maintenance pass, all history younger than its retention', () => hub.controllers.maintenance.runOnce());
    offsetMs = 11 * 60_000;
    await measure('maintenance pass, history past its retention (compaction)', () => hub.controllers.maintenance.runOnce());
    console.log(`history compacted up to resourceVersion ${hub.ctx.store.compactedRv()} of ${hub.ctx.store.currentRv()}`);
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
