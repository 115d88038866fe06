import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import pino from 'pino';
import { KubeConfig } from '@kubernetes/client-node';
import {
  backupSyncIntervalOption,
  collisionCheckIntervalOption,
  moverImageOption,
  noBackupControllersOption,
  noVolsyncControllersOption,
  parseHost,
  parsePort,
} from '../options.js';
import { defaultMoverImage } from '../../volsync/index.js';
import { startOperator } from '../run-operator.js';
import { onShutdownSignals } from '../signals.js';
import { DEFAULT_BACKUP_NAMESPACE } from '../../api/backup/index.js';
import { DEFAULT_COLLISION_CHECK_INTERVAL_MS } from '../../backup/collision/index.js';

interface OperatorFlags {
  kubeconfig?: string;
  backupNamespace: string;
  veleroEngine: boolean;
  backupSyncInterval: number;
  collisionCheckInterval: number;
  backupControllers: boolean;
  volsyncControllers: boolean;
  moverImage: string;
  moverImagePullSecrets?: string[];
  leaderElection: boolean;
  metricsPort?: number;
  metricsHost: string;
  metricsTokenFile?: string;
}

export function registerOperatorCommand(program: Command): void {
  program
    .command('operator')
    .description('Run the Lifeboat controllers against any Kubernetes API: a real cluster or another embedded hub')
    .option('--kubeconfig <file>', 'kubeconfig of the cluster (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account)')
    .option('--backup-namespace <ns>', 'namespace of the backup objects and storage locations', DEFAULT_BACKUP_NAMESPACE)
    .option('--no-velero-engine', "don't execute velero.io objects (real Velero does it on this cluster)")
    .addOption(backupSyncIntervalOption(60_000))
    .addOption(noBackupControllersOption())
    .addOption(collisionCheckIntervalOption(DEFAULT_COLLISION_CHECK_INTERVAL_MS))
    .addOption(noVolsyncControllersOption())
    .addOption(moverImageOption(defaultMoverImage()))
    .option('--mover-image-pull-secrets <names>', 'image-pull Secrets of the operator namespace to copy for mover Jobs (comma-separated)', (v: string) =>
      v.split(',').filter(Boolean),
    )
    .option('--no-leader-election', 'do not take the lifeboat-operator Lease before acting (only one operator may run)')
    .option('--metrics-port <port>', 'serve Prometheus /metrics over HTTPS on this port', parsePort)
    .option('--metrics-host <host>', 'address for /metrics', parseHost, '0.0.0.0')
    .option('--metrics-token-file <file>', 'bearer token file /metrics requires (required with --metrics-port)')
    .action(async (flags: OperatorFlags) => {
      const log = pino({ level: process.env.LIFEBOAT_LOG_LEVEL ?? 'info' }, pino.destination(2));
      const kubeConfig = new KubeConfig();
      if (flags.kubeconfig) kubeConfig.loadFromFile(flags.kubeconfig);
      else kubeConfig.loadFromDefault();
      let metrics: { host: string; port: number; token: string } | undefined;
      if (flags.metricsPort !== undefined) {
        if (!flags.metricsTokenFile) throw new Error('--metrics-port needs --metrics-token-file: /metrics is served only to callers with that bearer token');
        metrics = { host: flags.metricsHost, port: flags.metricsPort, token: (await fs.readFile(flags.metricsTokenFile, 'utf8')).trim() };
      }
      const operator = await startOperator(kubeConfig, {
        backupNamespace: flags.backupNamespace,
        veleroEngine: flags.veleroEngine,
        backupSyncIntervalMs: flags.backupSyncInterval,
        collisionCheckIntervalMs: flags.collisionCheckInterval,
        backupControllers: flags.backupControllers,
        volsyncControllers: flags.volsyncControllers,
        moverImage: flags.moverImage,
        moverImagePullSecrets: flags.moverImagePullSecrets,
        leaderElection: flags.leaderElection,
        metrics,
        log,
      });
      onShutdownSignals(log, () => operator.stop());
      process.stdout.write(`operator running against ${kubeConfig.getCurrentCluster()?.server ?? 'the cluster'}\n`);
    });
}
