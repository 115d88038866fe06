// `lifeboat up`'s part of the fleet: the hub-side stand-ins (registration, import) always run with
// the OCM CRDs; `--agents N` / `--hive-agents M` also start simulated clusters in this process,
// named managed-1…N (imported, with the managed-serviceaccount add-on agent) and hive-1…M
// (hive-created: a ClusterDeployment with an admin kubeconfig), each bootstrapped to this hub.
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { EmbeddedHub } from '../hub/hub.js';
import { KubeClient } from '../kube/index.js';
import { FleetHub } from '../local/fleet/hub/fleet-hub.js';
import { bootstrapKubeconfigOf, ensureImportSecret, type HubIdentity } from '../local/fleet/hub/import-secret.js';
import { registerMsaAddon } from '../local/fleet/setup.js';
import { SimulatedFleet, type SimulatedClusterSpec } from './simulated-fleet.js';

export interface UpFleetOptions {
  agents?: number;
  hiveAgents?: number;
  leaseDurationSeconds: number;
  dataDir: string;
  log: Logger;
}

export interface RunningUpFleet {
  clusterCount: number;
  stop(): Promise<void>;
}

export function simulatedClusterNames(imported: number, hive: number): SimulatedClusterSpec[] {
  return [
    ...Array.from({ length: imported }, (_, i) => ({ name: `managed-${i + 1}`, hive: false })),
    ...Array.from({ length: hive }, (_, i) => ({ name: `hive-${i + 1}`, hive: true })),
  ];
}

export async function startUpFleet(hub: EmbeddedHub, kubeConfig: KubeConfig, opts: UpFleetOptions): Promise<RunningUpFleet> {
  const client = new KubeClient(kubeConfig, { log: opts.log.child({ component: 'fleet-client' }) });
  const identity: HubIdentity = { url: hub.url, caCert: hub.caCert, mintToken: (user) => hub.createToken(user, false) };
  const fleetHub = await FleetHub.start({ client, hub: identity, log: opts.log.child({ component: 'fleet-hub' }) });
  let fleet: SimulatedFleet | undefined;
  const specs = simulatedClusterNames(opts.agents ?? 0, opts.hiveAgents ?? 0);
  try {
    if (opts.agents !== undefined || opts.hiveAgents !== undefined) {
      await registerMsaAddon(client);
      fleet = await SimulatedFleet.start({
        agentsDir: path.join(path.resolve(opts.dataDir), 'agents'),
        clusters: specs,
        hub: () => client,
        bootstrapKubeconfig: async (name) => bootstrapKubeconfigOf(await ensureImportSecret(client, identity, name)),
        leaseDurationSeconds: opts.leaseDurationSeconds,
        log: opts.log.child({ component: 'agent' }),
      });
    }
  } catch (err) {
    await fleetHub.stop();
    client.close();
    throw err;
  }
  return {
    clusterCount: specs.length,
    async stop() {
      await fleet?.stop();
      await fleetHub.stop();
      client.close();
    },
  };
}
