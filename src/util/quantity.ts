// Kubernetes resource quantities (`1Gi`, `500M`, `1.5e9`) as byte counts, and byte counts for people.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/**
 * The value of a quantity rounded up to a whole number, as resource.Quantity.Value() does; a
 * number as the API sometimes serialises small integers. Throws on anything else.
 */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`quantity ${value} is not a finite number`);
    return Math.ceil(value);
  }
  const m = QUANTITY.exec(value.trim());
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got "${value}"`);
  const [, digits, suffix, exponent] = m;
  const scale = exponent !== undefined ? 10 ** Number(exponent) : suffix && suffix in BINARY ? BINARY[suffix] : DECIMAL[suffix ?? ''];
  // Fractions are rounded up, and so are results of binary floating-point noise (0.1Gi).
  const result = Number(digits) * scale;
  const rounded = Math.round(result);
  return Math.abs(result - rounded) < 1e-6 ? rounded : Math.ceil(result);
}

/** Whether a value parses as a quantity. */
export function isQuantity(value: unknown): value is string | number {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  try {
    parseQuantity(value);
    return true;
  } catch {
    return false;
  }
}

const UNITS = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** `0`, `512`, `4Ki`, `1.5Mi`, `20Gi`: one decimal below ten units, whole units above. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return String(Math.max(0, Math.round(bytes)));
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = value < 10 ? (Math.round(value * 10) / 10).toString() : Math.round(value).toString();
  return `${text}${UNITS[unit]}`;
}

/** A byte count as resource.Quantity prints it in BinarySI: the largest exact binary unit, else bytes. */
export function bytesToQuantity(bytes: number): string {
  let value = Math.round(bytes);
  if (value === 0) return '0';
  let unit = -1;
  while (value % 1024 === 0 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value}${unit >= 0 ? UNITS[unit] : ''}`;
}
