import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DurationError, formatDuration, parseDuration } from './duration.js';

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
