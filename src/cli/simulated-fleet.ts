// Simulated managed clusters on this machine: each one is a small embedded hub of its own (its
// Kubernetes API, holding the klusterlet's Secrets and the tokens it issues) with a klusterlet and a
// managed-serviceaccount agent. All of them share one CA and serving certificate, and each keeps
// its port, so the URL recorded on the hub (and in its backups) stays valid across restarts.
// Layout: <agents-dir>/<cluster>/ (hub.db, pki/, port, kubeconfig, admin.token; secrets 0600).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { EmbeddedHub } from '../hub/hub.js';
import { loadOrCreatePki } from '../hub/security/pki.js';
import type { KubeClient } from '../kube/index.js';
import type { ManagedClusterApi } from '../local/fleet/agent/cluster-api.js';
import { Klusterlet } from '../local/fleet/agent/klusterlet.js';
import { registerSimulatedCluster } from '../local/fleet/setup.js';
import { fileExists, writeFileAtomic } from '../util/files.js';

const HOST = '127.0.0.1';
const DEFAULT_CONCURRENCY = 8;

export interface SimulatedClusterSpec {
  name: string;
  /** Hive-created (ClusterDeployment + admin kubeconfig) rather than imported. */
  hive: boolean;
}

export interface SimulatedFleetOptions {
  /** Where the clusters keep their state. */
  agentsDir: string;
  clusters: SimulatedClusterSpec[];
  /** Admin access to the hub the clusters join first; asked for only when a cluster is set up now. */
  hub(): KubeClient;
  /** The first bootstrap hub kubeconfig of a cluster that has none yet. */
  bootstrapKubeconfig(cluster: string): Promise<string>;
  leaseDurationSeconds: number;
  log: Logger;
  concurrency?: number;
}

interface RunningCluster {
  api: ManagedClusterApi;
  server: EmbeddedHub;
  klusterlet: Klusterlet;
}

export class SimulatedFleet {
  private constructor(readonly clusters: Map<string, RunningCluster>) {}

  static async start(opts: SimulatedFleetOptions): Promise<SimulatedFleet> {
    await fs.mkdir(opts.agentsDir, { recursive: true, mode: 0o700 });
    const sharedDir = path.join(opts.agentsDir, '.shared');
    await loadOrCreatePki(sharedDir, HOST);
    const fleet = new SimulatedFleet(new Map());
    const queue = [...opts.clusters];
    const failures: string[] = [];
    const worker = async (): Promise<void> => {
      for (let spec = queue.shift(); spec; spec = queue.shift()) {
        try {
          fleet.clusters.set(spec.name, await startCluster(spec, sharedDir, opts));
        } catch (err) {
          failures.push(`${spec.name}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, queue.length) }, worker));
    if (failures.length > 0) {
      await fleet.stop();
      throw new Error(`simulated clusters failed to start: ${failures.join('; ')}`);
    }
    return fleet;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.clusters.values()].map(async (c) => {
        await c.klusterlet.stop();
        await c.server.stop();
      }),
    );
  }
}

async function startCluster(spec: SimulatedClusterSpec, sharedDir: string, opts: SimulatedFleetOptions): Promise<RunningCluster> {
  const dir = path.join(opts.agentsDir, spec.name);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (!(await fileExists(path.join(dir, 'pki')))) await fs.cp(path.join(sharedDir, 'pki'), path.join(dir, 'pki'), { recursive: true });
  const portFile = path.join(dir, 'port');
  const port = (await fileExists(portFile)) ? Number((await fs.readFile(portFile, 'utf8')).trim()) : 0;
  let server: EmbeddedHub;
  try {
    // A simulated cluster may lose its last writes to a power cut, not to a crash; an fsync per
    // commit for hundreds of them would dominate the fleet's start-up.
    server = await EmbeddedHub.start({ dataDir: dir, port, host: HOST, powerLossSafe: false, log: opts.log.child({ cluster: spec.name }, { level: 'warn' }) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`its API port ${port} (kept in ${portFile}, the URL its hubs know) is in use by another process`);
    throw err;
  }
  if (port === 0) await writeFileAtomic(portFile, `${new URL(server.url).port}\n`, 0o644);
  const admin = new KubeConfig();
  admin.loadFromFile(server.kubeconfigPath);
  const api: ManagedClusterApi = {
    name: spec.name,
    url: server.url,
    caCert: server.caCert,
    admin,
    issueToken: (user, expiresAt) => server.createToken(user, false, expiresAt),
  };
  const klusterlet = new Klusterlet({ api, log: opts.log });
  try {
    // Only a new cluster is set up; one that has a bootstrap kubeconfig stays with its hub.
    if (!(await klusterlet.hasBootstrapKubeconfig())) {
      await registerSimulatedCluster(opts.hub(), { api, hive: spec.hive, leaseDurationSeconds: opts.leaseDurationSeconds });
      await klusterlet.writeBootstrapKubeconfig(await opts.bootstrapKubeconfig(spec.name));
    }
    await klusterlet.start();
  } catch (err) {
    await klusterlet.stop();
    await server.stop();
    throw err;
  }
  return { api, server, klusterlet };
}
