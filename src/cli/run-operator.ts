import type { Logger } from 'pino';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, Manager } from '../kube/index.js';
import { prepareVeleroEngine, veleroEngineControllers } from '../local/velero/engine.js';

export interface OperatorOptions {
  backupNamespace: string;
  /** Run Lifeboat's Velero-compatible engine (off where real Velero executes the velero objects). */
  veleroEngine: boolean;
  backupSyncIntervalMs: number;
  log: Logger;
  leaderElection: boolean;
  metrics?: { host: string; port: number; token: string };
}

export interface RunningOperator {
  manager: Manager;
  client: KubeClient;
  stop(): Promise<void>;
}

/** Starts every Lifeboat controller against the API `kubeConfig` points at. */
export async function startOperator(kubeConfig: KubeConfig, opts: OperatorOptions): Promise<RunningOperator> {
  const client = new KubeClient(kubeConfig, { log: opts.log.child({ component: 'kube-client' }) });
  const manager = new Manager({
    client,
    log: opts.log,
    ...(opts.leaderElection ? { leaderElection: { namespace: opts.backupNamespace, name: 'lifeboat-operator' } } : {}),
    ...(opts.metrics ? { metricsServer: { host: opts.metrics.host, port: opts.metrics.port, token: opts.metrics.token } } : {}),
  });
  if (opts.veleroEngine) {
    await prepareVeleroEngine(client, opts.backupNamespace, opts.log);
    for (const spec of veleroEngineControllers({ namespace: opts.backupNamespace, syncIntervalMs: opts.backupSyncIntervalMs, log: opts.log })) manager.add(spec);
  }
  await manager.start();
  return {
    manager,
    client,
    async stop() {
      await manager.stop();
      client.close();
    },
  };
}
