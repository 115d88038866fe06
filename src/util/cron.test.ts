import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CronParseError, nextAfter, parseCron, parseGoDuration } from './cron.js';

/** The next `count` activations after `from`, as ISO strings. */
function runs(expr: string, from: string, count: number): string[] {
  const schedule = parseCron(expr);
  const out: string[] = [];
  let at: Date | null = new Date(from);
  for (let i = 0; i < count; i++) {
    at = at && schedule.next(at);
    if (!at) break;
    out.push(at.toISOString().replace('.000Z', 'Z'));
  }
  return out;
}

test('five fields: lists, ranges, steps and names', () => {
  assert.deepEqual(runs('*/15 * * * *', '2026-01-01T00:00:00Z', 3), ['2026-01-01T00:15:00Z', '2026-01-01T00:30:00Z', '2026-01-01T00:45:00Z']);
  assert.deepEqual(runs('5,35 1-2 * * *', '2026-01-01T00:00:00Z', 5), [
    '2026-01-01T01:05:00Z',
    '2026-01-01T01:35:00Z',
    '2026-01-01T02:05:00Z',
    '2026-01-01T02:35:00Z',
    '2026-01-02T01:05:00Z',
  ]);
  // "N/step" means "N-max/step".
  assert.deepEqual(runs('50/5 0 * * *', '2026-01-01T00:00:00Z', 3), ['2026-01-01T00:50:00Z', '2026-01-01T00:55:00Z', '2026-01-02T00:50:00Z']);
  assert.deepEqual(runs('0 12 * JAN-feb Mon-FRI', '2026-01-29T13:00:00Z', 3), ['2026-01-30T12:00:00Z', '2026-02-02T12:00:00Z', '2026-02-03T12:00:00Z']);
  assert.deepEqual(runs('0 0 1 */6 ?', '2026-01-15T00:00:00Z', 2), ['2026-07-01T00:00:00Z', '2027-01-01T00:00:00Z']);
});

test('activations are strictly after the given time, from the next whole second', () => {
  assert.equal(nextAfter('30 10 * * *', new Date('2026-05-01T10:30:00Z'))?.toISOString(), '2026-05-02T10:30:00.000Z');
  assert.equal(nextAfter('30 10 * * *', new Date('2026-05-01T10:29:59.999Z'))?.toISOString(), '2026-05-01T10:30:00.000Z');
});

test('day of month and day of week: either one when both are restricted, both when one is *', () => {
  // 2026-01-02 is a Friday.
  assert.deepEqual(runs('0 0 13 * 5', '2026-01-01T00:00:00Z', 4), [
    '2026-01-02T00:00:00Z',
    '2026-01-09T00:00:00Z',
    '2026-01-13T00:00:00Z',
    '2026-01-16T00:00:00Z',
  ]);
  assert.deepEqual(runs('0 0 * * 5', '2026-01-01T00:00:00Z', 2), ['2026-01-02T00:00:00Z', '2026-01-09T00:00:00Z']);
  // A step over * is no longer "*": the days combine with OR.
  assert.deepEqual(runs('0 0 */10 * 0', '2026-02-01T00:00:00Z', 3), ['2026-02-08T00:00:00Z', '2026-02-11T00:00:00Z', '2026-02-15T00:00:00Z']);
});

test('descriptors', () => {
  const from = '2026-05-17T10:20:00Z'; // a Sunday
  assert.deepEqual(runs('@hourly', from, 2), ['2026-05-17T11:00:00Z', '2026-05-17T12:00:00Z']);
  assert.deepEqual(runs('@daily', from, 1), ['2026-05-18T00:00:00Z']);
  assert.deepEqual(runs('@midnight', from, 1), ['2026-05-18T00:00:00Z']);
  assert.deepEqual(runs('@weekly', from, 2), ['2026-05-24T00:00:00Z', '2026-05-31T00:00:00Z']);
  assert.deepEqual(runs('@monthly', from, 2), ['2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z']);
  assert.deepEqual(runs('@yearly', from, 1), ['2027-01-01T00:00:00Z']);
  assert.deepEqual(runs('@annually', from, 1), ['2027-01-01T00:00:00Z']);
});

