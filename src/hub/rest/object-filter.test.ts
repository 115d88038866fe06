import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { parseLabelSelectorParam } from './object-filter.js';

describe('parseLabelSelectorParam', () => {
  it('answers a bad selector with 400 BadRequest and the parser text', () => {
    assert.throws(
      () => parseLabelSelectorParam('a in (b'),
      (e: unknown) => {
        assert.ok(e instanceof ApiError);
        assert.equal(e.code, 400);
        assert.equal(e.reason, 'BadRequest');
        assert.equal(e.message, "unable to parse requirement: found '', expected: ',' or ')'");
        return true;
      },
    );
  });
});
