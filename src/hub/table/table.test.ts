import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTable, builtinTableSpec, crdTableSpec } from './table.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');

const cm = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace: 'team-a', labels: { app: 'web' }, resourceVersion: '41', creationTimestamp: '2025-06-01T11:59:30Z' },
  data: { a: '1' },
};

describe('buildTable', () => {
  const spec = builtinTableSpec('', 'ConfigMap');
  const base = { now: NOW, resourceVersion: '42' };

  it('carries PartialObjectMetadata rows with includeObject=Metadata', () => {
    const t = buildTable(spec, [cm], { ...base, includeObject: 'Metadata' });
    assert.deepEqual(t, {
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '42' },
      columnDefinitions: spec.columns,
      rows: [
        {
          cells: ['cfg', 1, '30s'],
          object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata },
        },
      ],
    });
  });

  it('carries the whole object with includeObject=Object', () => {
    const t = buildTable(spec, [cm], { ...base, includeObject: 'Object' });
    assert.deepEqual((t.rows as { object: unknown }[])[0].object, cm);
  });

  it('carries no object with includeObject=None', () => {
    const t = buildTable(spec, [cm], { ...base, includeObject: 'None' });
    const row = (t.rows as Record<string, unknown>[])[0];
    assert.deepEqual(row, { cells: ['cfg', 1, '30s'] });
    assert.equal('object' in row, false);
  });

  it('passes pagination through and can omit the headers', () => {
    const t = buildTable(spec, [cm, { ...cm, metadata: { ...cm.metadata, name: 'cfg2' } }], {
      ...base,
      includeObject: 'None',
      continueToken: 'abc',
      remainingItemCount: 5,
      noHeaders: true,
    });
    assert.deepEqual(t.metadata, { resourceVersion: '42', continue: 'abc', remainingItemCount: 5 });
    assert.deepEqual(t.columnDefinitions, []);
    assert.deepEqual(
      (t.rows as { cells: unknown[] }[]).map((r) => r.cells[0]),
      ['cfg', 'cfg2'],
    );
  });

  it('builds an empty table for an empty list', () => {
    const t = buildTable(crdTableSpec(undefined), [], { ...base, includeObject: 'Metadata' });
    assert.deepEqual(t.rows, []);
    assert.deepEqual(
      (t.columnDefinitions as { name: string }[]).map((c) => c.name),
      ['Name', 'Age'],
    );
  });

  it('serialises column definitions with every field upstream sends', () => {
    const json = JSON.parse(JSON.stringify(buildTable(spec, [], { ...base, includeObject: 'Metadata' })));
    assert.deepEqual(Object.keys(json.columnDefinitions[0]).sort(), ['description', 'format', 'name', 'priority', 'type']);
  });
});
