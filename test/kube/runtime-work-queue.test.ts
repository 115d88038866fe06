import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ItemExponentialRateLimiter, WorkQueue } from '../../src/kube/index.js';
import { nextTurn, TestClock } from '../support/index.js';

test('keys are de-duplicated while waiting and handed out in order', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.add('b');
  q.add('a');
  assert.equal(q.depth, 2);
  assert.equal(await q.get(), 'a');
  assert.equal(await q.get(), 'b');
  assert.equal(q.depth, 0);
  q.done('a');
  q.done('b');
});

test('a key added while processing is handed out again only after done()', async () => {
  const q = new WorkQueue<string>();
  q.add('k');
  const first = await q.get();
  assert.equal(first, 'k');
  q.add('k');
  q.add('k');
  assert.equal(q.depth, 0, 'the key waits for its processing to end, not in the queue');
  let second: string | undefined;
  const next = q.get().then((k) => (second = k));
  await new Promise((r) => setImmediate(r));
  assert.equal(second, undefined, 'no second worker may take the key');
  q.done('k');
  await next;
  assert.equal(second, 'k');
  q.done('k');
  assert.equal(q.depth, 0);
});

test('addAfter waits on the injected clock; the earliest pending add wins', async () => {
  const clock = new TestClock(1_000_000);
  const q = new WorkQueue<string>({ clock });
  q.addAfter('later', 1000);
  q.addAfter('later', 5000);
  q.addAfter('sooner', 200);
  assert.equal(q.depth, 0);
  clock.advance(199);
  await nextTurn();
  assert.equal(q.depth, 0);
  clock.advance(1);
  await nextTurn();
  assert.equal(q.depth, 1);
  assert.equal(await q.get(), 'sooner');
  clock.advance(800);
  await nextTurn();
  assert.equal(q.depth, 1);
  assert.equal(await q.get(), 'later');
  clock.advance(10_000);
  await nextTurn();
  assert.equal(q.depth, 0, 'the superseded later add does not fire');
});

test('retries back off exponentially per key from 5 ms to the 1000 s cap, and forget() resets', async () => {
  const limiter = new ItemExponentialRateLimiter<string>();
  const delays = Array.from({ length: 20 }, () => limiter.when('x'));
  assert.deepEqual(delays.slice(0, 5), [5, 10, 20, 40, 80]);
  assert.equal(Math.max(...delays), 1_000_000);
  assert.equal(delays.at(-1), 1_000_000);
  assert.equal(limiter.when('y'), 5, 'keys back off independently');
  limiter.forget('x');
  assert.equal(limiter.when('x'), 5);
  assert.throws(() => new ItemExponentialRateLimiter({ baseDelayMs: 0 }));

  const clock = new TestClock(1_000_000);
  const q = new WorkQueue<string>({ clock, baseDelayMs: 100, maxDelayMs: 300 });
  assert.equal(q.addRateLimited('k'), 100);
  assert.equal(q.addRateLimited('k'), 200);
  assert.equal(q.addRateLimited('k'), 300);
  assert.equal(q.addRateLimited('k'), 300);
  assert.equal(q.retries('k'), 4);
  clock.advance(100);
  await nextTurn();
  assert.equal(await q.get(), 'k');
  q.forget('k');
  q.done('k');
  assert.equal(q.retries('k'), 0);
  assert.equal(q.addRateLimited('k'), 100);
});

test('shutdown releases waiting workers, drops delayed keys and reports idleness', async () => {
  const clock = new TestClock(1_000_000);
  const depths: number[] = [];
  const q = new WorkQueue<string>({ clock, onDepthChange: (d) => depths.push(d) });
  q.add('busy');
  assert.equal(await q.get(), 'busy');
  const waiting = q.get();
  q.addAfter('delayed', 50);
  q.shutDown();
  assert.equal(await waiting, undefined);
  assert.equal(await q.get(), undefined);
  assert.deepEqual(clock.pendingSleeps, [], 'delayed adds are cancelled');
  q.add('ignored');
  assert.equal(q.depth, 0);
  assert.equal(await q.waitForIdle(10), false, 'busy is still being processed');
  const idle = q.waitForIdle(5000);
  q.done('busy');
  assert.equal(await idle, true);
  assert.deepEqual(depths, [1, 0]);

  const aborting = new AbortController();
  const q2 = new WorkQueue<string>();
  const pending = q2.get(aborting.signal);
  aborting.abort();
  assert.equal(await pending, undefined);
  q2.add('after-abort');
  assert.equal(await q2.get(), 'after-abort', 'an aborted waiter does not swallow the next key');
});
