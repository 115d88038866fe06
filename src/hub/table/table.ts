// meta.k8s.io/v1 Table responses for `kubectl get`: column definitions from a TableSpec, one row
// per object, and the row object shaped by the request's includeObject.

import type { TableSpec } from './types.js';

export type { ColumnDefinition, TableSpec } from './types.js';
export { crdTableSpec, type PrinterColumn } from './crd-table.js';
export { builtinTableSpec } from './builtin-tables.js';

export interface BuildTableOptions {
  includeObject: 'None' | 'Metadata' | 'Object';
  now: number;
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
  /** Watch events after the first omit column definitions, as the real server does. */
  noHeaders?: boolean;
}

function rowObject(obj: Record<string, unknown>, mode: BuildTableOptions['includeObject']): Record<string, unknown> | undefined {
  switch (mode) {
    case 'Object':
      return obj;
    case 'Metadata':
      // kubectl reads namespace, labels and the like from here (-A, --show-labels, -L).
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
    case 'None':
      return undefined;
  }
}

export function buildTable(spec: TableSpec, objects: readonly Record<string, unknown>[], opts: BuildTableOptions): Record<string, unknown> {
  const metadata: Record<string, unknown> = { resourceVersion: opts.resourceVersion };
  if (opts.continueToken) metadata.continue = opts.continueToken;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  const rows = objects.map((obj) => {
    const row: Record<string, unknown> = { cells: spec.cells(obj, opts.now) };
    const object = rowObject(obj, opts.includeObject);
    if (object) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.noHeaders ? [] : spec.columns,
    rows,
  };
}
