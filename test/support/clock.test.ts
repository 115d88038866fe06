// The test environment's own clock: what the tests that inject it rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestClock, nextTurn } from './clock.js';

test('the manual clock wakes sleepers only when it passes their deadline', async () => {
  const clock = new TestClock('2026-01-01T00:00:00Z');
  const woke: string[] = [];
  void clock.sleep(1000).then(() => woke.push('1s'));
  void clock.sleep(60_000).then(() => woke.push('1m'));
  clock.advance(999);
  await nextTurn();
  assert.deepEqual(woke, []);
  clock.advance(1);
  await nextTurn();
  assert.deepEqual(woke, ['1s']);
  clock.set('2026-01-01T01:00:00Z');
  await nextTurn();
  assert.deepEqual(woke, ['1s', '1m']);
});
