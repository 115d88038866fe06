// The one write every labelling rule of hub-backup.md §2.8 makes: add `…/backup=<value>` to a
// Secret or ConfigMap that no credentials-backup label selects yet. Only metadata is patched, so
// secret data is never read back or re-sent.
import type { Logger } from 'pino';
import { LABEL_BACKUP } from '../../api/backup/index.js';
import { isNotFound, type KubeClient, type ResourceRef } from '../../kube/index.js';
import { hasCredentialsBackupLabel, type MetaOnly } from '../msa/index.js';

export async function labelForBackup(client: KubeClient, ref: ResourceRef, obj: MetaOnly, value: string, log: Logger, signal?: AbortSignal): Promise<boolean> {
  if (hasCredentialsBackupLabel(obj.metadata.labels)) return false;
  const namespace = obj.metadata.namespace ?? '';
  const name = obj.metadata.name ?? '';
  try {
    await client.patch(ref, name, { metadata: { labels: { [LABEL_BACKUP]: value } } }, { type: 'merge', namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
  log.info({ kind: ref.kind, namespace, name, label: LABEL_BACKUP, value }, 'labelled for backup');
  return true;
}

/** Labels the referenced object, if it exists. */
export async function labelReferenced(
  client: KubeClient,
  ref: ResourceRef,
  namespace: string,
  name: string | undefined,
  value: string,
  log: Logger,
  signal?: AbortSignal,
): Promise<boolean> {
  if (!name) return false;
  let obj: MetaOnly;
  try {
    obj = await client.get<MetaOnly>(ref, name, { namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
  return labelForBackup(client, ref, obj, value, log, signal);
}

export async function removeBackupLabel(client: KubeClient, ref: ResourceRef, obj: MetaOnly, log: Logger, signal?: AbortSignal): Promise<void> {
  const namespace = obj.metadata.namespace ?? '';
  const name = obj.metadata.name ?? '';
  await client.patch(ref, name, { metadata: { labels: { [LABEL_BACKUP]: null } } }, { type: 'merge', namespace, signal });
  log.info({ kind: ref.kind, namespace, name, label: LABEL_BACKUP }, 'backup label removed');
}
