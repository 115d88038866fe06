import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JsonPathSyntaxError, compileSimpleJsonPath, evalSimpleJsonPath } from './jsonpath.js';

const obj = {
  metadata: { name: 'w1', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'a.b/c': 'x' } },
  spec: { size: 3, ratio: 0.5, enabled: false, empty: null, items: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }, { name: 'c' }] },
  status: {
    conditions: [
      { type: 'Synced', status: 'False', reason: 'Pending' },
      { type: 'Ready', status: 'True', reason: 'Done' },
    ],
  },
};

describe('evalSimpleJsonPath', () => {
  it('follows dotted fields, with or without braces and $', () => {
    assert.deepEqual(evalSimpleJsonPath(obj, '.metadata.name'), ['w1']);
    assert.deepEqual(evalSimpleJsonPath(obj, '{.metadata.name}'), ['w1']);
    assert.deepEqual(evalSimpleJsonPath(obj, '{$.spec.size}'), [3]);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.enabled'), [false]);
  });

  it('returns no match for missing keys and steps through null', () => {
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.missing'), []);
    assert.deepEqual(evalSimpleJsonPath(obj, '.nope.deeper'), []);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.empty'), [null]);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.empty.x'), []);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.size.x'), []);
  });

  it('reads bracketed keys containing dots and slashes', () => {
    assert.deepEqual(evalSimpleJsonPath(obj, ".metadata.labels['app.kubernetes.io/name']"), ['web']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.metadata.annotations["a.b/c"]'), ['x']);
    assert.deepEqual(evalSimpleJsonPath(obj, ".metadata['name','missing']"), ['w1']);
  });

  it('indexes arrays, negative indexes counting from the end', () => {
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[0].name'), ['a']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[-1].name'), ['c']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[5].name'), []);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[1:].name'), ['b', 'c']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[0:2].port'), [80, 443]);
    assert.deepEqual(evalSimpleJsonPath(obj, '.metadata[0]'), []);
  });

  it('expands wildcards', () => {
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[*].name'), ['a', 'b', 'c']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[*].port'), [80, 443]);
    assert.deepEqual(evalSimpleJsonPath(obj, '.metadata.labels.*'), ['web']);
  });

  it('filters array elements', () => {
    assert.deepEqual(evalSimpleJsonPath(obj, '.status.conditions[?(@.type=="Ready")].status'), ['True']);
    assert.deepEqual(evalSimpleJsonPath(obj, "{.status.conditions[?(@.type == 'Synced')].reason}"), ['Pending']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.status.conditions[?(@.type!="Ready")].type'), ['Synced']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.status.conditions[?(@.type=="Gone")].status'), []);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[?(@.port)].name'), ['a', 'b']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[?(@.port>100)].name'), ['b']);
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[?(@.port==80)].name'), ['a']);
    // A string never equals a number.
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[?(@.port=="80")].name'), []);
  });

  it('descends recursively', () => {
    assert.deepEqual(evalSimpleJsonPath(obj, '..reason'), ['Pending', 'Done']);
  });

  it('selects nothing for malformed paths and reports them when compiled', () => {
    assert.deepEqual(evalSimpleJsonPath(obj, '.spec.items[0'), []);
    assert.throws(() => compileSimpleJsonPath('.spec.items[0'), JsonPathSyntaxError);
    assert.throws(() => compileSimpleJsonPath('spec'), JsonPathSyntaxError);
    assert.doesNotThrow(() => compileSimpleJsonPath('{.spec.items[*].name}'));
  });
});

describe('escaped dots in field names', () => {
  it('treats `\\.` as part of the key', async () => {
    const { evalSimpleJsonPath } = await import('./jsonpath.js');
    const obj = { metadata: { labels: { 'hive.openshift.io/cluster-platform': 'aws' } } };
    assert.deepEqual(evalSimpleJsonPath(obj, '.metadata.labels.hive\\.openshift\\.io/cluster-platform'), ['aws']);
  });
});
