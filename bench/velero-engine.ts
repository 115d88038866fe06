// Velero-compatible engine benchmark: a synthetic ACM hub of ~100,000 objects (2,000 managed-cluster
// namespaces × ~50 typical objects of 1–4 KiB), a full backup, and a restore into an empty hub.
// The hubs (`lifeboat hub`) and the engines (`lifeboat operator`) run as separate processes so the
// engine's own peak RSS can be read. For comparison, the naive alternative: `kubectl get -o json`
// of the same resource types into files.
//
//   node --import tsx bench/velero-engine.ts [--clusters 2000] [--engine-heap-mib N] [--profile <dir>]
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, type ResourceRef } from '../src/kube/index.js';
import { ocmCrds } from '../src/api/ocm/index.js';
import { veleroCrds } from '../src/api/velero/index.js';
import { installCrds } from '../src/cli/install-crds.js';
import { ensureNamespace, ensureStorageLocation } from '../src/cli/local-storage.js';
import { startHubProcess, type HubProcess } from '../test/support/index.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const NS = 'open-cluster-management-backup';
const CLUSTERS = Number(process.argv[process.argv.indexOf('--clusters') + 1] || 0) || 2000;
// `--engine-heap-mib N` runs the engines with V8's old space capped at N MiB, as a container memory
// limit would make Node do: it shows what the engine needs, not what an unconstrained V8 takes.
// `--profile <dir>` writes a V8 CPU profile of each engine process there (open it in Chrome DevTools).
const PROFILE_DIR = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : undefined;
const ENGINE_HEAP_MIB = process.argv.includes('--engine-heap-mib') ? Number(process.argv[process.argv.indexOf('--engine-heap-mib') + 1]) : undefined;

const ref = (group: string, version: string, plural: string, kind: string, namespaced = true): ResourceRef => ({ group, version, plural, kind, namespaced });
const R = {
  ns: ref('', 'v1', 'namespaces', 'Namespace', false),
  secret: ref('', 'v1', 'secrets', 'Secret'),
  cm: ref('', 'v1', 'configmaps', 'ConfigMap'),
  mc: ref('cluster.open-cluster-management.io', 'v1', 'managedclusters', 'ManagedCluster', false),
  addon: ref('addon.open-cluster-management.io', 'v1alpha1', 'managedclusteraddons', 'ManagedClusterAddOn'),
  cd: ref('hive.openshift.io', 'v1', 'clusterdeployments', 'ClusterDeployment'),
  kac: ref('agent.open-cluster-management.io', 'v1', 'klusterletaddonconfigs', 'KlusterletAddonConfig'),
  policy: ref('policy.open-cluster-management.io', 'v1', 'policies', 'Policy'),
  placement: ref('cluster.open-cluster-management.io', 'v1beta1', 'placements', 'Placement'),
  work: ref('work.open-cluster-management.io', 'v1', 'manifestworks', 'ManifestWork'),
  backup: ref('velero.io', 'v1', 'backups', 'Backup'),
  restore: ref('velero.io', 'v1', 'restores', 'Restore'),
  bsl: ref('velero.io', 'v1', 'backupstoragelocations', 'BackupStorageLocation'),
};

const filler = (bytes: number) => 'x'.repeat(bytes);

