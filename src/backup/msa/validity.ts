// The token validity written to `spec.rotation.validity` of the auto-import MSAs (hub-backup.md
// §5.1.2): twice the backup TTL, so that any backup still in storage holds an unexpired token.
import type { BackupScheduleSpec } from '../../api/backup/index.js';
import { formatDuration, parseDuration } from '../../util/duration.js';

export const DEFAULT_MSA_VALIDITY = '1440h0m0s';

function nonZero(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const ms = parseDuration(text);
  return ms === 0 ? undefined : ms;
}

export function msaTokenValidity(spec: Pick<BackupScheduleSpec, 'veleroTtl' | 'managedServiceAccountTTL'>): string {
  const msaTtl = nonZero(spec.managedServiceAccountTTL);
  if (msaTtl !== undefined) return formatDuration(msaTtl);
  const veleroTtl = nonZero(spec.veleroTtl);
  if (veleroTtl !== undefined) return formatDuration(2 * veleroTtl);
  return DEFAULT_MSA_VALIDITY;
}
