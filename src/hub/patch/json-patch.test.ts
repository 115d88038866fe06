import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { applyJsonPatch, PATCH_REJECTED } from './json-patch.js';

function rejects(fn: () => unknown, code: number, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });
}

describe('applyJsonPatch: RFC 6902 appendix A', () => {
  it('A.1 adds an object member', () => {
    assert.deepEqual(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }]), { baz: 'qux', foo: 'bar' });
  });
  it('A.2 adds an array element', () => {
    assert.deepEqual(applyJsonPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]), { foo: ['bar', 'qux', 'baz'] });
  });
  it('A.3 removes an object member', () => {
    assert.deepEqual(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }]), { foo: 'bar' });
  });
  it('A.4 removes an array element', () => {
    assert.deepEqual(applyJsonPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }]), { foo: ['bar', 'baz'] });
  });
  it('A.5 replaces a value', () => {
    assert.deepEqual(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]), { baz: 'boo', foo: 'bar' });
  });
  it('A.6 moves a value', () => {
    const doc = { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } };
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]), {
      foo: { bar: 'baz' },
      qux: { corge: 'grault', thud: 'fred' },
    });
  });
  it('A.7 moves an array element', () => {
    const doc = { foo: ['all', 'grass', 'cows', 'eat'] };
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]), { foo: ['all', 'cows', 'eat', 'grass'] });
  });
  it('A.8 passes successful tests', () => {
    const doc = { baz: 'qux', foo: ['a', 2, 'c'] };
    const ops = [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ];
    assert.deepEqual(applyJsonPatch(doc, ops), doc);
  });
  it('A.9 fails a test with 422 and the apiserver wording', () => {
    rejects(() => applyJsonPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]), 422, new RegExp(`^${PATCH_REJECTED}: .*test failed`));
  });
  it('A.10 adds a nested member object', () => {
    assert.deepEqual(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }]), {
      foo: 'bar',
      child: { grandchild: {} },
    });
  });
  it('A.11 ignores unrecognised members of an operation', () => {
    assert.deepEqual(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }]), { foo: 'bar', baz: 'qux' });
  });
  it('A.12 refuses to add under a missing parent (422)', () => {
    rejects(
      () => applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]),
      422,
      /^the server rejected our request due to an error in our request/,
    );
  });
  it('A.14 unescapes ~01 as "~1", not "/"', () => {
    const doc = { '/': 9, '~1': 10 };
    assert.deepEqual(applyJsonPatch(doc, [{ op: 'test', path: '/~01', value: 10 }]), doc);
  });
  it('A.15 compares strings and numbers strictly', () => {
    rejects(() => applyJsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]), 422, /test failed/);
  });
  it('A.16 appends an array value with "-"', () => {
    assert.deepEqual(applyJsonPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]), { foo: ['bar', ['abc', 'def']] });
  });
});

describe('applyJsonPatch: more behaviour', () => {
  it('copies a value deeply', () => {
    const out = applyJsonPatch({ a: { b: [1] } }, [
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'add', path: '/c/b/-', value: 2 },
    ]);
    assert.deepEqual(out, { a: { b: [1] }, c: { b: [1, 2] } });
  });

  it('addresses keys containing "/" with ~1 (label keys)', () => {
    const obj = { metadata: { labels: { 'app.kubernetes.io/name': 'x' } } };
    const out = applyJsonPatch(obj, [{ op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'y' }]);
    assert.deepEqual(out, { metadata: { labels: { 'app.kubernetes.io/name': 'y' } } });
  });

  it('replaces the whole document with an empty path', () => {
    assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }]), { b: 2 });
  });

  it('accepts null as a value', () => {
    assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'add', path: '/b', value: null }]), { a: 1, b: null });
  });

  it('is all-or-nothing and never mutates the target', () => {
    const target = { a: 1, list: [1, 2] };
    const copy = structuredClone(target);
    rejects(
      () =>
        applyJsonPatch(target, [
          { op: 'replace', path: '/a', value: 2 },
          { op: 'remove', path: '/list/0' },
          { op: 'remove', path: '/missing' },
        ]),
      422,
      /operation 2 \(remove "\/missing"\): path does not exist/,
    );
    assert.deepEqual(target, copy);
    const out = applyJsonPatch(target, [{ op: 'remove', path: '/list/0' }]);
    assert.deepEqual(out, { a: 1, list: [2] });
    assert.deepEqual(target, copy);
  });

  it('answers 422 for application failures', () => {
    rejects(() => applyJsonPatch({ a: [1] }, [{ op: 'replace', path: '/b', value: 1 }]), 422, /path does not exist/);
    rejects(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }]), 422, /out of range/);
    rejects(() => applyJsonPatch({ a: [1] }, [{ op: 'remove', path: '/a/-' }]), 422, /not a valid array index/);
    rejects(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/01', value: 1 }]), 422, /not a valid array index/);
    rejects(() => applyJsonPatch({ a: 1 }, [{ op: 'move', from: '/x', path: '/y' }]), 422, /path does not exist/);
    rejects(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/x', value: 1 }]), 422, /path does not exist/);
  });

  it('answers 400 for malformed patch documents, naming the problem', () => {
    rejects(() => applyJsonPatch({}, { op: 'add', path: '/a', value: 1 }), 400, /must be a JSON array.*an object/);
    rejects(() => applyJsonPatch({}, null), 400, /must be a JSON array.*null/);
    rejects(() => applyJsonPatch({}, ['add']), 400, /operation 0 must be an object/);
    rejects(() => applyJsonPatch({}, [{ path: '/a', value: 1 }]), 400, /missing "op"/);
    rejects(() => applyJsonPatch({}, [{ op: 'upsert', path: '/a', value: 1 }]), 400, /unknown op "upsert"/);
    rejects(() => applyJsonPatch({}, [{ op: 'add', value: 1 }]), 400, /missing "path"/);
    rejects(() => applyJsonPatch({}, [{ op: 'add', path: 5, value: 1 }]), 400, /"path" must be a string/);
    rejects(() => applyJsonPatch({}, [{ op: 'add', path: 'a', value: 1 }]), 400, /not a valid JSON pointer/);
    rejects(() => applyJsonPatch({}, [{ op: 'add', path: '/a~2', value: 1 }]), 400, /not a valid JSON pointer/);
    rejects(() => applyJsonPatch({}, [{ op: 'replace', path: '/a' }]), 400, /missing "value"/);
    rejects(() => applyJsonPatch({}, [{ op: 'copy', path: '/a' }]), 400, /missing "from"/);
    rejects(() => applyJsonPatch({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/b/c' }]), 400, /proper prefix/);
  });

  it('reports a malformed op even when an earlier op would fail to apply', () => {
    rejects(
      () =>
        applyJsonPatch({}, [
          { op: 'remove', path: '/missing' },
          { op: 'bogus', path: '/a' },
        ]),
      400,
      /operation 1: unknown op/,
    );
  });

  it('refuses more than 10000 operations with 413', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '', value: {} }));
    rejects(() => applyJsonPatch({}, ops), 413, /maximum operations in a JSON patch is 10000, got 10001/);
  });
});
