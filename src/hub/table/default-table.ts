// rest.NewDefaultTableConvertor: the table for kinds without a printer (Roles, LimitRanges,
// CustomResourceDefinitions, ...), with the creation time as an RFC3339 string.

import { CREATION_TIMESTAMP_DESCRIPTION, NAME_COLUMN, column } from './columns.js';
import { formatRFC3339 } from './time.js';
import type { TableSpec } from './types.js';
import { at, str } from './unstructured.js';

export const DEFAULT_TABLE: TableSpec = {
  columns: [NAME_COLUMN, column('Created At', CREATION_TIMESTAMP_DESCRIPTION, { type: 'date' })],
  cells: (obj) => [str(at(obj, 'metadata', 'name')), formatRFC3339(at(obj, 'metadata', 'creationTimestamp'))],
};
