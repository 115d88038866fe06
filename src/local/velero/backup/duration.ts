// Go duration strings (`720h0m0s`, `10m0s`, `1.5h`, `300ms`) as Velero's metav1.Duration fields
// carry them, and metav1.Time as Velero writes it. Parsing and printing are util/duration's, with
// time.ParseDuration's range and error texts.
import { formatDuration, parseGoDurationText } from '../../../util/duration.js';

/** Milliseconds (fractional below 1 ms) of a Go duration string; Go's error text on failure. */
export const parseGoDuration = parseGoDurationText;

/** Go's Duration.String(): `720h0m0s`, `1m30s`, `1.5s`, `250ms`, `0s`. */
export const formatGoDuration = formatDuration;

/** RFC3339 in UTC with second precision, as metav1.Time serialises. */
export function formatVeleroTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
