// Writes a Restore's status (hub-backup.md §1.2) as one merge patch, and only when something
// changed: every write re-triggers the controller (it watches its own status, §4.1), so a pass that
// changes nothing must end quietly.
import { ACM_RESTORES, type AcmRestore, type AcmRestoreStatus } from '../../api/backup/index.js';
import type { KubeClient } from '../../kube/index.js';
import { jsonEqual } from '../../util/json.js';

export async function saveStatus(client: KubeClient, restore: AcmRestore, next: AcmRestoreStatus, signal?: AbortSignal): Promise<AcmRestore> {
  const current: Record<string, unknown> = { ...(restore.status ?? {}) };
  const wanted: Record<string, unknown> = { ...next };
  const patch: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(current), ...Object.keys(wanted)])) {
    if (!jsonEqual(current[key] ?? null, wanted[key] ?? null)) patch[key] = wanted[key] ?? null;
  }
  // phase and lastMessage are always serialized (§1.2), even before the first change.
  if (Object.keys(patch).length === 0 && restore.status?.lastMessage !== undefined) return restore;
  patch.phase = next.phase;
  patch.lastMessage = next.lastMessage;
  return client.patchStatus<AcmRestore>(
    ACM_RESTORES,
    restore.metadata.name ?? '',
    { status: patch },
    { type: 'merge', namespace: restore.metadata.namespace, signal },
  );
}
