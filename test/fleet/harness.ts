// Shared set-up for the fleet tests (no tests of its own): an embedded hub with the OCM and Hive
// CRDs running the hub-side fleet stand-ins, optionally with simulated clusters in this process.
import { KubeConfig } from '@kubernetes/client-node';
import { MANAGED_CLUSTERS, ocmCrds, type ManagedCluster } from '../../src/api/ocm/index.js';
import { installCrds } from '../../src/cli/install-crds.js';
import { startUpFleet, type RunningUpFleet } from '../../src/cli/fleet-up.js';
import { KubeClient, getCondition, type Condition } from '../../src/kube/index.js';
import { startHubEnv, type HubEnv } from '../support/hub-env.js';
import { waitFor } from '../support/wait.js';
import pino from 'pino';

export interface FleetHubEnv {
  env: HubEnv;
  client: KubeClient;
  fleet: RunningUpFleet;
  /** Restarts the fleet part (stand-ins and simulated clusters) on the same data directory. */
  restartFleet(opts?: { agents?: number; hiveAgents?: number }): Promise<void>;
  teardown(): Promise<void>;
}

const log = pino({ level: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'silent' });

export async function startFleetHub(opts: { agents?: number; hiveAgents?: number; leaseDurationSeconds?: number } = {}): Promise<FleetHubEnv> {
  const env = await startHubEnv();
  const kc = new KubeConfig();
  kc.loadFromFile(env.kubeconfigPath);
  const client = new KubeClient(kc);
  await installCrds(client, ocmCrds());
  await waitFor(
    async () => {
      try {
        await client.list(MANAGED_CLUSTERS, { limit: 1 });
        await client.list({ group: 'hive.openshift.io', version: 'v1', plural: 'clusterdeployments', namespaced: true }, { limit: 1 });
        return true;
      } catch {
        return false;
      }
    },
    20_000,
    'the OCM CRDs to be served',
  );
  const start = (o: { agents?: number; hiveAgents?: number }): Promise<RunningUpFleet> =>
    startUpFleet(env.hub, kc, { ...o, leaseDurationSeconds: opts.leaseDurationSeconds ?? 1, dataDir: env.dataDir, log });
  const handle: FleetHubEnv = {
    env,
    client,
    fleet: await start(opts),
    async restartFleet(o = opts) {
      await handle.fleet.stop();
      handle.fleet = await start(o);
    },
    async teardown() {
      await handle.fleet.stop();
      client.close();
      await env.teardown();
    },
  };
  return handle;
}

export async function clusterCondition(client: KubeClient, name: string, type: string): Promise<Condition | undefined> {
  const cluster = await client.get<ManagedCluster>(MANAGED_CLUSTERS, name);
  return getCondition(cluster.status?.conditions as Condition[] | undefined, type);
}

export async function waitForCondition(client: KubeClient, name: string, type: string, status: string, what: string, timeoutMs = 30_000): Promise<Condition> {
  let found: Condition | undefined;
  await waitFor(
    async () => {
      found = await clusterCondition(client, name, type);
      return found?.status === status;
    },
    timeoutMs,
    `${name}: ${type}=${status} (${what})`,
    100,
  );
  return found as Condition;
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
