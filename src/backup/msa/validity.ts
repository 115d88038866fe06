// The token validity written to `spec.rotation.validity` of the auto-import MSAs (hub-backup.md
// §5.1.2): twice the backup TTL, so that any backup still in storage holds an unexpired token.
import type { BackupScheduleSpec } from '../../api/backup/index.js';
import { formatDurationNs, multiplyGoDuration } from '../../util/duration.js';
import { msaTtlOf, veleroTtlOf } from '../spec-durations.js';

export const DEFAULT_MSA_VALIDITY = '1440h0m0s';

/** Throws DurationError for a TTL that is not a Go duration (the BackupSchedule's validation says so first). */
export function msaTokenValidity(spec: Pick<BackupScheduleSpec, 'veleroTtl' | 'managedServiceAccountTTL'>): string {
  const msaTtl = msaTtlOf(spec);
  if (msaTtl.kind === 'set') return msaTtl.goString;
  const veleroTtl = veleroTtlOf(spec);
  // Upstream's `VeleroTTL.Duration*2`: int64 arithmetic, which wraps past 1281023h as Go's does.
  if (veleroTtl.kind === 'set') return formatDurationNs(multiplyGoDuration(veleroTtl.ns, 2n));
  return DEFAULT_MSA_VALIDITY;
}
