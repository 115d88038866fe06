// The validating webhook's rules (hub-backup.md §1.3), applied by the controller (decision 9):
// the first rule that fails gives the message. Values in the messages are lower-cased and trimmed.
import {
  MSG_SYNC_MUST_START_WITH_SKIP,
  MSG_SYNC_REQUIRES_ALL_NAMES,
  isRestoreEnabled,
  msgProtectedNamespaceMapping,
  msgSyncCredentialsValue,
  msgSyncManagedClustersValue,
  msgSyncResourcesValue,
  type AcmRestore,
} from '../../api/backup/index.js';
import { isLatest, isSkip, normalizeBackupName } from './spec-values.js';

const PROTECTED_NAMESPACES = ['default', 'openshift', 'kube-system', 'kube-public', 'kube-node-lease'];

function isProtectedNamespace(name: string): boolean {
  return PROTECTED_NAMESPACES.includes(name) || name.startsWith('kube-') || name.startsWith('openshift-');
}

/** The webhook's denial message for this Restore as submitted (spec and current status), if any. */
export function webhookRejection(restore: AcmRestore): string | undefined {
  const spec = restore.spec;
  for (const [source, target] of Object.entries(spec.namespaceMapping ?? {})) {
    const normalized = target.trim().toLowerCase();
    if (isProtectedNamespace(normalized)) return msgProtectedNamespaceMapping(source, normalized);
  }
  if (spec.syncRestoreWithNewBackups !== true) return undefined;
  const { veleroManagedClustersBackupName: mc, veleroCredentialsBackupName: creds, veleroResourcesBackupName: resources } = spec;
  if ([mc, creds, resources].some((v) => v === undefined || v === null)) return MSG_SYNC_REQUIRES_ALL_NAMES;
  if (!isSkip(mc) && !isLatest(mc)) return msgSyncManagedClustersValue(normalizeBackupName(mc));
  if (!isLatest(creds)) return msgSyncCredentialsValue(normalizeBackupName(creds));
  if (!isLatest(resources)) return msgSyncResourcesValue(normalizeBackupName(resources));
  // Activation is an edit of an Enabled passive Restore; a new Restore must start passive.
  if (!isRestoreEnabled(restore.status?.phase) && !isSkip(mc) && !restore.status?.veleroManagedClustersRestoreName) return MSG_SYNC_MUST_START_WITH_SKIP;
  return undefined;
}
