// Tables for custom resources, after apiextensions-apiserver's tableconvertor: Name first, then the
// version's additionalPrinterColumns (or just Age when it declares none), each cell evaluated with
// JSONPath and converted by the column's type.

import { CREATION_TIMESTAMP_DESCRIPTION, NAME_COLUMN } from './columns.js';
import { goPrint } from './go-print.js';
import { JsonPathSyntaxError, compileSimpleJsonPath, evalSimpleJsonPath } from './jsonpath.js';
import { humanDuration } from './human-duration.js';
import { isZeroTime, parseTimestamp } from './time.js';
import type { ColumnDefinition, TableSpec } from './types.js';
import { at, str } from './unstructured.js';

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

// What the apiserver serves for a version without printer columns.
const DEFAULT_COLUMNS: PrinterColumn[] = [{ name: 'Age', type: 'date', description: CREATION_TIMESTAMP_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' }];

/** cellForJSONValue: a value of the wrong JSON type gives an empty cell, not a conversion. */
function typedCell(type: string, value: unknown, now: number): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      // JSON numbers decode as int64 when integral and float64 otherwise; Go truncates the latter.
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      if (value === '' || value === 'null') return '<unknown>';
      const t = parseTimestamp(value);
      if (t === undefined) return '<invalid>';
      return isZeroTime(t) ? '<unknown>' : humanDuration(now - t);
    }
    default:
      return null;
  }
}

function cell(col: PrinterColumn, valid: boolean, obj: Record<string, unknown>, now: number): unknown {
  if (!valid) return null;
  const results = evalSimpleJsonPath(obj, col.jsonPath);
  if (results.length === 0) return null;
  // Upstream assumes a simple path and uses only the first match, even for `[*]` paths.
  const value = results[0];
  return col.type === 'string' ? goPrint(value) : typedCell(col.type, value, now);
}

function isValidPath(path: string): boolean {
  try {
    compileSimpleJsonPath(`{${path}}`);
    return true;
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) return false;
    throw e;
  }
}

export function crdTableSpec(printerColumns: readonly PrinterColumn[] | undefined): TableSpec {
  const cols = printerColumns && printerColumns.length > 0 ? printerColumns : DEFAULT_COLUMNS;
  const valid = cols.map((c) => isValidPath(c.jsonPath));
  const columns: ColumnDefinition[] = [
    NAME_COLUMN,
    ...cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
  return {
    columns,
    cells: (obj, now) => [str(at(obj, 'metadata', 'name')), ...cols.map((c, i) => cell(c, valid[i], obj, now))],
  };
}
