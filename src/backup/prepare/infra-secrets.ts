// Agent-based install and bare-metal secrets (hub-backup.md §2.8 steps 3 and 4): found by the
// labels their operators put on them, labelled for the credentials backup. Bare-metal hosts of the
// hub itself (openshift-machine-api) are not backed up.
import type { Logger } from 'pino';
import { BACKUP_LABEL_VALUES, LABEL_AGENT_INSTALL_WATCH, LABEL_METAL3_ENVIRONMENT } from '../../api/backup/index.js';
import type { KubeClient } from '../../kube/index.js';
import { SECRETS, type MetaOnly } from '../msa/index.js';
import { labelForBackup } from './label-object.js';

export const MACHINE_API_NAMESPACE = 'openshift-machine-api';

async function labelSelected(
  client: KubeClient,
  selector: string,
  value: string,
  skip: (s: MetaOnly) => boolean,
  log: Logger,
  signal?: AbortSignal,
): Promise<number> {
  let labelled = 0;
  for (const secret of (await client.list<MetaOnly>(SECRETS, { labelSelector: selector, signal })).items) {
    if (skip(secret)) continue;
    if (await labelForBackup(client, SECRETS, secret, value, log, signal)) labelled++;
  }
  return labelled;
}

export function labelAgentInstallSecrets(client: KubeClient, log: Logger, signal?: AbortSignal): Promise<number> {
  return labelSelected(client, `${LABEL_AGENT_INSTALL_WATCH}=true`, BACKUP_LABEL_VALUES.agentInstall, () => false, log, signal);
}

export function labelBaremetalSecrets(client: KubeClient, log: Logger, signal?: AbortSignal): Promise<number> {
  return labelSelected(
    client,
    `${LABEL_METAL3_ENVIRONMENT}=baremetal`,
    BACKUP_LABEL_VALUES.baremetal,
    (s) => s.metadata.namespace === MACHINE_API_NAMESPACE,
    log,
    signal,
  );
}
