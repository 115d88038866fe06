import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDepth, jsonTextTooDeep, jsonTooDeep } from './json-depth.js';

describe('json-depth', () => {
  it('measures text without recursion, ignoring brackets in strings', () => {
    assert.equal(jsonTextTooDeep('{"a":[1]}', 2), undefined);
    assert.equal(jsonTextTooDeep('{"a":[[1]]}', 2), '[');
    assert.equal(jsonTextTooDeep('{"a":"[[[[\\"[[["}', 1), undefined);
    assert.equal(jsonTextTooDeep(`${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`), '{');
  });

  it('measures values without recursion', () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    assert.equal(jsonDepth(v), 100_000);
    assert.equal(jsonTooDeep(v), true);
    assert.equal(jsonDepth({ a: { b: [] }, c: 1 }), 3);
    assert.equal(jsonDepth('x'), 0);
  });
});
