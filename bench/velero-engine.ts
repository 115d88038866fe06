// Velero-compatible engine benchmark: a synthetic ACM hub of ~100,000 objects (2,000 managed-cluster
// namespaces × ~50 typical objects of 1–4 KiB), a full backup, and a restore into an empty hub.
// The hubs (`lifeboat hub`) and the engines (`lifeboat operator`) run as separate processes so the
// engine's own peak RSS can be read. For comparison, the naive alternative: `kubectl get -o json`
// of the same resource types into files.
//
//   node --import tsx bench/velero-engine.ts [--clusters 2000] [--engine-heap-mib N] [--profile <dir>]
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KubeClient, ResourceRef } from '../src/kube/index.js';
import { R, loadSyntheticHub } from './synthetic-hub.js';
import { ocmCrds } from '../src/api/ocm/index.js';
import { veleroCrds } from '../src/api/velero/index.js';
import { peakRssMiB, stopAll } from './processes.js';
import { NS, startBenchHubs } from './hubs.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CLUSTERS = Number(process.argv[process.argv.indexOf('--clusters') + 1] || 0) || 2000;
// `--engine-heap-mib N` runs the engines with V8's old space capped at N MiB, as a container memory
// limit would make Node do: it shows what the engine needs, not what an unconstrained V8 takes.
// `--profile <dir>` writes a V8 CPU profile of each engine process there (open it in Chrome DevTools).
const PROFILE_DIR = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : undefined;
const ENGINE_HEAP_MIB = process.argv.includes('--engine-heap-mib') ? Number(process.argv[process.argv.indexOf('--engine-heap-mib') + 1]) : undefined;

function startOperator(kubeconfig: string): ChildProcess {
  return spawn(
    process.execPath,
    [
      ...(ENGINE_HEAP_MIB ? [`--max-old-space-size=${ENGINE_HEAP_MIB}`] : []),
      ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
      path.join(REPO, 'bin', 'lifeboat.js'),
      'operator',
      '--kubeconfig',
      kubeconfig,
      '--no-leader-election',
      '--no-backup-controllers',
      // Without the volsync CRDs (not installed here) the operator would wait for their informers.
      '--no-volsync-controllers',
      '--backup-sync-interval',
      '2s',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LIFEBOAT_LOG_LEVEL: 'error' },
    },
  );
}

async function waitPhase(c: KubeClient, r: ResourceRef, name: string, done: string[], timeoutMs: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const o = await c.get<{ metadata: { name: string }; status?: { phase?: string } }>(r, name, { namespace: NS });
      if (o.status?.phase && done.includes(o.status.phase)) return o as Record<string, unknown>;
    } catch {
      // not there yet (sync)
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${r.plural}/${name}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function main(): Promise<void> {
  const { hubA, hubB, a, b, storage, dirs } = await startBenchHubs('', [...veleroCrds(), ...ocmCrds()], ['naive']);
  const naive = dirs[3];
  const procs: ChildProcess[] = [];
  try {
    // Load the synthetic hub.
    const t0 = performance.now();
    const objects = await loadSyntheticHub(a, CLUSTERS);
    console.log(`loaded ${objects} objects (${CLUSTERS} clusters) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Full backup by an engine process of its own.
    const engineA = startOperator(hubA.kubeconfigPath);
    procs.push(engineA);
    const t1 = performance.now();
    await a.create(
      R.backup,
      {
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: { name: 'full', namespace: NS },
        spec: {
          includedNamespaces: ['*'],
          excludedNamespaces: [NS, 'kube-system', 'kube-public', 'kube-node-lease', 'default'],
          includeClusterResources: true,
        },
      },
      { namespace: NS },
    );
    const backup = (await waitPhase(a, R.backup, 'full', ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'], 1_800_000)) as {
      status: { phase: string; progress?: { itemsBackedUp?: number }; validationErrors?: string[]; failureReason?: string };
    };
    if (!['Completed', 'PartiallyFailed'].includes(backup.status.phase)) {
      const location = await a.get<{ metadata: object; status?: unknown }>(R.bsl, 'default', { namespace: NS });
      throw new Error(`backup ${backup.status.phase}: ${JSON.stringify(backup.status)}; location: ${JSON.stringify(location.status)}`);
    }
    const backupSecs = (performance.now() - t1) / 1000;
    const items = backup.status.progress?.itemsBackedUp ?? 0;
    const tarball = (await stat(path.join(storage, 'backups', 'full', 'full.tar.gz'))).size;
    console.log(
      `full backup: ${backup.status.phase}, ${items} items in ${backupSecs.toFixed(1)} s = ${(items / backupSecs).toFixed(0)} objects/s; tarball ${(tarball / 1048576).toFixed(1)} MiB; engine peak RSS ${await peakRssMiB(engineA.pid as number)} MiB`,
    );

    // Restore into the empty hub B (its engine syncs the backup from the shared storage first).
    const engineB = startOperator(hubB.kubeconfigPath);
    procs.push(engineB);
    await waitPhase(b, R.backup, 'full', ['Completed', 'PartiallyFailed'], 120_000);
    const t2 = performance.now();
    await b.create(
      R.restore,
      { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name: 'full', namespace: NS }, spec: { backupName: 'full' } },
      { namespace: NS },
    );
    const restore = (await waitPhase(b, R.restore, 'full', ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'], 3_600_000)) as {
      status: { phase: string; progress?: { itemsRestored?: number }; errors?: number; warnings?: number };
    };
    const restoreSecs = (performance.now() - t2) / 1000;
    const restored = restore.status.progress?.itemsRestored ?? 0;
    console.log(
      `restore into an empty hub: ${restore.status.phase}, ${restored} items in ${restoreSecs.toFixed(1)} s = ${(restored / restoreSecs).toFixed(0)} objects/s (errors ${restore.status.errors ?? 0}, warnings ${restore.status.warnings ?? 0}); engine peak RSS ${await peakRssMiB(engineB.pid as number)} MiB`,
    );

    // The naive alternative: kubectl get -A -o json of the same types into files.
    const types = [
      'namespaces',
      'secrets',
      'configmaps',
      'managedclusters',
      'managedclusteraddons',
      'clusterdeployments',
      'klusterletaddonconfigs',
      'policies',
      'placements',
      'manifestworks',
    ];
    const t3 = performance.now();
    let bytes = 0;
    for (const t of types) {
      const file = path.join(naive, `${t}.json`);
      await new Promise<void>((resolve, reject) => {
        const out = createWriteStream(file);
        const p = spawn('kubectl', ['get', t, '-A', '-o', 'json'], { env: { ...process.env, KUBECONFIG: hubA.kubeconfigPath, KUBECACHEDIR: naive } });
        p.stdout.pipe(out);
        p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kubectl get ${t} exited ${code}`))));
      });
      bytes += (await stat(file)).size;
    }
    const naiveSecs = (performance.now() - t3) / 1000;
    console.log(
      `naive kubectl get -A -o json of ${types.length} types: ${naiveSecs.toFixed(1)} s = ${(objects / naiveSecs).toFixed(0)} objects/s, ${(bytes / 1048576).toFixed(1)} MiB uncompressed`,
    );
    await writeFile(path.join(naive, 'done'), '');
  } finally {
    await stopAll(procs, [hubA, hubB], dirs);
  }
}

await main();
