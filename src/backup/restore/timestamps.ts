// Backup timestamps (hub-backup.md §0.6): scheduled backups are `<schedule>-<yyyyMMddHHmmss>`, UTC.

const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** The text after the last `-` of a backup name. */
export function timestampSuffix(backupName: string): string {
  const dash = backupName.lastIndexOf('-');
  return dash < 0 ? backupName : backupName.slice(dash + 1);
}

/**
 * The time a backup name carries, in ms; undefined when the suffix is not a valid
 * `yyyyMMddHHmmss` (Go's time.Parse rejects out-of-range fields, so this does too).
 */
export function parseBackupTimestamp(backupName: string): number | undefined {
  const m = STAMP.exec(timestampSuffix(backupName));
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; Go reports "day out of range".
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return ms;
}
