// Reading the Backups the collision rules look at (hub-backup.md §3.1, §3.3, §3.4). Backups that
// other hubs wrote arrive here through Velero's backup sync.
import { LABEL_RESTORE_CLUSTER, RESOURCES_SCHEDULE } from '../../api/backup/index.js';
import { BACKUPS, LABEL_SCHEDULE_NAME, type Backup } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';

/** Milliseconds of an RFC3339 time; missing or unparsable is 0, as upstream's zero time sorts first. */
export function timeMs(value: string | null | undefined): number {
  if (!value) return 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

export function startMs(backup: Backup): number {
  return timeMs(backup.status?.startTimestamp);
}

/** Ascending by start time; Array.prototype.sort is stable, so ties keep the API's order. */
function newestByStart(backups: Backup[]): Backup | undefined {
  const sorted = [...backups].sort((a, b) => startMs(a) - startMs(b));
  return sorted[sorted.length - 1];
}

/**
 * The newest `acm-resources-schedule` backup in every namespace (§3.1 lists cluster-wide), ignoring
 * backups being deleted.
 */
export async function latestResourcesBackup(client: KubeClient, signal?: AbortSignal): Promise<Backup | undefined> {
  const list = await client.list<Backup>(BACKUPS, { labelSelector: `${LABEL_SCHEDULE_NAME}=${RESOURCES_SCHEDULE}`, signal });
  return newestByStart(list.items.filter((b) => b.status?.phase !== 'Deleting'));
}

/** The newest Backup in `namespace` that records a managed-clusters restore (the `restore-cluster` label). */
export async function latestRestoreClustersBackup(client: KubeClient, namespace: string, signal?: AbortSignal): Promise<Backup | undefined> {
  const list = await client.list<Backup>(BACKUPS, { namespace, labelSelector: LABEL_RESTORE_CLUSTER, signal });
  return newestByStart(list.items);
}
