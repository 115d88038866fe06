import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration } from './human-duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration', () => {
  const cases: [ms: number, expected: string][] = [
    // Clock skew: up to a second in the future is "0s", more is invalid.
    [-2 * S, '<invalid>'],
    [-1999, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    // Under 2 minutes: seconds.
    [S, '1s'],
    [2 * M - 1, '119s'],
    // Under 10 minutes: minutes and seconds, seconds dropped when zero.
    [2 * M, '2m'],
    [2 * M + 5 * S, '2m5s'],
    [10 * M - 1, '9m59s'],
    // Under 3 hours: minutes.
    [10 * M, '10m'],
    [3 * H - 1, '179m'],
    // Under 8 hours: hours and minutes.
    [3 * H, '3h'],
    [3 * H + 20 * M, '3h20m'],
    [8 * H - 1, '7h59m'],
    // Under 48 hours: hours.
    [8 * H, '8h'],
    [48 * H - 1, '47h'],
    // Under 8 days: days and hours.
    [48 * H, '2d'],
    [49 * H, '2d1h'],
    [8 * D - 1, '7d23h'],
    // Under 2 years: days.
    [8 * D, '8d'],
    [2 * Y - 1, '729d'],
    // Under 8 years: years and days.
    [2 * Y, '2y'],
    [2 * Y + 30 * D, '2y30d'],
    [8 * Y - 1, '7y364d'],
    // Beyond: years.
    [8 * Y, '8y'],
    [100 * Y + 5 * D, '100y'],
  ];
  for (const [ms, expected] of cases) {
    it(`formats ${ms} ms as ${expected}`, () => assert.equal(humanDuration(ms), expected));
  }
});
