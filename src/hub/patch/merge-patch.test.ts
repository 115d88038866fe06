import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMergePatch } from './merge-patch.js';

describe('applyMergePatch', () => {
  // RFC 7386 Appendix A, every row.
  const rfcExamples: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  rfcExamples.forEach(([target, patch, expected], i) => {
    it(`RFC 7386 appendix A example ${i + 1}`, () => {
      assert.deepEqual(applyMergePatch(target, patch), expected);
    });
  });

  it('labels a Kubernetes object the way kubectl label does', () => {
    const cm = { metadata: { name: 'cm', labels: { a: '1', b: '2' } }, data: { k: 'v' } };
    const out = applyMergePatch(cm, { metadata: { labels: { a: null, c: '3' } } });
    assert.deepEqual(out, { metadata: { name: 'cm', labels: { b: '2', c: '3' } }, data: { k: 'v' } });
  });

  it('keeps target key order and appends new keys', () => {
    const out = applyMergePatch({ z: 1, a: 2, m: 3 }, { b: 4, a: 5 }) as object;
    assert.deepEqual(Object.keys(out), ['z', 'a', 'm', 'b']);
  });

  it('does not mutate its inputs, nor share structure with them', () => {
    const target = { spec: { list: [1, 2], nested: { x: 1 } }, keep: { deep: { y: 1 } } };
    const patch = { spec: { nested: { x: null, z: { w: 1 } } } };
    const targetCopy = structuredClone(target);
    const patchCopy = structuredClone(patch);
    const out = applyMergePatch(target, patch) as { keep: { deep: { y: number } }; spec: { nested: { z: { w: number } } } };
    assert.deepEqual(target, targetCopy);
    assert.deepEqual(patch, patchCopy);
    out.keep.deep.y = 99;
    out.spec.nested.z.w = 99;
    assert.equal(target.keep.deep.y, 1);
    assert.equal((patch.spec.nested.z as { w: number }).w, 1);
  });

  it('treats a "__proto__" key as plain data', () => {
    const patch = JSON.parse('{"metadata":{"__proto__":{"polluted":true}}}') as unknown;
    const out = applyMergePatch({ metadata: {} }, patch) as { metadata: Record<string, unknown> };
    assert.equal(Object.getPrototypeOf(out.metadata), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out.metadata, '__proto__')?.value, { polluted: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