test('@every counts from the previous run, in whole seconds of at least one second', () => {
  assert.deepEqual(runs('@every 1h30m', '2026-01-01T00:00:00.700Z', 2), ['2026-01-01T01:30:00Z', '2026-01-01T03:00:00Z']);
  assert.equal(parseCron('@every 1.9s').intervalMs, 1000);
  assert.equal(parseCron('@every 100ms').intervalMs, 1000);
  assert.equal(parseCron('@every 2m').intervalMs, 120_000);
  // Zones do not matter for fixed intervals.
  assert.equal(nextAfter('CRON_TZ=Asia/Tokyo @every 10m', new Date('2026-01-01T00:00:00Z'))?.toISOString(), '2026-01-01T00:10:00.000Z');
});

test('CRON_TZ= and TZ= evaluate the fields in an IANA zone', () => {
  assert.deepEqual(runs('CRON_TZ=Asia/Tokyo 0 9 * * *', '2026-01-01T00:00:00Z', 2), ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z']);
  assert.deepEqual(runs('TZ=America/New_York 0 9 * * *', '2026-01-01T00:00:00Z', 1), ['2026-01-01T14:00:00Z']);
  assert.equal(parseCron('TZ=America/New_York 0 9 * * *').timeZone, 'America/New_York');
  assert.equal(parseCron('0 9 * * *').timeZone, 'UTC');
  assert.deepEqual([parseCron('0 9 * * *', { timeZone: 'Asia/Tokyo' }).next(new Date('2026-01-01T00:00:00Z'))?.toISOString()], ['2026-01-02T00:00:00.000Z']);
});

test('DST spring forward: a local time that does not exist does not fire', () => {
  // Europe/Berlin jumps from 02:00 CET to 03:00 CEST on 2026-03-29.
  assert.deepEqual(runs('CRON_TZ=Europe/Berlin 30 2 * * *', '2026-03-27T12:00:00Z', 3), [
    '2026-03-28T01:30:00Z',
    '2026-03-30T00:30:00Z',
    '2026-03-31T00:30:00Z',
  ]);
  // America/New_York jumps from 02:00 EST to 03:00 EDT on 2026-03-08.
  assert.deepEqual(runs('TZ=America/New_York 30 2 * * *', '2026-03-07T12:00:00Z', 2), ['2026-03-09T06:30:00Z', '2026-03-10T06:30:00Z']);
  // Hourly keeps ticking in real time across the gap: 01:00 CET is followed by 03:00 CEST.
  assert.deepEqual(runs('CRON_TZ=Europe/Berlin 0 * * * *', '2026-03-28T23:30:00Z', 3), [
    '2026-03-29T00:00:00Z',
    '2026-03-29T01:00:00Z',
    '2026-03-29T02:00:00Z',
  ]);
  // A schedule whose only day falls into the gap skips that year.
  assert.deepEqual(runs('CRON_TZ=Europe/Berlin 30 2 29 3 *', '2026-01-01T00:00:00Z', 1), ['2027-03-29T00:30:00Z']);
});

test('DST fall back: a local time that exists twice fires twice, as robfig does', () => {
  // Europe/Berlin goes from 03:00 CEST back to 02:00 CET on 2026-10-25: 02:30 happens at 00:30Z and 01:30Z.
  assert.deepEqual(runs('CRON_TZ=Europe/Berlin 30 2 * * *', '2026-10-24T12:00:00Z', 3), [
    '2026-10-25T00:30:00Z',
    '2026-10-25T01:30:00Z',
    '2026-10-26T01:30:00Z',
  ]);
  // Both passes of the repeated hour, in time order.
  assert.deepEqual(runs('CRON_TZ=Europe/Berlin */20 2 * * *', '2026-10-24T23:30:00Z', 7), [
    '2026-10-25T00:00:00Z',
    '2026-10-25T00:20:00Z',
    '2026-10-25T00:40:00Z',
    '2026-10-25T01:00:00Z',
    '2026-10-25T01:20:00Z',
    '2026-10-25T01:40:00Z',
    '2026-10-26T01:00:00Z',
  ]);
  // From inside the first pass, the second pass of an earlier minute comes before later days.
  assert.equal(nextAfter('CRON_TZ=Europe/Berlin 10,50 2 * * *', new Date('2026-10-25T00:55:00Z'))?.toISOString(), '2026-10-25T01:10:00.000Z');
  assert.equal(nextAfter('CRON_TZ=Europe/Berlin 10,50 2 * * *', new Date('2026-10-25T00:45:00Z'))?.toISOString(), '2026-10-25T00:50:00.000Z');
});

test('a schedule that never matches has no next activation', () => {
  assert.equal(nextAfter('0 0 30 2 *', new Date('2026-01-01T00:00:00Z')), null);
  assert.equal(nextAfter('0 0 31 4,6 *', new Date('2026-01-01T00:00:00Z')), null);
});

test('parse errors use robfig wording and name the bad value', () => {
  const cases: [string, string, string | undefined][] = [
    ['', 'empty spec string', undefined],
    ['WRONG', 'expected exactly 5 fields, found 1: [WRONG]', undefined],
    ['0 0 * * * *', 'expected exactly 5 fields, found 6: [0 0 * * * *]', undefined],
    ['60 * * * *', 'end of range (60) above maximum (59): 60', 'minute'],
    ['0 24 * * *', 'end of range (24) above maximum (23): 24', 'hour'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0', 'day of month'],
    ['0 0 * 13 *', 'end of range (13) above maximum (12): 13', 'month'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7', 'day of week'],
    ['0 0 * * sunday', 'failed to parse int from sunday: strconv.Atoi: parsing "sunday": invalid syntax', 'day of week'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1', 'minute'],
    ['*/0 * * * *', 'step of range should be a positive number: */0', 'minute'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3', 'minute'],
    ['1/2/3 * * * *', 'too many slashes: 1/2/3', 'minute'],
    ['0 0 * * +-1', 'failed to parse int from +: strconv.Atoi: parsing "+": invalid syntax', 'day of week'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly', undefined],
    ['@every 1d', 'failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"', undefined],
    ['@every soon', 'failed to parse duration @every soon: time: invalid duration "soon"', undefined],
    ['CRON_TZ=Mars/Olympus 0 0 * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus', undefined],
    ['TZ=Europe/Berlin', 'missing schedule after time zone: TZ=Europe/Berlin', undefined],
  ];
  for (const [expr, message, field] of cases) {
    assert.throws(
      () => parseCron(expr),
      (err: unknown) => {
        assert.ok(err instanceof CronParseError, `${expr}: ${String(err)}`);
        assert.equal(err.message, message, expr);
        assert.equal(err.field, field, expr);
        assert.equal(err.expression, expr);
        return true;
      },
    );
  }
});

test('Go durations', () => {
  assert.equal(parseGoDuration('1h30m'), 5400e9);
  assert.equal(parseGoDuration('1.5s'), 1.5e9);
  assert.equal(parseGoDuration('-2m'), -120e9);
  assert.equal(parseGoDuration('0'), 0);
  assert.equal(parseGoDuration('720h0m0s'), 720 * 3600e9);
  assert.throws(() => parseGoDuration('5'), { message: 'time: missing unit in duration "5"' });
  assert.throws(() => parseGoDuration(''), { message: 'time: invalid duration ""' });
  assert.throws(() => parseGoDuration('.s'), { message: 'time: invalid duration ".s"' });
});
