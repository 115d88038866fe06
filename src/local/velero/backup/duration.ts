// Go duration strings (`720h0m0s`, `10m0s`, `1.5h`, `300ms`) as Velero's metav1.Duration fields
// carry them: parsed the way time.ParseDuration does and printed the way Duration.String does.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export class InvalidDurationError extends Error {
  constructor(readonly value: string) {
    super(`time: invalid duration "${value}"`);
    this.name = 'InvalidDurationError';
  }
}

/** Milliseconds (fractional below 1 ms) of a Go duration string. */
export function parseGoDuration(value: string): number {
  let rest = value;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new InvalidDurationError(value);
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const m = part.exec(rest);
    if (!m) throw new InvalidDurationError(value);
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/** Go's Duration.String(): `720h0m0s`, `1m30s`, `1.5s`, `250ms`, `0s`. */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const neg = ns < 0;
  if (neg) ns = -ns;
  const sign = neg ? '-' : '';
  if (ns < 1e9) {
    // Below one second Go picks the largest unit that keeps an integer part.
    if (ns < 1e3) return `${sign}${ns}ns`;
    if (ns < 1e6) return `${sign}${trimFraction(ns / 1e3)}µs`;
    return `${sign}${trimFraction(ns / 1e6)}ms`;
  }
  const hours = Math.floor(ns / 3.6e12);
  ns -= hours * 3.6e12;
  const minutes = Math.floor(ns / 6e10);
  ns -= minutes * 6e10;
  const seconds = trimFraction(ns / 1e9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function trimFraction(n: number): string {
  return n.toFixed(9).replace(/\.?0+$/, '');
}

/** RFC3339 in UTC with second precision, as metav1.Time serialises. */
export function formatVeleroTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
