import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToQuantity, formatBytes, parseQuantity } from './quantity.js';

test('quantities parse as Kubernetes reads them, rounded up to whole units', () => {
  assert.equal(parseQuantity('1Gi'), 1024 ** 3);
  assert.equal(parseQuantity('500Mi'), 500 * 1024 ** 2);
  assert.equal(parseQuantity('1G'), 1e9);
  assert.equal(parseQuantity('1.5Gi'), 1.5 * 1024 ** 3);
  assert.equal(parseQuantity('2e3'), 2000);
  assert.equal(parseQuantity('100m'), 1);
  assert.equal(parseQuantity('0.1Ki'), 103);
  assert.equal(parseQuantity(4096), 4096);
  assert.throws(() => parseQuantity('1GB'), /quantities must match the regular expression/);
  assert.throws(() => parseQuantity(''), /quantities must match/);
});

test('byte counts print for people and as canonical binary quantities', () => {
  assert.deepEqual([0, 512, 4096, 1536 * 1024, 20 * 1024 ** 3].map(formatBytes), ['0', '512', '4Ki', '1.5Mi', '20Gi']);
  assert.deepEqual([0, 1000, 1024, 1024 ** 3, 3 * 1024 ** 2 + 512].map(bytesToQuantity), ['0', '1000', '1Ki', '1Gi', '3146240']);
});
