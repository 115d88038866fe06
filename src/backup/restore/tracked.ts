// The velero restores a Restore is tracking (hub-backup.md §4.6): those named in its status and
// their `-active` siblings. They decide the phase; the others are history, deleted once their
// backup is gone (§4.9).
import type { AcmRestoreStatus } from '../../api/backup/index.js';
import type { Restore } from '../../api/velero/index.js';
import { timestampSuffix } from './timestamps.js';
import { withoutActiveSuffix } from './velero-restore.js';

export function trackedNames(status: AcmRestoreStatus | undefined): string[] {
  return [
    status?.veleroManagedClustersRestoreName,
    status?.veleroResourcesRestoreName,
    status?.veleroGenericResourcesRestoreName,
    status?.veleroCredentialsRestoreName,
  ].filter((n): n is string => typeof n === 'string' && n !== '');
}

/**
 * The owned restores that count, in list order. Beyond upstream, an `-active` restore of the same
 * backup run as the tracked managed-clusters restore counts too: with decision 3 the activation
 * subsets exist even when no passive sibling is tracked.
 */
export function countedRestores(status: AcmRestoreStatus | undefined, owned: readonly Restore[]): Restore[] {
  const tracked = trackedNames(status);
  if (tracked.length === 0) return [...owned];
  const bases = new Set(tracked.map(withoutActiveSuffix));
  const mc = status?.veleroManagedClustersRestoreName;
  return owned.filter((r) => {
    const name = r.metadata.name ?? '';
    if (tracked.includes(name) || bases.has(withoutActiveSuffix(name))) return true;
    return Boolean(mc) && name !== withoutActiveSuffix(name) && timestampSuffix(withoutActiveSuffix(name)) === timestampSuffix(mc ?? '');
  });
}
