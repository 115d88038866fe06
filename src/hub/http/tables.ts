import { findVersion, type ResourceType } from '../registry/resource-type.js';
import type { ApiObject } from '../../api/meta.js';
import { badRequest } from '../errors.js';
import { buildTable, builtinTableSpec, crdTableSpec, type TableSpec } from '../table/table.js';

export interface TableOptions {
  includeObject: 'None' | 'Metadata' | 'Object';
  now: number;
}

export function tableOptions(q: URLSearchParams, now: number): TableOptions {
  const include = q.get('includeObject') ?? 'Metadata';
  if (!['None', 'Metadata', 'Object'].includes(include)) {
    throw badRequest(`includeObject: Unsupported value: "${include}": supported values: "None", "Metadata", "Object"`);
  }
  return { includeObject: include as TableOptions['includeObject'], now };
}

export function tableSpecFor(rt: ResourceType, version: string): TableSpec {
  if (rt.crdName) return crdTableSpec(findVersion(rt, version)?.printerColumns);
  return builtinTableSpec(rt.group, rt.kind);
}

export function tableFor(
  rt: ResourceType,
  version: string,
  objects: ApiObject[],
  opts: TableOptions & { resourceVersion: string; continueToken?: string; remainingItemCount?: number; noHeaders?: boolean },
): Record<string, unknown> {
  return buildTable(tableSpecFor(rt, version), objects, opts);
}
