import type { Logger } from 'pino';
import type { KubeConfig } from '@kubernetes/client-node';
import { isServed, KubeClient, Manager } from '../kube/index.js';
import { prepareVeleroEngine, veleroEngineControllers } from '../local/velero/engine.js';
import { backupScheduleController } from '../backup/schedule/index.js';
import { collisionCheckController } from '../backup/collision/index.js';
import { registerBackupMetrics } from '../backup/metrics.js';
import { LocalCluster } from '../local/cluster.js';
import { ensureVolumePopulator, moverHostEnv, volsyncControllers, volsyncEventReporter } from '../volsync/index.js';
import { registerRestoreMetrics, restoreController } from '../backup/restore/index.js';
import { INTERNAL_HUB_COMPONENTS } from '../api/ocm/index.js';
import { ACM_RESTORES, BACKUP_SCHEDULES } from '../api/backup/index.js';
import { BACKUP_STORAGE_LOCATIONS, RESTORES, SCHEDULES } from '../api/velero/index.js';
import { REPLICATION_DESTINATIONS, REPLICATION_SOURCES } from '../api/volsync/index.js';
import type { ResourceRef } from '../api/resource.js';

/**
 * The APIs a family of controllers watches that the cluster does not serve. An informer on an API
 * nobody serves never syncs, and the manager starts no controller before every informer has: one
 * missing CRD would silently stop all of them.
 */
async function unservedApis(client: KubeClient, refs: ResourceRef[]): Promise<string[]> {
  const served = await Promise.all(refs.map((ref) => isServed(client, ref)));
  return refs.filter((_, i) => !served[i]).map((ref) => `${ref.plural}.${ref.group || 'core'}/${ref.version}`);
}

export interface OperatorOptions {
  backupNamespace: string;
  /** Run Lifeboat's Velero-compatible engine (off where real Velero executes the velero objects). */
  veleroEngine: boolean;
  backupSyncIntervalMs: number;
  /** Run the BackupSchedule and Restore controllers, the collision check and the backup metrics (off: only the engine). */
  backupControllers: boolean;
  /** How often each BackupSchedule is checked for a backup collision (hub-backup.md §3). */
  collisionCheckIntervalMs: number;
  /** Run the ReplicationSource/ReplicationDestination controllers and the volume populator. */
  volsyncControllers: boolean;
  /** The image of mover Jobs. */
  moverImage: string;
  /** Image-pull Secrets (of VOLSYNC_NAMESPACE, else the backup namespace) copied for mover Jobs. */
  moverImagePullSecrets?: string[];
  log: Logger;
  leaderElection: boolean;
  metrics?: { host: string; port: number; token: string };
  /** Run the local volumes and Job runner (the embedded hub's stand-ins for a cluster's nodes and storage). */
  localCluster?: { dataDir: string; podLogDir: string };
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
    reportingController: (controller) => volsyncEventReporter(controller) ?? `lifeboat.io/${controller}`,
    ...(opts.leaderElection ? { leaderElection: { namespace: opts.backupNamespace, name: 'lifeboat-operator' } } : {}),
    ...(opts.metrics ? { metricsServer: { host: opts.metrics.host, port: opts.metrics.port, token: opts.metrics.token } } : {}),
  });
  if (opts.veleroEngine) {
    await prepareVeleroEngine(client, opts.backupNamespace, opts.log);
    for (const spec of veleroEngineControllers({ namespace: opts.backupNamespace, syncIntervalMs: opts.backupSyncIntervalMs, log: opts.log }))
      manager.add(spec);
  }
  const local = opts.localCluster ? await LocalCluster.prepare(client, { ...opts.localCluster, hostEnv: moverHostEnv(process.env), log: opts.log }) : undefined;
  for (const spec of local?.controllers() ?? []) manager.add(spec);
  const backupMissing = opts.backupControllers ? await unservedApis(client, [BACKUP_SCHEDULES, ACM_RESTORES, SCHEDULES, RESTORES, BACKUP_STORAGE_LOCATIONS]) : [];
  if (backupMissing.length > 0) {
    opts.log.warn(
      { missing: backupMissing },
      'BackupSchedule and Restore controllers not started: the cluster does not serve their APIs (apply deploy/crds/backup, and install OADP/Velero or apply deploy/crds/velero; or pass --no-backup-controllers)',
    );
  }
  if (opts.backupControllers && backupMissing.length === 0) {
    manager.add(backupScheduleController({ log: opts.log.child({ controller: 'backupschedule' }) }));
    manager.add(collisionCheckController({ intervalMs: opts.collisionCheckIntervalMs, log: opts.log }));
    // An informer on an API nobody serves never syncs: the component is watched only where it exists.
    const watchInternalHubComponent = await isServed(client, INTERNAL_HUB_COMPONENTS);
    manager.add(restoreController({ log: opts.log.child({ controller: 'restore' }), watchInternalHubComponent }));
    registerBackupMetrics(manager.metrics, client, { backupNamespace: opts.backupNamespace, log: opts.log.child({ component: 'backup-metrics' }) });
    registerRestoreMetrics(manager.metrics, client, { log: opts.log.child({ component: 'restore-metrics' }) });
  }
  const volsyncMissing = opts.volsyncControllers ? await unservedApis(client, [REPLICATION_SOURCES, REPLICATION_DESTINATIONS]) : [];
  if (volsyncMissing.length > 0) {
    opts.log.warn(
      { missing: volsyncMissing },
      'volume replication controllers not started: the cluster does not serve their APIs (apply deploy/crds/volsync, or pass --no-volsync-controllers)',
    );
  }
  if (opts.volsyncControllers && volsyncMissing.length === 0) {
    const log = opts.log.child({ component: 'volsync' });
    const settings = { moverImagePullSecrets: opts.moverImagePullSecrets ?? [], operatorNamespace: process.env.VOLSYNC_NAMESPACE || opts.backupNamespace };
    for (const spec of await volsyncControllers(client, { moverImage: opts.moverImage, registry: manager.metrics, log, settings })) manager.add(spec);
    await ensureVolumePopulator(client, log);
  }
  await manager.start();
  return {
    manager,
    client,
    async stop() {
      // Containers first, while the controllers still run: their pods get their final status.
      await local?.stop();
      await manager.stop();
      client.close();
    },
  };
}
