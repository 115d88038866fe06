// Column definition helpers and the ObjectMeta swagger descriptions the real server puts on its
// Name and Age columns: kubectl ignores descriptions, but other Table clients display them.

import type { ColumnDefinition } from './types.js';

export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function column(name: string, description: string, opts: Partial<Omit<ColumnDefinition, 'name' | 'description'>> = {}): ColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** Wide-only column (`-o wide`). */
export function wide(name: string, description: string, opts: Partial<Omit<ColumnDefinition, 'name' | 'description'>> = {}): ColumnDefinition {
  return column(name, description, { ...opts, priority: 1 });
}

export const NAME_COLUMN: ColumnDefinition = column('Name', NAME_DESCRIPTION, { format: 'name' });

// Built-in printers pre-format the age, so their Age column is typed string, not date.
export const AGE_COLUMN: ColumnDefinition = column('Age', CREATION_TIMESTAMP_DESCRIPTION);
