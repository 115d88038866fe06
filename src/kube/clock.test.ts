import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from './clock.js';

test('systemClock.sleep waits past setTimeout’s 24.8-day limit instead of waking after 1 ms', async () => {
  const controller = new AbortController();
  let woke = false;
  const sleeping = systemClock.sleep(720 * 3_600_000, controller.signal).then(() => (woke = true));
  // setTimeout clamps a delay above 2^31-1 ms to 1 ms: a few ticks are plenty to see that.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(woke, false);
  controller.abort();
  await sleeping;
  assert.equal(woke, true, 'an abort still ends the sleep');
  await systemClock.sleep(5);
});
