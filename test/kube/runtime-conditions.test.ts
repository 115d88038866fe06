import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCondition, isFalse, isTrue, metaTime, removeCondition, setCondition } from '../../src/kube/index.js';

test('conditions keep lastTransitionTime while the status holds', () => {
  const t0 = Date.parse('2030-05-01T10:00:00.123Z');
  let conditions = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'Pending', message: 'waiting', observedGeneration: 1 }, t0);
  assert.deepEqual(conditions, [
    { type: 'Ready', status: 'False', observedGeneration: 1, lastTransitionTime: '2030-05-01T10:00:00Z', reason: 'Pending', message: 'waiting' },
  ]);
  const original = conditions;
  conditions = setCondition(
    conditions,
    { type: 'Ready', status: 'False', reason: 'StillPending', message: 'still waiting', observedGeneration: 2 },
    t0 + 60_000,
  );
  assert.equal(conditions[0].lastTransitionTime, '2030-05-01T10:00:00Z', 'same status: the transition time stays');
  assert.equal(conditions[0].reason, 'StillPending');
  assert.equal(conditions[0].observedGeneration, 2);
  assert.equal(original[0].reason, 'Pending', 'the input array is not modified');
  conditions = setCondition(conditions, { type: 'Ready', status: 'True', reason: 'Done' }, new Date(t0 + 120_000));
  assert.equal(conditions[0].lastTransitionTime, '2030-05-01T10:02:00Z');
  assert.equal(conditions[0].message, '');
  conditions = setCondition(conditions, { type: 'Degraded', status: 'Unknown', reason: 'NotChecked' }, t0);
  assert.equal(conditions.length, 2);
  assert.ok(isTrue(conditions, 'Ready'));
  assert.ok(!isTrue(conditions, 'Degraded'));
  assert.ok(!isFalse(conditions, 'Degraded'));
  assert.ok(!isTrue(conditions, 'Missing'));
  assert.equal(getCondition(conditions, 'Degraded')?.reason, 'NotChecked');
  assert.equal(getCondition(undefined, 'Ready'), undefined);
  assert.deepEqual(
    removeCondition(conditions, 'Ready').map((c) => c.type),
    ['Degraded'],
  );
  assert.equal(metaTime(t0), '2030-05-01T10:00:00Z');
});
