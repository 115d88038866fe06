import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from './job-status.js';

test("the Job controller's back-off: 10 s doubling per failure, at most 6 minutes", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 50].map(backoffDelayMs), [0, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 360_000, 360_000]);
});