/** The ~50 objects of one managed cluster, 1–4 KiB each. */
function clusterObjects(i: number): [ResourceRef, Record<string, unknown>][] {
  const ns = `cluster-${String(i).padStart(4, '0')}`;
  const meta = (name: string, labels: Record<string, string> = {}) => ({
    name,
    namespace: ns,
    labels: { 'cluster.open-cluster-management.io/backup': 'true', ...labels },
  });
  const out: [ResourceRef, Record<string, unknown>][] = [];
  out.push([
    R.cd,
    {
      apiVersion: 'hive.openshift.io/v1',
      kind: 'ClusterDeployment',
      metadata: meta(ns),
      spec: {
        clusterName: ns,
        baseDomain: 'example.com',
        platform: { aws: { region: 'eu-west-1' } },
        pullSecretRef: { name: 'pull-secret' },
        notes: filler(2000),
      },
    },
  ]);
  out.push([
    R.kac,
    {
      apiVersion: 'agent.open-cluster-management.io/v1',
      kind: 'KlusterletAddonConfig',
      metadata: meta(ns),
      spec: { clusterName: ns, applicationManager: { enabled: true }, policyController: { enabled: true }, notes: filler(1000) },
    },
  ]);
  for (const a of [
    'application-manager',
    'cert-policy-controller',
    'config-policy-controller',
    'governance-policy-framework',
    'search-collector',
    'work-manager',
    'managed-serviceaccount',
    'cluster-proxy',
  ]) {
    out.push([
      R.addon,
      {
        apiVersion: 'addon.open-cluster-management.io/v1alpha1',
        kind: 'ManagedClusterAddOn',
        metadata: meta(a),
        spec: { installNamespace: 'open-cluster-management-agent-addon', notes: filler(900) },
      },
    ]);
  }
  for (let s = 0; s < 12; s++) {
    out.push([
      R.secret,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(`secret-${s}`, { 'hive.openshift.io/secret-type': 'kubeconfig' }),
        type: 'Opaque',
        data: { kubeconfig: Buffer.from(filler(1500 + s * 100)).toString('base64') },
      },
    ]);
  }
  for (let c = 0; c < 10; c++)
    out.push([R.cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`config-${c}`), data: { value: filler(1200 + c * 200) } }]);
  for (let p = 0; p < 8; p++) {
    out.push([
      R.policy,
      {
        apiVersion: 'policy.open-cluster-management.io/v1',
        kind: 'Policy',
        metadata: meta(`policy-${p}`),
        spec: { disabled: false, remediationAction: 'inform', 'policy-templates': [{ objectDefinition: { notes: filler(1800) } }] },
      },
    ]);
  }
  for (let p = 0; p < 4; p++)
    out.push([
      R.placement,
      {
        apiVersion: 'cluster.open-cluster-management.io/v1beta1',
        kind: 'Placement',
        metadata: meta(`placement-${p}`),
        spec: { predicates: [{ requiredClusterSelector: { labelSelector: { matchLabels: { name: ns } } } }], notes: filler(1000) },
      },
    ]);
  for (let w = 0; w < 5; w++)
    out.push([
      R.work,
      {
        apiVersion: 'work.open-cluster-management.io/v1',
        kind: 'ManifestWork',
        metadata: meta(`work-${w}`),
        spec: {
          workload: { manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w${w}`, namespace: 'default' }, data: { v: filler(2500) } }] },
        },
      },
    ]);
  return out;
}

function client(kubeconfig: string): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return new KubeClient(kc);
}

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
      '--backup-sync-interval',
      '2s',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LIFEBOAT_LOG_LEVEL: 'error' },
    },
  );
}

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

async function setupHub(hub: HubProcess, storage: string): Promise<KubeClient> {
  const c = client(hub.kubeconfigPath);
  await installCrds(c, [...veleroCrds(), ...ocmCrds()]);
  await ensureNamespace(c, NS);
  await ensureStorageLocation(c, NS, { kind: 'fs', dir: storage });
  return c;
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
  const dirs = await Promise.all(['hub-a-', 'hub-b-', 'storage-', 'naive-'].map((p) => mkdtemp(path.join(tmpdir(), `lifeboat-bench-${p}`))));
  const [dirA, dirB, storage, naive] = dirs;
  const hubA = await startHubProcess(dirA);
  const hubB = await startHubProcess(dirB);
  const procs: ChildProcess[] = [];
  try {
    const a = await setupHub(hubA, storage);
    const b = await setupHub(hubB, storage);

    // Load the synthetic hub.
    const t0 = performance.now();
    let objects = 0;
    let nextCluster = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (;;) {
          const i = nextCluster++;
          if (i >= CLUSTERS) return;
          const ns = `cluster-${String(i).padStart(4, '0')}`;
          await a.create(R.ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
          await a.create(R.mc, {
            apiVersion: 'cluster.open-cluster-management.io/v1',
            kind: 'ManagedCluster',
            metadata: { name: ns, labels: { name: ns } },
            spec: { hubAcceptsClient: true },
          });
          objects += 2;
          for (const [r, o] of clusterObjects(i)) {
            await a.create(r, o, { namespace: ns });
            objects += 1;
          }
          if (i % 200 === 0) process.stderr.write(`  … loaded ${i} clusters (${objects} objects)\n`);
        }
      }),
    );
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
    await Promise.all(procs.map((p) => new Promise((res) => (p.exitCode !== null ? res(null) : (p.once('exit', res), p.kill('SIGTERM'))))));
    await hubA.stop();
    await hubB.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
}

await main();
