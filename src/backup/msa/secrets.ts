// MSA token secrets (hub-backup.md §5.1.4): Secrets the MSA agent labels
// `is-managed-serviceaccount=true` whose names start with `auto-import-account`. The backup stamps
// them with their MSA's token times (the restore side picks the freshest token from these) and
// with the `backup=msa` label so that the credentials schedule takes them.
import type { Logger } from 'pino';
import {
  ANNOTATION_EXPIRATION_TIMESTAMP,
  ANNOTATION_LAST_REFRESH_TIMESTAMP,
  AUTO_IMPORT_ACCOUNT,
  BACKUP_LABEL_VALUES,
  LABEL_BACKUP,
  LABEL_IS_MANAGED_SERVICEACCOUNT,
} from '../../api/backup/index.js';
import { MANAGED_SERVICE_ACCOUNTS, type ManagedServiceAccount } from '../../api/ocm/index.js';
import { isNotFound, type KubeClient } from '../../kube/index.js';
import { SECRETS, type MetaOnly } from './core.js';
import { hasCredentialsBackupLabel } from './labels.js';

export async function listMsaSecrets(client: KubeClient, namespace?: string, signal?: AbortSignal): Promise<MetaOnly[]> {
  const list = await client.list<MetaOnly>(SECRETS, { namespace, labelSelector: `${LABEL_IS_MANAGED_SERVICEACCOUNT}=true`, signal });
  return list.items.filter((s) => (s.metadata.name ?? '').startsWith(AUTO_IMPORT_ACCOUNT));
}

async function getMsa(client: KubeClient, namespace: string, name: string, signal?: AbortSignal): Promise<ManagedServiceAccount | undefined> {
  try {
    return await client.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, name, { namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Copies each MSA's token times onto its secret and adds `backup=msa`; writes only what changed. */
export async function stampMsaSecrets(client: KubeClient, log: Logger, signal?: AbortSignal): Promise<number> {
  let updated = 0;
  for (const secret of await listMsaSecrets(client, undefined, signal)) {
    const namespace = secret.metadata.namespace ?? '';
    const name = secret.metadata.name ?? '';
    const annotations: Record<string, string> = {};
    const labels: Record<string, string> = {};
    const msa = await getMsa(client, namespace, name, signal);
    const current = secret.metadata.annotations ?? {};
    const expiration = msa?.status?.expirationTimestamp;
    const lastRefresh = msa?.status?.tokenSecretRef?.lastRefreshTimestamp;
    if (expiration && current[ANNOTATION_EXPIRATION_TIMESTAMP] !== expiration) annotations[ANNOTATION_EXPIRATION_TIMESTAMP] = expiration;
    if (lastRefresh && current[ANNOTATION_LAST_REFRESH_TIMESTAMP] !== lastRefresh) annotations[ANNOTATION_LAST_REFRESH_TIMESTAMP] = lastRefresh;
    if (!hasCredentialsBackupLabel(secret.metadata.labels)) labels[LABEL_BACKUP] = BACKUP_LABEL_VALUES.msa;
    if (Object.keys(annotations).length === 0 && Object.keys(labels).length === 0) continue;
    // A metadata-only merge patch: the token itself is never read back or re-sent.
    await client.patch(SECRETS, name, { metadata: { labels, annotations } }, { type: 'merge', namespace, signal });
    log.info({ namespace, name, annotations: Object.keys(annotations), labelled: LABEL_BACKUP in labels }, 'MSA token secret stamped for backup');
    updated++;
  }
  return updated;
}
