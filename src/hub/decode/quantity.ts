// resource.Quantity as apimachinery parses it (pkg/api/resource/quantity.go): the same scanner,
// the same three errors, and the value as a number for the comparisons validation makes
// (non-negative, requests ≤ limits, a volume claim only growing).

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${SPLIT_RE}'`;
const NUMERIC_ERROR = 'unable to parse numeric part of quantity';
const SUFFIX_ERROR = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export type QuantityResult = { ok: true; value: number } | { ok: false; error: string };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** parseQuantityString: sign, numerator, denominator and suffix, or the format error. */
function split(str: string): { positive: boolean; num: string; denom: string; suffix: string } | undefined {
  let pos = 0;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  while (pos < str.length && str[pos] === '0') pos++;
  if (pos >= str.length) return { positive, num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (isDigit(str[pos])) pos++;
  const num = str.slice(numStart, pos) || '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    const start = pos;
    while (isDigit(str[pos])) pos++;
    denom = str.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < str.length && 'eEinumkKMGTP'.includes(str[pos])) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (isDigit(str[pos])) pos++;
  if (pos < str.length) return undefined;
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

function suffixExponent(suffix: string): { base: 2 | 10; exponent: number } | undefined {
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix] };
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)) };
  }
  return undefined;
}

/** ParseQuantity: the value, or apimachinery's error text. */
export function parseQuantity(str: string): QuantityResult {
  if (str.length === 0) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  const parts = split(str);
  if (!parts) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  const suffix = suffixExponent(parts.suffix);
  if (!suffix) return { ok: false, error: SUFFIX_ERROR };
  const mantissa = Number(`${parts.num}.${parts.denom || '0'}`);
  if (!Number.isFinite(mantissa)) return { ok: false, error: NUMERIC_ERROR };
  const magnitude = suffix.base === 10 ? mantissa * 10 ** suffix.exponent : mantissa * 2 ** suffix.exponent;
  return { ok: true, value: parts.positive ? magnitude : -magnitude };
}

/** Quantity.UnmarshalJSON: a JSON string has its quotes dropped, anything else is read as its JSON text. */
export function quantityFromJson(v: unknown): QuantityResult {
  if (v === null || v === undefined) return { ok: true, value: 0 };
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return parseQuantity(text.trim());
}
