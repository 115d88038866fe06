import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pruneUnknownFields } from './prune.js';
import type { JsonSchema } from '../../api/crd/schema.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'integer' },
        items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        nested: { type: 'object', additionalProperties: { type: 'object', properties: { keep: { type: 'string' } } } },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { typed: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        anything: { 'x-kubernetes-preserve-unknown-fields': true },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } } },
        port: { 'x-kubernetes-int-or-string': true },
      },
    },
    status: { type: 'object', properties: { phase: { type: 'string' } } },
  },
};

describe('pruneUnknownFields', () => {
  it('drops undeclared fields at every level and reports their paths in order', () => {
    const obj: Record<string, unknown> = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1, foo: 'x', items: [{ name: 'a', bar: 1 }, { name: 'b' }, { bar: 2, baz: 3 }] },
      status: { phase: 'Ready', extra: true },
      other: 1,
    };
    assert.deepEqual(pruneUnknownFields(obj, schema), ['spec.foo', 'spec.items[0].bar', 'spec.items[2].bar', 'spec.items[2].baz', 'status.extra', 'other']);
    assert.deepEqual(obj, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1, items: [{ name: 'a' }, { name: 'b' }, {}] },
      status: { phase: 'Ready' },
    });
  });

  it('returns nothing and changes nothing for a conforming object', () => {
    const obj = { apiVersion: 'v', kind: 'K', metadata: { name: 'n', labels: { a: 'b' } }, spec: { size: 2, labels: { x: 'y' } } };
    const before = structuredClone(obj);
    assert.deepEqual(pruneUnknownFields(obj, schema), []);
    assert.deepEqual(obj, before);
  });

  it('keeps apiVersion, kind and metadata at the root even when the schema does not list them', () => {
    const obj: Record<string, unknown> = { apiVersion: 'v', kind: 'K', metadata: { name: 'n' } };
    assert.deepEqual(pruneUnknownFields(obj, { type: 'object', properties: {} }), []);
    assert.deepEqual(obj, { apiVersion: 'v', kind: 'K', metadata: { name: 'n' } });
  });

  it('cuts root metadata down to the ObjectMeta fields', () => {
    const metadata = {
      name: 'n',
      generateName: 'g',
      namespace: 'ns',
      selfLink: '/x',
      uid: 'u',
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: '2024-01-01T00:00:00Z',
      deletionTimestamp: null,
      deletionGracePeriodSeconds: 30,
      labels: { a: 'b' },
      annotations: { c: 'd' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'o', uid: 'x', controller: true, blockOwnerDeletion: true, color: 'red' }],
      finalizers: ['f'],
      managedFields: [{ manager: 'm', operation: 'Update', apiVersion: 'v1', time: 't', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} }, junk: 1 }],
      clusterName: 'old',
      foo: 'bar',
    };
    const obj: Record<string, unknown> = { apiVersion: 'v', kind: 'K', metadata };
    assert.deepEqual(pruneUnknownFields(obj, schema), [
      'metadata.clusterName',
      'metadata.foo',
      'metadata.ownerReferences[0].color',
      'metadata.managedFields[0].junk',
    ]);
    const kept = obj.metadata as Record<string, unknown>;
    assert.deepEqual(Object.keys(kept), [
      'name',
      'generateName',
      'namespace',
      'selfLink',
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'labels',
      'annotations',
      'ownerReferences',
      'finalizers',
      'managedFields',
    ]);
    assert.deepEqual(kept.managedFields, [
      { manager: 'm', operation: 'Update', apiVersion: 'v1', time: 't', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
    ]);
  });

  it('keeps every key of an additionalProperties map and prunes inside its values', () => {
    const obj: Record<string, unknown> = { spec: { labels: { a: 'x', b: 'y' }, nested: { one: { keep: 'k', drop: 'd' } } } };
    assert.deepEqual(pruneUnknownFields(obj, schema), ['spec.nested.one.drop']);
    assert.deepEqual(obj, { spec: { labels: { a: 'x', b: 'y' }, nested: { one: { keep: 'k' } } } });
  });

  it('preserve-unknown-fields keeps unknown keys but still prunes inside declared properties', () => {
    const obj: Record<string, unknown> = { spec: { free: { whatever: { deep: [1, { x: 2 }] }, typed: { a: 'ok', b: 'gone' } } } };
    assert.deepEqual(pruneUnknownFields(obj, schema), ['spec.free.typed.b']);
    assert.deepEqual(obj, { spec: { free: { whatever: { deep: [1, { x: 2 }] }, typed: { a: 'ok' } } } });
  });

  it('preserve-unknown-fields without a type keeps any value', () => {
    const obj: Record<string, unknown> = { spec: { anything: { a: { b: { c: 1 } } }, port: 'http' } };
    assert.deepEqual(pruneUnknownFields(obj, schema), []);
    assert.deepEqual(obj, { spec: { anything: { a: { b: { c: 1 } } }, port: 'http' } });
  });

  it('preserve-unknown-fields at the root keeps unknown top-level fields but still trims metadata', () => {
    const root: JsonSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { spec: { type: 'object', properties: {} } } };
    const obj: Record<string, unknown> = { kind: 'K', metadata: { name: 'n', bogus: 1 }, data: { a: 1 }, spec: { x: 1 } };
    assert.deepEqual(pruneUnknownFields(obj, root), ['metadata.bogus', 'spec.x']);
    assert.deepEqual(obj, { kind: 'K', metadata: { name: 'n' }, data: { a: 1 }, spec: {} });
  });

  it('embedded resources keep apiVersion/kind/metadata and prune the rest by their schema', () => {
    const obj: Record<string, unknown> = {
      spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', junk: 1 }, spec: { x: 'a', y: 'b' }, status: {} } },
    };
    assert.deepEqual(pruneUnknownFields(obj, schema), ['spec.template.metadata.junk', 'spec.template.spec.y', 'spec.template.status']);
    assert.deepEqual(obj, { spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 'a' } } } });
  });

  it('leaves values of the wrong type for validation to report', () => {
    const obj: Record<string, unknown> = { spec: { items: 'not-a-list', labels: 5 } };
    assert.deepEqual(pruneUnknownFields(obj, schema), []);
    assert.deepEqual(obj, { spec: { items: 'not-a-list', labels: 5 } });
  });

  it('treats __proto__ and constructor as ordinary unknown keys', () => {
    const obj = JSON.parse('{"spec":{"__proto__":{"polluted":true},"constructor":1,"size":1}}') as Record<string, unknown>;
    assert.deepEqual(pruneUnknownFields(obj, schema), ['spec.__proto__', 'spec.constructor']);
    assert.deepEqual(Object.keys(obj.spec as object), ['size']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
