// prepareForBackup (hub-backup.md §2.8): what the backup needs done on the hub before each pass of
// the schedules — MSA auto-import accounts, then the labels that put Hive, agent-install and
// bare-metal credentials into the credentials backup, then the MSA token secrets' stamps.
import { pino, type Logger } from 'pino';
import type { BackupSchedule } from '../../api/backup/index.js';
import type { ReconcileContext } from '../../kube/index.js';
import { findLocalClusterName } from '../hub-identity.js';
import { prepareManagedServiceAccounts, stampMsaSecrets } from '../msa/index.js';
import { prepareHiveResources } from './hive.js';
import { labelAgentInstallSecrets, labelBaremetalSecrets } from './infra-secrets.js';

export interface PrepareOptions {
  log?: Logger;
}

export interface PrepareResult {
  msaActive: boolean;
  importedClusters: string[];
  createdMsas: number;
  deletedMsaArtifacts: number;
  /** False when the local cluster name could not be read and the Hive step was skipped. */
  hivePrepared: boolean;
  labelled: number;
  markedDeployments: number;
  stampedMsaSecrets: number;
}

/** Throws on API errors so that the caller's reconcile is retried with back-off (§2.2 step 11). */
export async function prepareForBackup(ctx: ReconcileContext, bsch: BackupSchedule, opts: PrepareOptions = {}): Promise<void> {
  await prepareForBackupPass(ctx, bsch, opts);
}

/** prepareForBackup, reporting what the pass did. */
export async function prepareForBackupPass(ctx: ReconcileContext, bsch: BackupSchedule, opts: PrepareOptions = {}): Promise<PrepareResult> {
  const log = (opts.log ?? pino({ level: 'silent' })).child({
    namespace: bsch.metadata.namespace,
    backupSchedule: bsch.metadata.name,
    step: 'prepareForBackup',
  });
  const { client, signal } = ctx;
  const msa = await prepareManagedServiceAccounts({ client, clock: ctx.clock, log, signal }, bsch);

  let hivePrepared = false;
  let labelled = 0;
  let markedDeployments = 0;
  let localCluster: string | undefined;
  try {
    localCluster = await findLocalClusterName(client, { signal, log });
  } catch (err) {
    // Fail closed: without the local cluster's name, its namespace could be labelled by mistake.
    log.warn({ err }, 'local cluster name unavailable; Hive secrets are not labelled in this pass');
  }
  if (localCluster !== undefined) {
    const hive = await prepareHiveResources(client, localCluster, log, signal);
    hivePrepared = true;
    labelled += hive.labelled;
    markedDeployments = hive.markedDeployments;
  }
  labelled += await labelAgentInstallSecrets(client, log, signal);
  labelled += await labelBaremetalSecrets(client, log, signal);
  const stampedMsaSecrets = msa.active ? await stampMsaSecrets(client, log, signal) : 0;

  return {
    msaActive: msa.active,
    importedClusters: msa.importedClusters,
    createdMsas: msa.createdMsas,
    deletedMsaArtifacts: msa.deleted,
    hivePrepared,
    labelled,
    markedDeployments,
    stampedMsaSecrets,
  };
}
