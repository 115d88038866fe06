// metav1.Time / MicroTime parsing and the two ways tables print timestamps: as an age
// (translateTimestampSince) and as RFC3339 (the default table's Created At).

import { humanDuration } from './human-duration.js';

const RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

// Go's zero time.Time, which metav1.Time treats as "unset".
const ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');

/** Milliseconds since the epoch, or undefined for absent/empty/null/malformed timestamps. */
export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = RFC3339.exec(v);
  if (!m) return undefined;
  // Date.parse is only specified for millisecond precision; MicroTime has six digits.
  const millis = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  const t = Date.parse(`${m[1]}T${m[2]}.${millis}${m[4]}`);
  return Number.isNaN(t) ? undefined : t;
}

export function isZeroTime(ms: number | undefined): boolean {
  return ms === undefined || ms === ZERO_TIME;
}

/** translateTimestampSince: the age of a timestamp, `<unknown>` when unset. */
export function ageSince(ts: unknown, now: number): string {
  const t = parseTimestamp(ts);
  return t === undefined || isZeroTime(t) ? '<unknown>' : humanDuration(now - t);
}

/** Go's Time.UTC().Format(time.RFC3339): second precision; an unset time prints as year 1. */
export function formatRFC3339(ts: unknown): string {
  const t = parseTimestamp(ts) ?? ZERO_TIME;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
