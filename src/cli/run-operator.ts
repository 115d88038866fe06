import type { Logger } from 'pino';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, Manager } from '../kube/index.js';
import { prepareVeleroEngine, veleroEngineControllers } from '../local/velero/engine.js';
import { backupScheduleController } from '../backup/schedule/index.js';
import { collisionCheckController } from '../backup/collision/index.js';
import { registerBackupMetrics } from '../backup/metrics.js';
import { registerRestoreMetrics, restoreController } from '../backup/restore/index.js';
import { isServed } from '../backup/doctor/api.js';
import { INTERNAL_HUB_COMPONENTS } from '../api/ocm/index.js';

export interface OperatorOptions {
  backupNamespace: string;
  /** Run Lifeboat's Velero-compatible engine (off where real Velero executes the velero objects). */
  veleroEngine: boolean;
  backupSyncIntervalMs: number;
  /** Run the BackupSchedule and Restore controllers, the collision check and the backup metrics (off: only the engine). */
  backupControllers: boolean;
  /** How often each BackupSchedule is checked for a backup collision (hub-backup.md §3). */
  collisionCheckIntervalMs: number;
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
    for (const spec of veleroEngineControllers({ namespace: opts.backupNamespace, syncIntervalMs: opts.backupSyncIntervalMs, log: opts.log }))
      manager.add(spec);
  }
  if (opts.backupControllers) {
    manager.add(backupScheduleController({ log: opts.log.child({ controller: 'backupschedule' }) }));
    manager.add(collisionCheckController({ intervalMs: opts.collisionCheckIntervalMs, log: opts.log }));
    // An informer on an API nobody serves never syncs: the component is watched only where it exists.
    const watchInternalHubComponent = await isServed(client, INTERNAL_HUB_COMPONENTS);
    manager.add(restoreController({ log: opts.log.child({ controller: 'restore' }), watchInternalHubComponent }));
    registerBackupMetrics(manager.metrics, client, { backupNamespace: opts.backupNamespace, log: opts.log.child({ component: 'backup-metrics' }) });
    registerRestoreMetrics(manager.metrics, client, { log: opts.log.child({ component: 'restore-metrics' }) });
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
