// The part of a CRD `openAPIV3Schema` the hub understands. Everything is optional because the
// schema arrives as client JSON; crd-validation.ts is what enforces the structural rules.
// Keywords upstream forbids in CRDs ($ref, patternProperties, ...) are declared so the validator
// can name them in its errors.

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

export interface JSONSchemaProps {
  /** One of SchemaType in a valid schema; kept as string because client input is not trusted. */
  type?: string;
  format?: string;
  description?: string;
  title?: string;
  default?: unknown;
  example?: unknown;
  nullable?: boolean;
  enum?: unknown[];

  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  additionalProperties?: boolean | JSONSchemaProps;
  minProperties?: number;
  maxProperties?: number;

  items?: JSONSchemaProps;
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

  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;

  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  /** 'atomic' | 'set' | 'map' */
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  /** 'atomic' | 'granular' */
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];

  // Not allowed in CRD schemas; present only so validateCrdSpec can reject them by name.
  $ref?: string;
  id?: string;
  patternProperties?: Record<string, JSONSchemaProps>;
  additionalItems?: boolean | JSONSchemaProps;
  definitions?: Record<string, JSONSchemaProps>;
  dependencies?: Record<string, unknown>;
  externalDocs?: { description?: string; url?: string };
}
