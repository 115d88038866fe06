// The two hubs the engine and restore benchmarks run on: `lifeboat hub` processes sharing one
// storage directory, each with the CRDs it needs, the backup namespace and a storage location.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../src/kube/index.js';
import { installCrds } from '../src/cli/install-crds.js';
import { ensureNamespace, ensureStorageLocation } from '../src/cli/local-storage.js';
import { startHubProcess, type HubProcess } from '../test/support/index.js';

export const NS = 'open-cluster-management-backup';

/** A client with room for the long LISTs of a 100,000-object hub. */
export function benchClient(kubeconfig: string): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return new KubeClient(kc, { timeoutMs: 120_000 });
}

export interface BenchHubs {
  hubA: HubProcess;
  hubB: HubProcess;
  a: KubeClient;
  b: KubeClient;
  storage: string;
  /** The directories to remove at the end: both hubs' data, the storage, then `extraDirs`. */
  dirs: string[];
}

/** Temp directories named `lifeboat-bench-<prefix><name>-…`. */
export function benchDirs(prefix: string, names: readonly string[]): Promise<string[]> {
  return Promise.all(names.map((n) => mkdtemp(path.join(tmpdir(), `lifeboat-bench-${prefix}${n}-`))));
}

async function setupHub(hub: HubProcess, storage: string, crds: readonly object[]): Promise<KubeClient> {
  const c = benchClient(hub.kubeconfigPath);
  await installCrds(c, [...crds]);
  await ensureNamespace(c, NS);
  await ensureStorageLocation(c, NS, { kind: 'fs', dir: storage });
  return c;
}

/** Starts hubs A and B on one new storage directory, with `crds` installed on both. */
export async function startBenchHubs(prefix: string, crds: readonly object[], extraDirs: readonly string[] = []): Promise<BenchHubs> {
  const dirs = await benchDirs(prefix, ['hub-a', 'hub-b', 'storage', ...extraDirs]);
  const [dirA, dirB, storage] = dirs;
  const hubA = await startHubProcess(dirA);
  const hubB = await startHubProcess(dirB);
  return { hubA, hubB, a: await setupHub(hubA, storage, crds), b: await setupHub(hubB, storage, crds), storage, dirs };
}
