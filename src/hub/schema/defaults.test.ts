import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from './defaults.js';
import type { JsonSchema } from '../../api/crd/schema.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', default: 'Fast' },
        note: { type: 'string', nullable: true, default: 'n' },
        plain: { type: 'string' },
        maybe: { type: 'string', nullable: true },
        backup: {
          type: 'object',
          properties: { enabled: { type: 'boolean', default: false }, retention: { type: 'string', default: '720h' } },
        },
        policy: { type: 'object', default: {}, properties: { keep: { type: 'integer', default: 3 } } },
        tags: { type: 'array', items: { type: 'string' }, default: ['a'] },
        workers: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' }, threads: { type: 'integer', default: 2 } } },
        },
        slots: { type: 'array', items: { type: 'string', default: 'empty' } },
        limits: { type: 'object', additionalProperties: { type: 'object', properties: { max: { type: 'integer', default: 10 } } } },
        weights: { type: 'object', additionalProperties: { type: 'integer', default: 1 } },
      },
    },
  },
};

describe('applyDefaults', () => {
  it('fills missing properties of objects that exist', () => {
    const obj: Record<string, unknown> = { spec: {} };
    applyDefaults(obj, schema);
    assert.deepEqual(obj.spec, { replicas: 1, mode: 'Fast', note: 'n', policy: { keep: 3 }, tags: ['a'] });
  });

  it('does not create an absent object that has no default', () => {
    const obj: Record<string, unknown> = { metadata: { name: 'x' } };
    applyDefaults(obj, schema);
    assert.deepEqual(obj, { metadata: { name: 'x' } });
  });

  it('defaults inside a nested object only when that object exists', () => {
    const absent: Record<string, unknown> = { spec: { replicas: 5 } };
    applyDefaults(absent, schema);
    assert.equal((absent.spec as Record<string, unknown>).backup, undefined);

    const present: Record<string, unknown> = { spec: { backup: { enabled: true } } };
    applyDefaults(present, schema);
    assert.deepEqual((present.spec as Record<string, unknown>).backup, { enabled: true, retention: '720h' });
  });

  it('keeps values that are set, including falsy ones', () => {
    const obj: Record<string, unknown> = { spec: { replicas: 0, mode: '', tags: [], backup: { enabled: false, retention: '' } } };
    applyDefaults(obj, schema);
    const spec = obj.spec as Record<string, unknown>;
    assert.equal(spec.replicas, 0);
    assert.equal(spec.mode, '');
    assert.deepEqual(spec.tags, []);
    assert.deepEqual(spec.backup, { enabled: false, retention: '' });
  });

  it('defaults array items and additionalProperties map values', () => {
    const obj: Record<string, unknown> = { spec: { workers: [{ name: 'a' }, { name: 'b', threads: 8 }], limits: { cpu: {}, mem: { max: 4 } } } };
    applyDefaults(obj, schema);
    const spec = obj.spec as Record<string, unknown>;
    assert.deepEqual(spec.workers, [
      { name: 'a', threads: 2 },
      { name: 'b', threads: 8 },
    ]);
    assert.deepEqual(spec.limits, { cpu: { max: 10 }, mem: { max: 4 } });
  });

  it('replaces null with the default for a non-nullable property that has one', () => {
    const obj: Record<string, unknown> = { spec: { replicas: null, mode: null, slots: ['x', null], weights: { a: null, b: 5 } } };
    applyDefaults(obj, schema);
    const spec = obj.spec as Record<string, unknown>;
    assert.equal(spec.replicas, 1);
    assert.equal(spec.mode, 'Fast');
    assert.deepEqual(spec.slots, ['x', 'empty']);
    assert.deepEqual(spec.weights, { a: 1, b: 5 });
  });

  it('keeps null for a nullable property, even one with a default', () => {
    const obj: Record<string, unknown> = { spec: { note: null, maybe: null } };
    applyDefaults(obj, schema);
    const spec = obj.spec as Record<string, unknown>;
    assert.equal(spec.note, null);
    assert.equal(spec.maybe, null);
    assert.ok('maybe' in spec);
  });

  it('removes null for a non-nullable property without a default', () => {
    const obj: Record<string, unknown> = { spec: { plain: null, backup: null } };
    applyDefaults(obj, schema);
    const spec = obj.spec as Record<string, unknown>;
    assert.ok(!('plain' in spec));
    assert.ok(!('backup' in spec));
  });

  it('deep-copies defaults so objects never share them', () => {
    const a: Record<string, unknown> = { spec: {} };
    const b: Record<string, unknown> = { spec: {} };
    applyDefaults(a, schema);
    applyDefaults(b, schema);
    const tagsA = (a.spec as Record<string, unknown>).tags as string[];
    tagsA.push('mutated');
    assert.deepEqual((b.spec as Record<string, unknown>).tags, ['a']);
    assert.deepEqual(schema.properties?.spec.properties?.tags.default, ['a']);
    assert.deepEqual(schema.properties?.spec.properties?.policy.default, {});
  });

  it('is idempotent', () => {
    const obj: Record<string, unknown> = { spec: { workers: [{}] } };
    applyDefaults(obj, schema);
    const once = structuredClone(obj);
    applyDefaults(obj, schema);
    assert.deepEqual(obj, once);
  });
});
