// Cron with the semantics of robfig/cron v3 `ParseStandard`, the parser behind Kubernetes CronJobs,
// Velero Schedules and VolSync triggers (decision 13). Lifeboat must fire at the same instants as
// those systems, so the rules below are robfig's, including its error messages (Velero copies them
// into `status.validationErrors` as `invalid schedule: <message>`).
//
// Time zones: fields are matched against the wall clock of the schedule's zone (a `CRON_TZ=` or `TZ=`
// prefix, else the zone given in the options, else UTC — the zone of the Velero and
// kube-controller-manager containers). The next activation is the earliest instant whose wall clock
// matches, which is what robfig's search produces for whole-hour DST shifts:
//   - spring forward: a wall time that does not exist that day (02:30 in Europe/Berlin on the last
//     Sunday of March) does not fire at all; croner would fire at 03:00 instead;
//   - fall back: a wall time that exists twice (02:30 on the last Sunday of October) fires twice,
//     an hour apart, exactly like robfig; croner fires once.
// Fixed-interval schedules (`@every`) ignore zones entirely.

import { parseGoDurationNs } from './duration.js';

export type CronField = 'minute' | 'hour' | 'day of month' | 'month' | 'day of week';

/** A cron expression robfig would reject; the message is robfig's own wording, naming the bad value. */
export class CronParseError extends Error {
  override readonly name = 'CronParseError';
  constructor(
    message: string,
    readonly expression: string,
    /** The field the bad value sits in, when the problem is inside one field. */
    readonly field?: CronField,
  ) {
    super(message);
  }
}

export interface CronOptions {
  /** IANA zone for expressions without a `CRON_TZ=`/`TZ=` prefix. Default `UTC`. */
  timeZone?: string;
}

export interface CronSchedule {
  /** The expression as written. */
  readonly expression: string;
  /** The IANA zone the fields are matched in (`UTC` when none was given). */
  readonly timeZone: string;
  /** `@every` interval in ms (whole seconds, at least 1 s); undefined for field schedules. */
  readonly intervalMs?: number;
  /**
   * The first activation strictly after `after`, or null when the fields match no existing time
   * within five years (e.g. `0 0 30 2 *`), as robfig returns its zero time.
   */
  next(after: Date): Date | null;
}

/** Parses `expr` or throws a CronParseError. */
export function parseCron(expr: string, opts: CronOptions = {}): CronSchedule {
  return parseExpression(expr, opts);
}

/** The first activation of `expr` strictly after `after` (null: none within five years). */
export function nextAfter(expr: string | CronSchedule, after: Date, opts: CronOptions = {}): Date | null {
  const schedule = typeof expr === 'string' ? parseCron(expr, opts) : expr;
  return schedule.next(after);
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface FieldBounds {
  field: CronField;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: FieldBounds = { field: 'minute', min: 0, max: 59 };
const HOURS: FieldBounds = { field: 'hour', min: 0, max: 23 };
const DAYS_OF_MONTH: FieldBounds = { field: 'day of month', min: 1, max: 31 };
const MONTHS: FieldBounds = {
  field: 'month',
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DAYS_OF_WEEK: FieldBounds = { field: 'day of week', min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** The values a field accepts; `star` marks a field written as `*`/`?` (step 1), which changes how day-of-month and day-of-week combine. */
interface FieldSet {
  values: boolean[];
  star: boolean;
}

interface FieldSpec {
  minute: FieldSet;
  hour: FieldSet;
  dayOfMonth: FieldSet;
  month: FieldSet;
  dayOfWeek: FieldSet;
}

function parseExpression(expression: string, opts: CronOptions): CronSchedule {
  const fail = (message: string, field?: CronField): never => {
    throw new CronParseError(message, expression, field);
  };
  if (expression.length === 0) fail('empty spec string');

  let spec = expression;
  let timeZone = opts.timeZone === undefined ? 'UTC' : resolveZone(opts.timeZone);
  if (timeZone === undefined) throw new CronParseError(`unknown time zone ${opts.timeZone}`, expression);
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    // robfig panics here (Velero then reports a Go slice-bounds error); say what is missing instead.
    if (space < 0) fail(`missing schedule after time zone: ${spec}`);
    const name = spec.slice(spec.indexOf('=') + 1, space);
    const zone = resolveZone(name);
    if (zone === undefined) fail(`provided bad location ${name}: unknown time zone ${name}`);
    timeZone = zone as string;
    spec = spec.slice(space).trim();
  }

  if (spec.startsWith('@')) return parseDescriptor(expression, spec, timeZone, fail);

  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) fail(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const fieldSpec: FieldSpec = {
    minute: parseField(fields[0], MINUTES, fail),
    hour: parseField(fields[1], HOURS, fail),
    dayOfMonth: parseField(fields[2], DAYS_OF_MONTH, fail),
    month: parseField(fields[3], MONTHS, fail),
    dayOfWeek: parseField(fields[4], DAYS_OF_WEEK, fail),
  };
  return fieldSchedule(expression, timeZone, fieldSpec);
}

type Fail = (message: string, field?: CronField) => never;

function parseField(text: string, bounds: FieldBounds, fail: Fail): FieldSet {
  const set: FieldSet = { values: new Array<boolean>(bounds.max + 1).fill(false), star: false };
  // Empty list items are skipped, as Go's strings.FieldsFunc does ("1,,2" is "1,2").
  for (const part of text.split(',').filter((p) => p !== '')) parseRange(part, bounds, set, fail);
  return set;
}

function parseRange(expr: string, bounds: FieldBounds, into: FieldSet, fail: Fail): void {
  const bad = (message: string): never => fail(message, bounds.field);
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: bigint;
  let end: bigint;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = BigInt(bounds.min);
    end = BigInt(bounds.max);
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], bounds, bad);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], bounds, bad);
    else return bad(`too many hyphens: ${expr}`);
  }

  let step = 1n;
  if (rangeAndStep.length === 2) {
    step = parseNonNegativeInt(rangeAndStep[1], bad);
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = BigInt(bounds.max);
    if (step > 1n) star = false;
  } else if (rangeAndStep.length > 2) {
    return bad(`too many slashes: ${expr}`);
  }

  if (start < BigInt(bounds.min)) bad(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > BigInt(bounds.max)) bad(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) bad(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0n) bad(`step of range should be a positive number: ${expr}`);

  for (let v = Number(start); v <= Number(end); v += Number(step)) into.values[v] = true;
  if (star) into.star = true;
}

