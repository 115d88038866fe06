// Writes BackupSchedule status: phase, message and the copies of three velero Schedules (§1.1).
// A write that would change nothing is skipped, so that passes triggered by our own status updates
// end quietly.
import { BACKUP_SCHEDULES, type BackupSchedule, type BackupSchedulePhase } from '../../api/backup/index.js';
import { CREDENTIALS_SCHEDULE, MANAGED_CLUSTERS_SCHEDULE, RESOURCES_SCHEDULE } from '../../api/backup/index.js';
import type { Schedule } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';

type CopyField = 'veleroScheduleCredentials' | 'veleroScheduleManagedClusters' | 'veleroScheduleResources';

const COPIES: ReadonlyArray<[CopyField, string]> = [
  ['veleroScheduleCredentials', CREDENTIALS_SCHEDULE],
  ['veleroScheduleManagedClusters', MANAGED_CLUSTERS_SCHEDULE],
  ['veleroScheduleResources', RESOURCES_SCHEDULE],
];

export interface StatusUpdate {
  phase: BackupSchedulePhase;
  message: string;
  /** Refresh the three copies from these schedules (missing ones are cleared); undefined keeps them. */
  schedules?: readonly Schedule[];
}

function copyOf(schedule: Schedule): Schedule {
  const copy = structuredClone(schedule);
  delete copy.metadata.managedFields;
  return copy;
}

/** JSON with sorted keys: the server may return keys in another order than we wrote them. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export async function writeStatus(client: KubeClient, backupSchedule: BackupSchedule, update: StatusUpdate, signal?: AbortSignal): Promise<BackupSchedule> {
  const current = backupSchedule.status;
  const patch: Record<string, unknown> = {};
  if (current?.phase !== update.phase || current?.lastMessage === undefined) patch.phase = update.phase;
  if (current?.lastMessage !== update.message) patch.lastMessage = update.message;
  if (update.schedules) {
    for (const [field, name] of COPIES) {
      const schedule = update.schedules.find((s) => s.metadata.name === name);
      const next = schedule ? copyOf(schedule) : undefined;
      if (canonical(current?.[field] ?? null) !== canonical(next ?? null)) patch[field] = next ?? null;
    }
  }
  if (Object.keys(patch).length === 0) return backupSchedule;
  // phase and lastMessage are always serialized, even when only a copy changed.
  patch.phase = update.phase;
  patch.lastMessage = update.message;
  return client.patchStatus<BackupSchedule>(
    BACKUP_SCHEDULES,
    backupSchedule.metadata.name ?? '',
    { status: patch },
    { type: 'merge', namespace: backupSchedule.metadata.namespace, signal },
  );
}
