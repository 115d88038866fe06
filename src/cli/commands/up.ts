import path from 'node:path';
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
import { parseStorageOption, type StorageOption } from '../storage-option.js';
import { EmbeddedHub } from '../../hub/hub.js';
import { KubeClient } from '../../kube/index.js';
import { veleroCrds } from '../../api/velero/index.js';
import { DEFAULT_BACKUP_NAMESPACE, backupCrds } from '../../api/backup/index.js';
import { DATA_PROTECTION_APPLICATION_CRD, ocmCrdDefinitions } from '../../api/ocm/index.js';
import { renderCrd } from '../../api/crd/render.js';
import { snapshotCrds } from '../../api/snapshot/index.js';
import { defaultPodLogDir } from '../../local/cluster.js';
import { ensureDefaultClasses } from '../../local/volumes/default-classes.js';
import { DEFAULT_COLLISION_CHECK_INTERVAL_MS } from '../../backup/collision/index.js';
import { installCrds } from '../install-crds.js';
import { volsyncCrds } from '../../api/volsync/index.js';
import { credentialsFromEnvironment, ensureNamespace, ensureStorageLocation } from '../local-storage.js';
import { startOperator } from '../run-operator.js';
import { onShutdownSignals } from '../signals.js';
import { leaseDurationOption, leaseSeconds, parseCount } from '../fleet-options.js';
import { startUpFleet } from '../fleet-up.js';

interface UpFlags {
  dataDir: string;
  port: number;
  host: string;
  storage?: StorageOption;
  storageCredentials?: string;
  backupNamespace: string;
  backupSyncInterval: number;
  collisionCheckInterval: number;
  backupControllers: boolean;
  volsyncControllers: boolean;
  moverImage: string;
  ocmCrds: boolean;
  metricsPort?: number;
  agents?: number;
  hiveAgents?: number;
  agentLeaseDuration: number;
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description(
      'Run Lifeboat on this machine: the embedded hub, the controllers, the Velero-compatible engine with a storage location, and local volumes and Jobs',
    )
    .option('--data-dir <dir>', 'where the hub keeps its database, certificates and kubeconfig', '.lifeboat')
    .option('--port <port>', 'HTTPS port of the hub (0 picks a free one)', parsePort, 6443)
    .option('--host <host>', 'address the hub listens on', parseHost, '127.0.0.1')
    .option(
      '--storage <dir|s3-url>',
      'backup storage: a directory, or s3://bucket/prefix?endpoint=…&region=… (default: <data-dir>/storage)',
      parseStorageOption,
    )
    .option('--storage-credentials <file>', 'AWS shared-credentials file for s3:// storage (default: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)')
    .option('--backup-namespace <ns>', 'namespace of the backup objects and the storage location', DEFAULT_BACKUP_NAMESPACE)
    .addOption(backupSyncIntervalOption(60_000))
    .addOption(noBackupControllersOption())
    .addOption(collisionCheckIntervalOption(DEFAULT_COLLISION_CHECK_INTERVAL_MS))
    .addOption(noVolsyncControllersOption())
    .addOption(moverImageOption(defaultMoverImage()))
    .option('--no-ocm-crds', "don't install the open-cluster-management, Hive and OpenShift CRDs (install your own)")
    .option('--metrics-port <port>', "serve the operator's Prometheus /metrics over HTTPS on this port (bearer: <data-dir>/admin.token)", parsePort)
    .option(
      '--agents <n>',
      'simulate N imported managed clusters in this process (managed-1…N), each with its own API, klusterlet and managed-serviceaccount agent',
      parseCount('--agents'),
    )
    .option('--hive-agents <n>', 'simulate N hive-created managed clusters (hive-1…N: ClusterDeployment with an admin kubeconfig)', parseCount('--hive-agents'))
    .addOption(leaseDurationOption('--agent-lease-duration'))
    .addHelpText(
      'after',
      "\nThe hub writes <data-dir>/kubeconfig when ready:\n  KUBECONFIG=.lifeboat/kubeconfig kubectl get backupstoragelocations -A\n\nTwo `lifeboat up` on one --storage directory (different --data-dir and --port) are an\nactive–passive pair: each sees the other's backups.\n\nVolumes are directories under <data-dir>/volumes (StorageClass lifeboat-local, the default;\nsnapshots: VolumeSnapshotClass lifeboat-local); `lifeboat volumes ls` lists them. batch/v1 Jobs run\nas local processes, their output readable with `kubectl logs`.\n\nSimulated clusters keep their state in <data-dir>/agents/<name>/ and, after a restart, stay\nattached to the hub they last moved to.",
    )
    .action(async (flags: UpFlags) => {
      await runUp(flags);
    });
}

