// Fleet fixtures built on test/support (no tests of its own): an embedded hub with the OCM and Hive
// CRDs running the hub-side fleet stand-ins, optionally with simulated clusters in this process.
import { MANAGED_CLUSTERS, type ManagedCluster } from '../../src/api/ocm/index.js';
import { startUpFleet, type RunningUpFleet } from '../../src/cli/fleet-up.js';
import { LEASE_RESOURCE, getCondition, type Condition, type KubeClient, type Lease } from '../../src/kube/index.js';
import { startHub, testLog, waitFor, type CrdSet, type TestHub } from '../support/index.js';

export interface FleetHubEnv {
  env: TestHub;
  client: KubeClient;
  fleet: RunningUpFleet;
  /** Restarts the fleet part (stand-ins and simulated clusters) on the same data directory. */
  restartFleet(opts?: { agents?: number; hiveAgents?: number }): Promise<void>;
  teardown(): Promise<void>;
}

export interface FleetHubOptions {
  agents?: number;
  hiveAgents?: number;
  leaseDurationSeconds?: number;
  /** CRDs besides the OCM ones. */
  crds?: CrdSet[];
}

export async function startFleetHub(opts: FleetHubOptions = {}): Promise<FleetHubEnv> {
  const env = await startHub({ crds: ['ocm', ...(opts.crds ?? [])] });
  const start = (o: { agents?: number; hiveAgents?: number }): Promise<RunningUpFleet> =>
    startUpFleet(env.hub, env.kubeConfig, { ...o, leaseDurationSeconds: opts.leaseDurationSeconds ?? 1, dataDir: env.dataDir, log: testLog() });
  let fleet: RunningUpFleet;
  try {
    fleet = await start(opts);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  const handle: FleetHubEnv = {
    env,
    client: env.client,
    fleet,
    async restartFleet(o = opts) {
      await handle.fleet.stop();
      handle.fleet = await start(o);
    },
    async teardown() {
      try {
        await handle.fleet.stop();
      } finally {
        await env.teardown();
      }
    },
  };
  return handle;
}

export async function clusterCondition(client: KubeClient, name: string, type: string): Promise<Condition | undefined> {
  const cluster = await client.get<ManagedCluster>(MANAGED_CLUSTERS, name);
  return getCondition(cluster.status?.conditions as Condition[] | undefined, type);
}

export async function waitForCondition(client: KubeClient, name: string, type: string, status: string, what: string, timeoutMs = 30_000): Promise<Condition> {
  return waitFor(
    `${name}: ${type}=${status} (${what})`,
    async () => {
      const found = await clusterCondition(client, name, type);
      return found?.status === status ? found : undefined;
    },
    timeoutMs,
    100,
  );
}

/** A ManagedCluster as a restore re-creates it: spec and labels from the backup, no status. */
export async function restoreManagedCluster(from: KubeClient, to: KubeClient, name: string): Promise<void> {
  const source = await from.get<ManagedCluster>(MANAGED_CLUSTERS, name);
  await to.create<ManagedCluster>(MANAGED_CLUSTERS, {
    apiVersion: 'cluster.open-cluster-management.io/v1',
    kind: 'ManagedCluster',
    metadata: { name, labels: source.metadata.labels },
    spec: source.spec,
  });
}

async function renewTime(client: KubeClient, cluster: string): Promise<string | undefined> {
  return (await client.get<Lease>(LEASE_RESOURCE, 'managed-cluster-lease', { namespace: cluster })).spec?.renewTime;
}

/** Waits until the cluster's agent renews its lease on this hub once more. */
export async function leaseRenewed(client: KubeClient, cluster: string, what = ''): Promise<void> {
  const before = await renewTime(client, cluster);
  await waitFor(`${cluster}'s lease renewed ${what}`.trim(), async () => (await renewTime(client, cluster)) !== before, 10_000, 100);
}
