// Schema fragments shared by many CRDs. Each is a function so that every use is a fresh object:
// a shared object would be written out as a YAML alias.

import type { JsonSchema } from './crd-builder.js';

export const string = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
export const boolean = (extra: JsonSchema = {}): JsonSchema => ({ type: 'boolean', ...extra });
export const int32 = (extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', format: 'int32', ...extra });
export const int64 = (extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', format: 'int64', ...extra });
export const dateTime = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', format: 'date-time', ...extra });
export const stringList = (extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items: { type: 'string' }, ...extra });
export const stringMap = (extra: JsonSchema = {}): JsonSchema => ({ type: 'object', additionalProperties: { type: 'string' }, ...extra });
export const arrayOf = (items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items, ...extra });

/** An object whose fields Lifeboat does not read: kept as the client sent it. */
export const freeform = (extra: JsonSchema = {}): JsonSchema => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...extra });

/**
 * An object with the fields Lifeboat relies on typed, and everything else kept as sent, so that
 * real upstream objects (with fields this schema does not list) are stored unchanged.
 */
export const openObject = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  properties,
  'x-kubernetes-preserve-unknown-fields': true,
  ...extra,
});

/** A closed object: unknown fields are pruned, as for upstream's generated schemas. */
export const object = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({ type: 'object', properties, ...extra });

export const localObjectReference = (): JsonSchema => object({ name: string() });

/** metav1.Condition as most OCM and Hive APIs use it, loose on optional fields. */
export const conditions = (): JsonSchema =>
  arrayOf(
    object(
      {
        type: string(),
        status: string(),
        reason: string(),
        message: string(),
        lastTransitionTime: dateTime(),
        lastProbeTime: dateTime(),
        lastHeartbeatTime: dateTime(),
        observedGeneration: int64(),
      },
      { required: ['type', 'status'] },
    ),
  );

export const labelSelector = (extra: JsonSchema = {}): JsonSchema =>
  object(
    {
      matchLabels: stringMap(),
      matchExpressions: arrayOf(object({ key: string(), operator: string(), values: stringList() }, { required: ['key', 'operator'] })),
    },
    extra,
  );

/** The usual `{ spec, status }` pair of a kind whose content Lifeboat never reads. */
export const freeformSpecAndStatus = (): Record<string, JsonSchema> => ({ spec: freeform(), status: freeform() });
