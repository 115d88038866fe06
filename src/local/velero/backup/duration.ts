// Go duration strings (`720h0m0s`, `10m0s`, `1.5h`, `300ms`) as Velero's metav1.Duration fields
// carry them: parsed the way time.ParseDuration does and printed the way Duration.String does.
import { formatDuration, parseGoDurationText } from '../../../util/duration.js';

export class InvalidDurationError extends Error {
  constructor(readonly value: string) {
    super(`time: invalid duration "${value}"`);
    this.name = 'InvalidDurationError';
  }
}

/** Milliseconds (fractional below 1 ms) of a Go duration string; Go's error text on failure. */
export function parseGoDuration(value: string): number {
  try {
    return parseGoDurationText(value);
  } catch {
    throw new InvalidDurationError(value);
  }
}

/** Go's Duration.String(): `720h0m0s`, `1m30s`, `1.5s`, `250ms`, `0s`. */
export const formatGoDuration = formatDuration;

/** RFC3339 in UTC with second precision, as metav1.Time serialises. */
export function formatVeleroTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
