import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goFloat, goInt, goQuote } from './go-format.js';

describe('goFloat (Go %v of a float64)', () => {
  it('prints plain decimals for exponents in [-4, 6)', () => {
    assert.equal(goFloat(1), '1');
    assert.equal(goFloat(0.5), '0.5');
    assert.equal(goFloat(123456), '123456');
    assert.equal(goFloat(0.0001), '0.0001');
    assert.equal(goFloat(-2.25), '-2.25');
    assert.equal(goFloat(0), '0');
  });

  it('switches to a two-digit exponent outside it', () => {
    assert.equal(goFloat(1000000), '1e+06');
    assert.equal(goFloat(1234567), '1.234567e+06');
    assert.equal(goFloat(0.00001), '1e-05');
    assert.equal(goFloat(1e21), '1e+21');
    assert.equal(goFloat(-1.5e100), '-1.5e+100');
  });
});

describe('goInt / goQuote', () => {
  it('prints integers without exponent', () => {
    assert.equal(goInt(1000000), '1000000');
    assert.equal(goInt(1e21), '1000000000000000000000');
  });

  it('quotes like %q', () => {
    assert.equal(goQuote('string'), '"string"');
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('tab\tnl\n\u0001'), '"tab\\tnl\\n\\x01"');
    assert.equal(goQuote('héllo'), '"héllo"');
  });
});