async function runUp(flags: UpFlags): Promise<void> {
  if ((flags.agents !== undefined || flags.hiveAgents !== undefined) && !flags.ocmCrds)
    throw new Error('--agents and --hive-agents need the OCM CRDs: drop --no-ocm-crds');
  const log = pino({ level: process.env.LIFEBOAT_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const storage = flags.storage ?? parseStorageOption(path.join(path.resolve(flags.dataDir), 'storage'));
  let credentials: string | undefined;
  if (storage.kind === 's3') {
    credentials = flags.storageCredentials ? await fs.readFile(flags.storageCredentials, 'utf8') : credentialsFromEnvironment();
    if (!credentials)
      throw new Error('--storage s3://… needs credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --storage-credentials <file>');
  }
  const podLogDir = defaultPodLogDir(flags.dataDir);
  const hub = await EmbeddedHub.start({ dataDir: flags.dataDir, port: flags.port, host: flags.host, podLogDir, log: log.child({ component: 'hub' }) });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(hub.kubeconfigPath);
  const setupClient = new KubeClient(kubeConfig);
  try {
    await installCrds(setupClient, [...veleroCrds(), ...backupCrds(), ...snapshotCrds(), ...volsyncCrds(), ...standInCrds(flags.ocmCrds)]);
    await ensureDefaultClasses(setupClient);
    await ensureNamespace(setupClient, flags.backupNamespace);
    await ensureStorageLocation(setupClient, flags.backupNamespace, storage, credentials);
  } finally {
    setupClient.close();
  }
  const operator = await startOperator(kubeConfig, {
    backupNamespace: flags.backupNamespace,
    veleroEngine: true,
    backupSyncIntervalMs: flags.backupSyncInterval,
    collisionCheckIntervalMs: flags.collisionCheckInterval,
    backupControllers: flags.backupControllers,
    volsyncControllers: flags.volsyncControllers,
    moverImage: flags.moverImage,
    leaderElection: false,
    localCluster: { dataDir: flags.dataDir, podLogDir },
    ...(flags.metricsPort !== undefined ? { metrics: { host: flags.host, port: flags.metricsPort, token: await readAdminToken(flags.dataDir) } } : {}),
    log,
  });
  const fleet = flags.ocmCrds
    ? await startUpFleet(hub, kubeConfig, {
        agents: flags.agents,
        hiveAgents: flags.hiveAgents,
        leaseDurationSeconds: leaseSeconds(flags.agentLeaseDuration),
        dataDir: flags.dataDir,
        log,
      })
    : undefined;
  onShutdownSignals(log, async () => {
    await fleet?.stop();
    await operator.stop();
    await hub.stop();
  });
  const metricsLine = operator.manager.metricsUrl ? `metrics: ${operator.manager.metricsUrl}\n` : '';
  const agentsLine = fleet?.clusterCount ? `agents: ${fleet.clusterCount} simulated managed clusters in ${path.join(flags.dataDir, 'agents')}\n` : '';
  process.stdout.write(
    `ready: ${hub.url}\n${metricsLine}${agentsLine}kubeconfig: ${hub.kubeconfigPath}\nstorage: ${storage.kind === 'fs' ? storage.dir : `s3://${storage.bucket}/${storage.prefix}`}\n`,
  );
}

/**
 * The stand-in CRDs of the APIs an ACM hub has. The DataProtectionApplication's is always installed:
 * `up` creates one to own the storage location (decision 16).
 */
function standInCrds(withOcm: boolean): object[] {
  const definitions = withOcm ? ocmCrdDefinitions() : [DATA_PROTECTION_APPLICATION_CRD];
  return definitions.map(renderCrd);
}

async function readAdminToken(dataDir: string): Promise<string> {
  return (await fs.readFile(path.join(dataDir, 'admin.token'), 'utf8')).trim();
}
