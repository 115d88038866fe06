// Go's time.Duration text form, which Velero and the hub-backup CRs use (`720h0m0s`, `1m`, `90s`).

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export class DurationError extends Error {
  constructor(
    readonly input: string,
    why: string,
  ) {
    super(`invalid duration "${input}": ${why}`);
    this.name = 'DurationError';
  }
}

/** Parses `1h30m`, `90s`, `1.5h`, `0`; throws DurationError naming the input. */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (input === '0') return 0;
  if (input === '') throw new DurationError(text, 'empty');
  let rest = input;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  let total = 0;
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/;
  if (rest === '') throw new DurationError(text, 'missing number');
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m) throw new DurationError(text, /^\d/.test(rest) ? 'missing or unknown unit (use h, m, s, ms)' : `unexpected "${rest}"`);
    total += Number(m[1]) * UNIT_MS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

/** Formats like Go: `720h0m0s`, `1m30s`, `1.5s`, `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${trim(rest)}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = trim(rest / 1000);
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
