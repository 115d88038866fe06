// metav1.Time and metav1.MicroTime decode their strings with Go's time.Parse, with the layouts
// RFC3339 and RFC3339Micro. This walks the same layout elements in the same order, so a value Go
// refuses is refused here with Go's ParseError text, e.g.
// `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

type Elem = { lit: string } | { std: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'tz' } | { frac: number };

const COMMON: Elem[] = [
  { std: 'year' },
  { lit: '-' },
  { std: 'month' },
  { lit: '-' },
  { std: 'day' },
  { lit: 'T' },
  { std: 'hour' },
  { lit: ':' },
  { std: 'minute' },
  { lit: ':' },
  { std: 'second' },
];
const LAYOUTS: Record<string, Elem[]> = {
  [RFC3339]: [...COMMON, { std: 'tz' }],
  [RFC3339_MICRO]: [...COMMON, { frac: 6 }, { std: 'tz' }],
};
const STD_TEXT: Record<string, string> = { year: '2006', month: '01', day: '02', hour: '15', minute: '04', second: '05', tz: 'Z07:00' };

// Go's time.quote: printable ASCII as is, the rest escaped.
function quote(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (b >= 0x20 && b < 0x7f) out += c;
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out + '"';
}

const isDigit = (s: string, i: number): boolean => i < s.length && s[i] >= '0' && s[i] <= '9';

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : { n: Number(s[0]), rest: s.slice(1) };
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

/** Go's atoi as time uses it: optional sign, then decimal digits only. */
function atoi(s: string): number | undefined {
  const m = /^[+-]?[0-9]+$/.exec(s);
  return m ? Number(s) : undefined;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The error Go's time.Parse gives for `value` in `layout`, or undefined when it parses. */
export function goTimeParseError(layout: string, value: string): string | undefined {
  const elems = LAYOUTS[layout];
  const cannot = (valueElem: string, layoutElem: string): string =>
    `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`;
  const withMessage = (message: string): string => `parsing time ${quote(value)}${message}`;
  let rest = value;
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < elems.length; i++) {
    const e = elems[i];
    if ('lit' in e) {
      if (!rest.startsWith(e.lit)) return cannot(rest, e.lit);
      rest = rest.slice(e.lit.length);
      continue;
    }
    const hold = rest;
    if ('frac' in e) {
      const n = 1 + e.frac;
      if (rest.length < n || (rest[0] !== '.' && rest[0] !== ',') || atoi(rest.slice(1, n)) === undefined) return cannot(hold, `.${'0'.repeat(e.frac)}`);
      rest = rest.slice(n);
      continue;
    }
    const stdText = STD_TEXT[e.std];
    switch (e.std) {
      case 'year': {
        const y = rest.length >= 4 ? atoi(rest.slice(0, 4)) : undefined;
        if (y === undefined) return cannot(hold, stdText);
        year = y;
        rest = rest.slice(4);
        break;
      }
      case 'month':
      case 'day':
      case 'minute':
      case 'second':
      case 'hour': {
        const r = getnum(rest, e.std !== 'hour');
        if (!r) return cannot(hold, stdText);
        rest = r.rest;
        const limits: Record<string, [number, number]> = { month: [1, 12], day: [0, 99], hour: [0, 23], minute: [0, 59], second: [0, 59] };
        const [lo, hi] = limits[e.std];
        if (r.n < lo || r.n > hi) return withMessage(`: ${e.std} out of range`);
        if (e.std === 'month') month = r.n;
        if (e.std === 'day') day = r.n;
        // A fraction the layout does not name is still read after the seconds.
        if (e.std === 'second' && !elems.some((x) => 'frac' in x) && /^[.,][0-9]/.test(rest)) {
          rest = rest.replace(/^[.,][0-9]+/, '');
        }
        break;
      }
      case 'tz': {
        if (rest.startsWith('Z')) {
          rest = rest.slice(1);
          break;
        }
        if (rest.length < 6 || rest[3] !== ':') return cannot(hold, stdText);
        const hh = getnum(rest.slice(1, 3), true);
        const mm = getnum(rest.slice(4, 6), true);
        if (!hh || !mm || (rest[0] !== '+' && rest[0] !== '-')) return cannot(hold, stdText);
        if (hh.n > 24) return withMessage(': time zone offset hour out of range');
        if (mm.n > 60) return withMessage(': time zone offset minute out of range');
        rest = rest.slice(6);
        break;
      }
    }
  }
  if (rest.length > 0) return withMessage(`: extra text: ${quote(rest)}`);
  if (day < 1 || day > daysIn(month, year)) return withMessage(': day out of range');
  return undefined;
}
