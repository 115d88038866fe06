import type { BackupStorageLocation } from '../../../api/velero/index.js';
import { parseGoDuration } from '../backup/duration.js';

/** Velero's `--backup-sync-period` default. */
export const DEFAULT_BACKUP_SYNC_PERIOD_MS = 60_000;

/**
 * How often a location is synced (spec/velero.md §6.5): its `spec.backupSyncPeriod`, else the
 * server default; a negative (or unreadable) value means the default; 0 disables sync (undefined).
 */
export function syncPeriodMs(bsl: BackupStorageLocation, defaultMs: number): number | undefined {
  const configured = bsl.spec?.backupSyncPeriod;
  let period = defaultMs;
  if (configured !== undefined && configured !== null && configured !== '') {
    let parsed: number;
    try {
      parsed = parseGoDuration(configured);
    } catch {
      parsed = -1;
    }
    if (parsed === 0) return undefined;
    if (parsed > 0) period = parsed;
  }
  return period > 0 ? period : undefined;
}
