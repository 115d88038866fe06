// Go's time.Duration text form, which Velero and the hub-backup CRs use (`720h0m0s`, `1m`, `90s`):
// parsed the way time.ParseDuration does and printed the way Duration.String does. The one
// implementation; the Velero engine wraps it for Go's own error text.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

export class DurationError extends Error {
  constructor(
    readonly input: string,
    why: string,
  ) {
    super(`invalid duration "${input}": ${why}`);
    this.name = 'DurationError';
  }
}

/** Exactly Go's grammar (no surrounding spaces): milliseconds, fractional below 1 ms. */
export function parseGoDurationText(text: string): number {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new DurationError(text, text === '' ? 'empty' : 'missing number');
  let total = 0;
  while (rest !== '') {
    const m = PART.exec(rest);
    if (!m) throw new DurationError(text, /^\d/.test(rest) ? 'missing or unknown unit (use h, m, s, ms)' : `unexpected "${rest}"`);
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/** Parses `1h30m`, `90s`, `1.5h`, `0`, ignoring surrounding spaces; throws DurationError naming the input. */
export function parseDuration(text: string): number {
  const input = text.trim();
  try {
    return parseGoDurationText(input);
  } catch (err) {
    // Name what the user wrote, spaces included.
    if (err instanceof DurationError && input !== text) throw new DurationError(text, err.message.slice(err.message.indexOf(': ') + 2));
    throw err;
  }
}

/** Go's Duration.String(): `720h0m0s`, `1m30s`, `1.5s`, `250ms`, `0s`. */
export function formatDuration(ms: number): string {
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
