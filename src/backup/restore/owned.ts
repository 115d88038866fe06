// The velero Restores an ACM Restore controls: those in its namespace whose controller owner
// reference names it (hub-backup.md §4.1), in list order.
import { ACM_RESTORES, BACKUP_GROUP, type AcmRestore } from '../../api/backup/index.js';
import { RESTORES, type Restore } from '../../api/velero/index.js';
import { splitApiVersion, type KubeClient } from '../../kube/index.js';

export function isOwnedBy(velero: Restore, restoreName: string): boolean {
  const owner = velero.metadata.ownerReferences?.find((ref) => ref.controller === true);
  return owner !== undefined && owner.kind === ACM_RESTORES.kind && splitApiVersion(owner.apiVersion).group === BACKUP_GROUP && owner.name === restoreName;
}

export async function listOwnedRestores(client: KubeClient, restore: AcmRestore, signal?: AbortSignal): Promise<Restore[]> {
  const list = await client.list<Restore>(RESTORES, { namespace: restore.metadata.namespace, signal });
  return list.items.filter((r) => isOwnedBy(r, restore.metadata.name ?? ''));
}
