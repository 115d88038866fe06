// A small renderer for apiextensions.k8s.io/v1 CustomResourceDefinitions and the structural
// OpenAPI v3 schema pieces they are made of. One API group per caller; this file knows no kinds.

export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  enum?: readonly string[];
  nullable?: boolean;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  required?: readonly string[];
  minimum?: number;
  minItems?: number;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  format?: string;
  /** 0: shown by `kubectl get`; 1 and up: only with `-o wide`. */
  priority?: number;
}

export interface CrdDefinition {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular?: string;
  shortNames?: readonly string[];
  categories?: readonly string[];
  scope: 'Namespaced' | 'Cluster';
  description?: string;
  labels?: Record<string, string>;
  /** Top-level fields other than apiVersion/kind/metadata (usually spec and status). */
  properties: Record<string, JSONSchemaProps>;
  printerColumns?: readonly PrinterColumn[];
  /** Omitted: no subresources, so status is written with the main resource. */
  statusSubresource?: boolean;
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: Array<{
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JSONSchemaProps };
      subresources?: { status?: Record<string, never> };
      additionalPrinterColumns?: PrinterColumn[];
    }>;
  };
}

export function renderCrd(def: CrdDefinition): CustomResourceDefinition {
  const singular = def.singular ?? def.kind.toLowerCase();
  const names: CustomResourceDefinition['spec']['names'] = { kind: def.kind, listKind: `${def.kind}List`, plural: def.plural, singular };
  if (def.shortNames?.length) names.shortNames = [...def.shortNames];
  if (def.categories?.length) names.categories = [...def.categories];
  const version: CustomResourceDefinition['spec']['versions'][number] = {
    name: def.version,
    served: true,
    storage: true,
    schema: {
      openAPIV3Schema: {
        type: 'object',
        ...(def.description ? { description: def.description } : {}),
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          // Schemas share building blocks; each CRD gets its own copy.
          ...(structuredClone(def.properties) as Record<string, JSONSchemaProps>),
        },
      },
    },
  };
  if (def.statusSubresource) version.subresources = { status: {} };
  if (def.printerColumns?.length) version.additionalPrinterColumns = [...def.printerColumns];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${def.plural}.${def.group}`, ...(def.labels ? { labels: { ...def.labels } } : {}) },
    spec: { group: def.group, names, scope: def.scope, versions: [version] },
  };
}

// ---------------------------------------------------------------------------------------------
// Schema building blocks

export function str(description?: string, extra: Partial<JSONSchemaProps> = {}): JSONSchemaProps {
  return { type: 'string', ...(description ? { description } : {}), ...extra };
}

export function int(description?: string, extra: Partial<JSONSchemaProps> = {}): JSONSchemaProps {
  return { type: 'integer', ...(description ? { description } : {}), ...extra };
}

export function bool(description?: string): JSONSchemaProps {
  return { type: 'boolean', ...(description ? { description } : {}) };
}

export function enumOf(values: readonly string[], description?: string): JSONSchemaProps {
  return { type: 'string', enum: [...values], ...(description ? { description } : {}) };
}

/** metav1.Time: RFC3339, and null when unset. */
export function time(description?: string): JSONSchemaProps {
  return { type: 'string', format: 'date-time', nullable: true, ...(description ? { description } : {}) };
}

/** metav1.Duration: a Go duration string such as `720h0m0s`. */
export function duration(description?: string): JSONSchemaProps {
  return { type: 'string', ...(description ? { description } : {}) };
}

export function arrayOf(items: JSONSchemaProps, description?: string, extra: Partial<JSONSchemaProps> = {}): JSONSchemaProps {
  return { type: 'array', items, ...(description ? { description } : {}), ...extra };
}

export function stringList(description?: string): JSONSchemaProps {
  return arrayOf({ type: 'string' }, description);
}

export function stringMap(description?: string): JSONSchemaProps {
  return { type: 'object', additionalProperties: { type: 'string' }, ...(description ? { description } : {}) };
}

export function obj(properties: Record<string, JSONSchemaProps>, description?: string, extra: Partial<JSONSchemaProps> = {}): JSONSchemaProps {
  return { type: 'object', properties, ...(description ? { description } : {}), ...extra };
}

/** An object whose content the API server keeps verbatim (free-form parts of a spec). */
export function freeForm(description?: string): JSONSchemaProps {
  return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...(description ? { description } : {}) };
}

/** metav1.LabelSelector. */
export function labelSelector(description?: string): JSONSchemaProps {
  return obj(
    {
      matchExpressions: arrayOf(
        obj(
          {
            key: str(),
            operator: str('In, NotIn, Exists or DoesNotExist.'),
            values: arrayOf({ type: 'string' }),
          },
          undefined,
          { required: ['key', 'operator'] },
        ),
      ),
      matchLabels: stringMap(),
    },
    description,
    { nullable: true, 'x-kubernetes-map-type': 'atomic' },
  );
}
