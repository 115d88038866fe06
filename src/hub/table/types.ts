// Shapes shared by the Table builders. Field names match meta.k8s.io/v1 TableColumnDefinition so a
// ColumnDefinition serialises as is.

export interface ColumnDefinition {
  name: string;
  /** OpenAPI type: `string`, `integer`, `number`, `boolean` or `date`. */
  type: string;
  /** OpenAPI format, e.g. `name`; empty when none. */
  format: string;
  description: string;
  /** 0 for default columns; higher ones appear only with `-o wide`. */
  priority: number;
}

export interface TableSpec {
  columns: ColumnDefinition[];
  /** One row's cells, in column order; `now` (ms since epoch) is what ages are measured against. */
  cells(obj: Record<string, unknown>, now: number): unknown[];
}
