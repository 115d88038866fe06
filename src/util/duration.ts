// Go's time.Duration text form, which Velero and the hub-backup CRs use (`720h0m0s`, `1m`, `90s`):
// parsed exactly as time.ParseDuration does — its grammar, its int64 nanosecond range and its
// error texts — and printed as Duration.String does. The one implementation in Lifeboat.

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const TWO_TO_63 = 1n << 63n;
/** The longest Go duration, 2562047h47m16.854775807s. */
export const MAX_DURATION_NS = TWO_TO_63 - 1n;
export const MIN_DURATION_NS = -TWO_TO_63;
const NS_PER_MS = 1_000_000n;

/** A text time.ParseDuration refuses; the message is Go's own (`time: invalid duration "5 days"`…). */
export class DurationError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'DurationError';
  }
}

/** Go's time.quote: printable ASCII as is (with `"` and `\` escaped), every other byte as `\xNN`. */
export function goQuote(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte >= 0x80 || byte < 0x20) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** time.ParseDuration: nanoseconds, exact over the whole int64 range; DurationError with Go's text. */
export function parseGoDurationNs(text: string): bigint {
  const invalid = (): DurationError => new DurationError(text, `time: invalid duration ${goQuote(text)}`);
  let rest = text;
  let negative = false;
  if (rest[0] === '-' || rest[0] === '+') {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  while (rest !== '') {
    if (!(rest[0] === '.' || isDigit(rest[0]))) throw invalid();
    let whole = 0n;
    let i = 0;
    for (; isDigit(rest[i]); i++) {
      // Go's leadingInt: at most 1<<63 before the unit is applied.
      if (whole > TWO_TO_63 / 10n) throw invalid();
      whole = whole * 10n + BigInt(rest.charCodeAt(i) - 48);
      if (whole > TWO_TO_63) throw invalid();
    }
    const digitsBefore = i > 0;
    rest = rest.slice(i);
    let fraction = 0n;
    let scale = 1;
    let digitsAfter = false;
    if (rest[0] === '.') {
      rest = rest.slice(1);
      let j = 0;
      let overflow = false;
      // Go's leadingFraction: digits past int64 precision are consumed and ignored.
      for (; isDigit(rest[j]); j++) {
        if (overflow) continue;
        if (fraction > (TWO_TO_63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const next = fraction * 10n + BigInt(rest.charCodeAt(j) - 48);
        if (next > TWO_TO_63) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      digitsAfter = j > 0;
      rest = rest.slice(j);
    }
    if (!digitsBefore && !digitsAfter) throw invalid();
    let k = 0;
    while (k < rest.length && rest[k] !== '.' && !isDigit(rest[k])) k++;
    if (k === 0) throw new DurationError(text, `time: missing unit in duration ${goQuote(text)}`);
    const unitName = rest.slice(0, k);
    rest = rest.slice(k);
    const unit = NS_PER_UNIT[unitName];
    if (unit === undefined) throw new DurationError(text, `time: unknown unit ${goQuote(unitName)} in duration ${goQuote(text)}`);
    if (whole > TWO_TO_63 / unit) throw invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      // Go computes the fraction in float64, nanosecond-accurate for fractions of an hour.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_TO_63) throw invalid();
    }
    total += value;
    if (total > TWO_TO_63) throw invalid();
  }
  if (negative) return -total;
  if (total > MAX_DURATION_NS) throw invalid();
  return total;
}

/** time.ParseDuration in milliseconds (fractional below 1 ms); DurationError with Go's text. */
export function parseGoDurationText(text: string): number {
  return nsToMs(parseGoDurationNs(text));
}

/** For flags and files people type: like parseGoDurationText, but surrounding spaces are ignored. */
export function parseDuration(text: string): number {
  return parseGoDurationText(text.trim());
}

export function nsToMs(ns: bigint): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/** Go's `d * n` on a time.Duration: int64 arithmetic, wrapping on overflow as Go does. */
export function multiplyGoDuration(ns: bigint, factor: bigint): bigint {
  return BigInt.asIntN(64, ns * factor);
}

/** Go's Duration.String(): `720h0m0s`, `1m30s`, `1.5s`, `250ms`, `0s`. */
export function formatDurationNs(ns: bigint): string {
  if (ns < MIN_DURATION_NS || ns > MAX_DURATION_NS) throw new RangeError(`${ns}ns is outside Go's duration range`);
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u < 1_000_000_000n) {
    // Below one second Go picks the largest unit that keeps an integer part.
    if (u < 1_000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${decimal(u, 3)}µs`;
    return `${sign}${decimal(u, 6)}ms`;
  }
  const seconds = decimal(u % 60_000_000_000n, 9);
  const minutes = (u / 60_000_000_000n) % 60n;
  const hours = u / 3_600_000_000_000n;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** Go's Duration.String() of a millisecond count; a RangeError outside Go's range (never `InfinityhNaNm…`). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`${ms} ms is not a duration`);
  return formatDurationNs(BigInt(Math.round(ms * 1e6)));
}

/** `value / 10^places` with trailing zeros (and a bare point) dropped, as Go's fmtFrac prints it. */
function decimal(value: bigint, places: number): string {
  const unit = 10n ** BigInt(places);
  const fraction = (value % unit).toString().padStart(places, '0').replace(/0+$/, '');
  return fraction === '' ? `${value / unit}` : `${value / unit}.${fraction}`;
}
