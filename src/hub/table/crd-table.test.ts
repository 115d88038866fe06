import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crdTableSpec } from './crd-table.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');

const widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w1', namespace: 'default', creationTimestamp: '2025-06-01T11:55:00Z' },
  spec: {
    size: 3,
    ratio: 2.5,
    big: 1e-7,
    enabled: true,
    color: 'blue',
    sizeText: '4',
    nothing: null,
    tags: ['b', 'a'],
    selector: { z: '1', a: '<&>' },
    items: [{ name: 'x' }, { name: 'y' }],
  },
  status: {
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-06-01T09:00:00Z' }],
    when: 'yesterday',
    emptyTime: '',
  },
};

describe('crdTableSpec', () => {
  it('has Name and Age only when the version declares no printer columns', () => {
    for (const spec of [crdTableSpec(undefined), crdTableSpec([])]) {
      assert.deepEqual(
        spec.columns.map((c) => [c.name, c.type, c.format, c.priority]),
        [
          ['Name', 'string', 'name', 0],
          ['Age', 'date', '', 0],
        ],
      );
      assert.match(spec.columns[0].description, /^Name must be unique within a namespace/);
      assert.match(spec.columns[1].description, /^CreationTimestamp is a timestamp/);
      assert.deepEqual(spec.cells(widget, NOW), ['w1', '5m']);
    }
  });

  it('uses exactly the printer columns, in order, with no automatic Age', () => {
    const spec = crdTableSpec([
      { name: 'Size', type: 'integer', jsonPath: '.spec.size', description: 'How big' },
      { name: 'Color', type: 'string', format: 'byte', priority: 1, jsonPath: '.spec.color' },
    ]);
    assert.deepEqual(spec.columns.slice(1), [
      { name: 'Size', type: 'integer', format: '', description: 'How big', priority: 0 },
      { name: 'Color', type: 'string', format: 'byte', description: 'Custom resource definition column (in JSONPath format): .spec.color', priority: 1 },
    ]);
    assert.deepEqual(spec.cells(widget, NOW), ['w1', 3, 'blue']);
  });

  it('converts integer columns', () => {
    const spec = crdTableSpec([
      { name: 'A', type: 'integer', jsonPath: '.spec.size' },
      { name: 'B', type: 'integer', jsonPath: '.spec.ratio' },
      { name: 'C', type: 'integer', jsonPath: '.spec.sizeText' },
      { name: 'D', type: 'integer', jsonPath: '.spec.missing' },
    ]);
    // Floats are truncated; a string is the wrong type and gives an empty cell, as upstream.
    assert.deepEqual(spec.cells(widget, NOW).slice(1), [3, 2, null, null]);
  });

  it('converts number and boolean columns', () => {
    const spec = crdTableSpec([
      { name: 'A', type: 'number', jsonPath: '.spec.ratio' },
      { name: 'B', type: 'number', jsonPath: '.spec.size' },
      { name: 'C', type: 'number', jsonPath: '.spec.color' },
      { name: 'D', type: 'boolean', jsonPath: '.spec.enabled' },
      { name: 'E', type: 'boolean', jsonPath: '.spec.color' },
      { name: 'F', type: 'boolean', jsonPath: '.spec.missing' },
    ]);
    assert.deepEqual(spec.cells(widget, NOW).slice(1), [2.5, 3, null, true, null, null]);
  });

  it('prints string columns the way JSONPath prints values', () => {
    const spec = crdTableSpec([
      { name: 'A', type: 'string', jsonPath: '.spec.color' },
      { name: 'B', type: 'string', jsonPath: '.spec.size' },
      { name: 'C', type: 'string', jsonPath: '.spec.ratio' },
      { name: 'D', type: 'string', jsonPath: '.spec.big' },
      { name: 'E', type: 'string', jsonPath: '.spec.enabled' },
      { name: 'F', type: 'string', jsonPath: '.spec.tags' },
      { name: 'G', type: 'string', jsonPath: '.spec.selector' },
      { name: 'H', type: 'string', jsonPath: '.spec.items[*].name' },
      { name: 'I', type: 'string', jsonPath: '.spec.nothing' },
      { name: 'J', type: 'string', jsonPath: '.spec.missing' },
      { name: 'K', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    ]);
    assert.deepEqual(spec.cells(widget, NOW).slice(1), [
      'blue',
      '3',
      '2.5',
      '1e-07',
      'true',
      '["b","a"]',
      // Go's encoding/json: sorted keys, HTML characters escaped.
      '{"a":"\\u003c\\u0026\\u003e","z":"1"}',
      // Only the first match is used, as upstream assumes a simple path.
      'x',
      '<no value>',
      null,
      'True',
    ]);
  });

  it('converts date columns to ages computed on the server', () => {
    const spec = crdTableSpec([
      { name: 'A', type: 'date', jsonPath: '.status.conditions[0].lastTransitionTime' },
      { name: 'B', type: 'date', jsonPath: '.status.when' },
      { name: 'C', type: 'date', jsonPath: '.status.emptyTime' },
      { name: 'D', type: 'date', jsonPath: '.spec.size' },
      { name: 'E', type: 'date', jsonPath: '.status.missing' },
      { name: 'F', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]);
    assert.deepEqual(spec.cells(widget, NOW).slice(1), ['3h', '<invalid>', '<unknown>', null, null, '5m']);
  });

  it('leaves a column with an unparsable path empty', () => {
    const spec = crdTableSpec([{ name: 'Bad', type: 'string', jsonPath: '.spec.items[0' }]);
    assert.deepEqual(spec.cells(widget, NOW), ['w1', null]);
  });
});
