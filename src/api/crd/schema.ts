// The OpenAPI v3 schema of a CRD version (apiextensions.k8s.io/v1 JSONSchemaProps), and the
// building blocks every API group writes its CRD schemas with. The hub validates any client's CRD
// against this same type, so every field is optional and loosely typed where clients are loose;
// the hub's CRD validation is what enforces the structural rules. Keywords CRDs forbid ($ref,
// patternProperties, ...) are declared so that validation can name them in its errors.

/** One `x-kubernetes-validations` entry. The hub does not evaluate CEL; it only notices rules. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface JsonSchema {
  /** One of SchemaType in a valid schema; kept as string because client input is not trusted. */
  type?: string;
  format?: string;
  description?: string;
  title?: string;
  default?: unknown;
  example?: unknown;
  nullable?: boolean;
  enum?: unknown[];

  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  maxProperties?: number;

  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;

  pattern?: string;
  minLength?: number;
  maxLength?: number;

  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;

  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;

  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  /** 'atomic' | 'set' | 'map' */
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  /** 'atomic' | 'granular' */
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];

  // Not allowed in CRD schemas; present only so CRD validation can reject them by name.
  $ref?: string;
  id?: string;
  patternProperties?: Record<string, JsonSchema>;
  additionalItems?: boolean | JsonSchema;
  definitions?: Record<string, JsonSchema>;
  dependencies?: Record<string, unknown>;
  externalDocs?: { description?: string; url?: string };
}

// ---------------------------------------------------------------------------------------------
// Building blocks. Each is a function so that every use is a fresh object (a shared object would
// be written out as a YAML alias); `extra` adds or overrides keywords, in the order given.

export const string = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
export const boolean = (extra: JsonSchema = {}): JsonSchema => ({ type: 'boolean', ...extra });
export const integer = (extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', ...extra });
export const int32 = (extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', format: 'int32', ...extra });
export const int64 = (extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', format: 'int64', ...extra });
export const dateTime = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', format: 'date-time', ...extra });
export const stringList = (extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items: { type: 'string' }, ...extra });
export const stringMap = (extra: JsonSchema = {}): JsonSchema => ({ type: 'object', additionalProperties: { type: 'string' }, ...extra });
export const arrayOf = (items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items, ...extra });
export const enumOf = (values: readonly string[], extra: JsonSchema = {}): JsonSchema => ({ type: 'string', enum: [...values], ...extra });

/** metav1.Time as Go writes it: RFC 3339, and null when unset. */
export const time = (extra: JsonSchema = {}): JsonSchema => dateTime({ nullable: true, ...extra });

/** metav1.Duration: a Go duration string such as `720h0m0s`. */
export const duration = string;

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

/** The usual `{ spec, status }` pair of a kind whose content Lifeboat never reads. */
export const freeformSpecAndStatus = (): Record<string, JsonSchema> => ({ spec: freeform(), status: freeform() });

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

/** metav1.LabelSelector as Go writes it: null when unset, and replaced as a whole by merges. */
export const labelSelector = (): JsonSchema =>
  object(
    {
      matchExpressions: arrayOf(
        object(
          { key: string(), operator: string({ description: 'In, NotIn, Exists or DoesNotExist.' }), values: stringList() },
          { required: ['key', 'operator'] },
        ),
      ),
      matchLabels: stringMap(),
    },
    { nullable: true, 'x-kubernetes-map-type': 'atomic' },
  );
