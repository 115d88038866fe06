import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DurationError, formatDuration, formatDurationNs, goQuote, MAX_DURATION_NS, MIN_DURATION_NS, parseDuration, parseGoDurationNs } from './duration.js';

describe('Go durations', () => {
  it('parses every unit and combination', () => {
    assert.equal(parseDuration('720h0m0s'), 720 * 3600_000);
    assert.equal(parseDuration('1h30m'), 90 * 60_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('1.5h'), 90 * 60_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('-1m'), -60_000);
  });
  it('rejects garbage naming the input', () => {
    for (const bad of ['', '5', '1d', 'abc', '1h x']) {
      assert.throws(
        () => parseDuration(bad),
        (e: unknown) => e instanceof DurationError && e.message.includes(`"${bad}"`),
      );
    }
  });
  it('formats like Go', () => {
    assert.equal(formatDuration(720 * 3600_000), '720h0m0s');
    assert.equal(formatDuration(2880 * 3600_000), '2880h0m0s');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(1500), '1.5s');
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(250), '250ms');
  });
});

describe('time.ParseDuration, exactly', () => {
  it('reads what Go reads, to the nanosecond', () => {
    const cases: Array<[string, bigint]> = [
      ['0', 0n],
      ['-0', 0n],
      ['+0', 0n],
      ['5s', 5_000_000_000n],
      ['+5s', 5_000_000_000n],
      ['-5s', -5_000_000_000n],
      ['1.5h', 5_400_000_000_000n],
      ['1.h', 3_600_000_000_000n],
      ['.5s', 500_000_000n],
      ['1.004s', 1_004_000_000n],
      ['100.00100s', 100_001_000_000n],
      ['1ns', 1n],
      ['1.1ns', 1n],
      ['2.2us', 2_200n],
      ['3.3µs', 3_300n],
      ['4.4μs', 4_400n],
      ['5.5ms', 5_500_000n],
      ['3h30m', 12_600_000_000_000n],
      ['10.5s4m', 250_500_000_000n],
      ['-2m3.4s', -123_400_000_000n],
      ['1h2m3s4ms5us6ns', 3_723_004_005_006n],
      ['39h9m14.425s', 140_954_425_000_000n],
      ['52763797000ns', 52_763_797_000n],
      ['0.3333333333333333333h', 1_200_000_000_000n],
      ['9007199254740993ns', 9_007_199_254_740_993n],
      ['9223372036854775807ns', MAX_DURATION_NS],
      ['9223372036854775.807us', MAX_DURATION_NS],
      ['9223372036s854ms775us807ns', MAX_DURATION_NS],
      ['-9223372036854775808ns', MIN_DURATION_NS],
      ['-9223372036854775.808us', MIN_DURATION_NS],
      ['-2562047h47m16.854775808s', MIN_DURATION_NS],
      ['2562047h', 9_223_369_200_000_000_000n],
      ['0.100000000000000000000h', 360_000_000_000n],
      ['0.830103483285477580700h', 2_988_372_539_827n],
    ];
    for (const [text, ns] of cases) assert.equal(parseGoDurationNs(text), ns, text);
  });

  it('refuses what Go refuses, with Go’s words', () => {
    const nines = '9'.repeat(400);
    const cases: Array<[string, string]> = [
      ['', 'time: invalid duration ""'],
      ['3', 'time: missing unit in duration "3"'],
      ['-', 'time: invalid duration "-"'],
      ['s', 'time: invalid duration "s"'],
      ['.', 'time: invalid duration "."'],
      ['-.', 'time: invalid duration "-."'],
      ['.s', 'time: invalid duration ".s"'],
      ['+.s', 'time: invalid duration "+.s"'],
      ['1d', 'time: unknown unit "d" in duration "1d"'],
      ['5 days', 'time: unknown unit " days" in duration "5 days"'],
      [' 1h', 'time: invalid duration " 1h"'],
      ['1h ', 'time: unknown unit "h " in duration "1h "'],
      ['1\u00b5', 'time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"'],
      ['3000000h', 'time: invalid duration "3000000h"'],
      ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
      ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
      ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
      ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
      ['2562048h', 'time: invalid duration "2562048h"'],
      ['999999999999h', 'time: invalid duration "999999999999h"'],
      [`${nines}h`, `time: invalid duration "${nines}h"`],
      ['\t"x"', 'time: invalid duration "\\x09\\"x\\""'],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseGoDurationNs(text),
        (e: unknown) => e instanceof DurationError && e.message === message && e.input === text,
        JSON.stringify(text),
      );
    }
  });

  it('prints what Go prints, over the whole range', () => {
    assert.equal(formatDurationNs(MAX_DURATION_NS), '2562047h47m16.854775807s');
    assert.equal(formatDurationNs(MIN_DURATION_NS), '-2562047h47m16.854775808s');
    assert.equal(formatDurationNs(1n), '1ns');
    assert.equal(formatDurationNs(1_100n), '1.1µs');
    assert.equal(formatDurationNs(2_200_000n), '2.2ms');
    assert.equal(formatDurationNs(3_300_000_000n), '3.3s');
    assert.equal(formatDurationNs(-4_000_000_000n), '-4s');
    assert.equal(formatDurationNs(3_723_004_005_006n), '1h2m3.004005006s');
    assert.equal(formatDurationNs(240n * 3_600_000_000_000n), '240h0m0s');
    assert.throws(() => formatDurationNs(MAX_DURATION_NS + 1n), RangeError);
    assert.throws(() => formatDuration(Infinity), RangeError);
    assert.throws(() => formatDuration(NaN), RangeError);
  });

  it('quotes as Go’s time package does', () => {
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('µ\n'), '"\\xc2\\xb5\\x0a"');
  });
});