function parseIntOrName(text: string, bounds: FieldBounds, bad: (m: string) => never): bigint {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return BigInt(named);
  return parseNonNegativeInt(text, bad);
}

/** Go's strconv.Atoi followed by robfig's sign check, with their messages. */
function parseNonNegativeInt(text: string, bad: (m: string) => never): bigint {
  if (!/^[+-]?[0-9]+$/.test(text)) return bad(`failed to parse int from ${text}: strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`);
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) {
    return bad(`failed to parse int from ${text}: strconv.Atoi: parsing ${goQuote(text)}: value out of range`);
  }
  if (value < 0n) return bad(`negative number (${value}) not allowed: ${text}`);
  return value;
}

function allOf(bounds: FieldBounds): FieldSet {
  const values = new Array<boolean>(bounds.max + 1).fill(false);
  for (let v = bounds.min; v <= bounds.max; v++) values[v] = true;
  return { values, star: true };
}

function only(bounds: FieldBounds, value: number): FieldSet {
  const values = new Array<boolean>(bounds.max + 1).fill(false);
  values[value] = true;
  return { values, star: false };
}

function parseDescriptor(expression: string, spec: string, timeZone: string, fail: Fail): CronSchedule {
  const midnight = { minute: only(MINUTES, 0), hour: only(HOURS, 0) };
  const every = { dayOfMonth: allOf(DAYS_OF_MONTH), month: allOf(MONTHS), dayOfWeek: allOf(DAYS_OF_WEEK) };
  switch (spec) {
    case '@yearly':
    case '@annually':
      return fieldSchedule(expression, timeZone, { ...midnight, ...every, dayOfMonth: only(DAYS_OF_MONTH, 1), month: only(MONTHS, 1) });
    case '@monthly':
      return fieldSchedule(expression, timeZone, { ...midnight, ...every, dayOfMonth: only(DAYS_OF_MONTH, 1) });
    case '@weekly':
      return fieldSchedule(expression, timeZone, { ...midnight, ...every, dayOfWeek: only(DAYS_OF_WEEK, 0) });
    case '@daily':
    case '@midnight':
      return fieldSchedule(expression, timeZone, { ...midnight, ...every });
    case '@hourly':
      return fieldSchedule(expression, timeZone, { minute: only(MINUTES, 0), hour: allOf(HOURS), ...every });
  }
  const everyPrefix = '@every ';
  if (spec.startsWith(everyPrefix)) {
    let ns: number;
    try {
      ns = parseGoDuration(spec.slice(everyPrefix.length));
    } catch (err) {
      return fail(`failed to parse duration ${spec}: ${(err as Error).message}`);
    }
    // robfig runs at least every second and drops sub-second precision.
    const intervalMs = ns < 1e9 ? 1000 : Math.floor(ns / 1e9) * 1000;
    return {
      expression,
      timeZone,
      intervalMs,
      next: (after) => new Date(Math.floor(after.getTime() / 1000) * 1000 + intervalMs),
    };
  }
  return fail(`unrecognized descriptor: ${spec}`);
}

/** Go's time.ParseDuration in nanoseconds (util/duration decides; its errors carry Go's own text). */
export function parseGoDuration(text: string): number {
  return Number(parseGoDurationNs(text));
}

