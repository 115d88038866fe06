// The Go durations of a BackupSchedule spec, read into one value by one function, so that the
// validation, the velero Schedules, their drift and the MSA token validity agree on what a value
// means (hub-backup.md §1.1, §2.3, §2.6, §5.1.2). Upstream holds them as metav1.Duration and asks
// `Duration != 0`: absent, empty and any zero (`0`, `0s`, `0h0m`) all mean "unset" — Velero's
// default TTL, or the default token validity. Anything else is parsed exactly as Go's
// time.ParseDuration, which upstream's decoder runs (no trimming, int64 nanoseconds).
import type { BackupScheduleSpec } from '../api/backup/index.js';
import { formatDurationNs, parseGoDurationNs } from '../util/duration.js';

export type SpecDuration = { readonly kind: 'unset' } | { readonly kind: 'set'; readonly ns: bigint; readonly goString: string };

export const UNSET_DURATION: SpecDuration = { kind: 'unset' };

/** Throws DurationError, with Go's text, for a value upstream could not decode. */
export function parseSpecDuration(value: string | null | undefined): SpecDuration {
  if (value === undefined || value === null || value === '') return UNSET_DURATION;
  const ns = parseGoDurationNs(value);
  return ns === 0n ? UNSET_DURATION : { kind: 'set', ns, goString: formatDurationNs(ns) };
}

/** `spec.veleroTtl`; throws DurationError when it is not a Go duration (validation reports it first). */
export function veleroTtlOf(spec: Pick<BackupScheduleSpec, 'veleroTtl'>): SpecDuration {
  return parseSpecDuration(spec.veleroTtl);
}

/** `spec.managedServiceAccountTTL`; throws DurationError when it is not a Go duration. */
export function msaTtlOf(spec: Pick<BackupScheduleSpec, 'managedServiceAccountTTL'>): SpecDuration {
  return parseSpecDuration(spec.managedServiceAccountTTL);
}

export function sameSpecDuration(a: SpecDuration, b: SpecDuration): boolean {
  return a.kind === 'unset' ? b.kind === 'unset' : b.kind === 'set' && a.ns === b.ns;
}