/** Go's %q for the strings that appear in these messages. */
function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** The canonical IANA name, or undefined when the zone is unknown. Go's "" means UTC. */
function resolveZone(name: string): string | undefined {
  if (name === '' || name === 'UTC') return 'UTC';
  if (name === 'Local') return new Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Finding the next activation

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Longer than any UTC offset difference, so candidates further apart than this cannot reorder. */
const OFFSET_HORIZON_MS = 27 * HOUR_MS;
const SEARCH_YEARS = 5;

function fieldSchedule(expression: string, timeZone: string, spec: FieldSpec): CronSchedule {
  const zone = zoneOffsets(timeZone);
  return {
    expression,
    timeZone,
    next(after: Date): Date | null {
      const next = nextInstant(spec, zone, after.getTime());
      return next === null ? null : new Date(next);
    },
  };
}

/**
 * Wall times are handled as "UTC milliseconds of the local calendar reading": an instant `i` reads
 * `i + offset(i)` on the zone's clocks. A wall time in a DST gap maps to no instant, one in a
 * fall-back overlap to two.
 */
function nextInstant(spec: FieldSpec, offsetAt: (instant: number) => number, afterMs: number): number | null {
  // Strictly after `after`, at a whole second (robfig's starting point).
  const from = Math.floor(afterMs / 1000) * 1000 + 1000;
  // A fall-back just ahead repeats wall times already passed: start early enough to see them.
  const firstWall = from + Math.min(offsetAt(from), offsetAt(from + OFFSET_HORIZON_MS));
  const lastYear = new Date(from + offsetAt(from)).getUTCFullYear() + SEARCH_YEARS;

  let best: number | null = null;
  let bestReach = 0;
  for (let wall = nextMatchingWall(spec, firstWall, lastYear); wall !== null; wall = nextMatchingWall(spec, wall + MINUTE_MS, lastYear)) {
    // Later wall times can only map to earlier instants across a fall-back, by at most the offset drop.
    if (best !== null && wall - bestReach >= best) break;
    for (const instant of instantsOf(wall, offsetAt)) {
      if (instant >= from && (best === null || instant < best)) {
        best = instant;
        bestReach = Math.max(offsetAt(instant), offsetAt(instant - OFFSET_HORIZON_MS));
      }
    }
  }
  return best;
}

/** The instants whose wall-clock reading is `wall`: none in a DST gap, two in an overlap. */
function instantsOf(wall: number, offsetAt: (instant: number) => number): number[] {
  const offsets = new Set([offsetAt(wall - DAY_MS), offsetAt(wall), offsetAt(wall + DAY_MS)]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const instant = wall - offset;
    if (offsetAt(instant) === offset) instants.push(instant);
  }
  return instants.sort((a, b) => a - b);
}

/** The first wall time at or after `fromWall` (whole minute) that the fields accept, up to `lastYear`. */
function nextMatchingWall(spec: FieldSpec, fromWall: number, lastYear: number): number | null {
  let t = Math.ceil(fromWall / MINUTE_MS) * MINUTE_MS;
  for (;;) {
    const d = new Date(t);
    const year = d.getUTCFullYear();
    if (year > lastYear) return null;
    const month = d.getUTCMonth();
    const day = d.getUTCDate();
    const hour = d.getUTCHours();
    const minute = d.getUTCMinutes();
    if (!spec.month.values[month + 1]) {
      t = Date.UTC(year, month + 1, 1);
      continue;
    }
    if (!dayMatches(spec, day, d.getUTCDay())) {
      t = Date.UTC(year, month, day + 1);
      continue;
    }
    if (!spec.hour.values[hour]) {
      t = Date.UTC(year, month, day, hour + 1);
      continue;
    }
    const nextMinute = spec.minute.values.indexOf(true, minute);
    if (nextMinute < 0) {
      t = Date.UTC(year, month, day, hour + 1);
      continue;
    }
    return Date.UTC(year, month, day, hour, nextMinute);
  }
}

/** Day-of-month and day-of-week must both match if either is `*`; otherwise either one suffices. */
function dayMatches(spec: FieldSpec, dayOfMonth: number, dayOfWeek: number): boolean {
  const domMatch = spec.dayOfMonth.values[dayOfMonth] === true;
  const dowMatch = spec.dayOfWeek.values[dayOfWeek] === true;
  return spec.dayOfMonth.star || spec.dayOfWeek.star ? domMatch && dowMatch : domMatch || dowMatch;
}

const zoneCache = new Map<string, (instant: number) => number>();

/** UTC offset (ms) of an IANA zone at an instant, read from Intl. */
function zoneOffsets(timeZone: string): (instant: number) => number {
  if (timeZone === 'UTC') return () => 0;
  let offsetAt = zoneCache.get(timeZone);
  if (offsetAt) return offsetAt;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  offsetAt = (instant: number): number => {
    const seconds = Math.floor(instant / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(seconds))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = new Date(0);
    wall.setUTCFullYear(parts.year, parts.month - 1, parts.day);
    wall.setUTCHours(parts.hour, parts.minute, parts.second, 0);
    return wall.getTime() - seconds;
  };
  zoneCache.set(timeZone, offsetAt);
  return offsetAt;
}
