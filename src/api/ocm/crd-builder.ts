// Turns a compact description of a custom resource into the apiextensions.k8s.io/v1
// CustomResourceDefinition kube-apiserver (and the embedded hub) accepts. One description also
// yields the resource's location, so code that reads a kind never needs a discovery round-trip.

/** The structural subset of OpenAPI v3 that CRD schemas allow. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  enum?: (string | number | boolean)[];
  pattern?: string;
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-embedded-resource'?: true;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface CrdVersionDefinition {
  name: string;
  /** Defaults to true. */
  served?: boolean;
  storage: boolean;
  /** Top-level fields besides apiVersion/kind/metadata, usually `spec` and `status`. */
  properties: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  printerColumns?: PrinterColumn[];
  statusSubresource?: boolean;
}

export interface CrdDefinition {
  group: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  shortNames?: string[];
  categories?: string[];
  versions: CrdVersionDefinition[];
  /** Labels on the CRD object itself. */
  labels?: Record<string, string>;
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JsonSchema };
      additionalPrinterColumns?: PrinterColumn[];
      subresources?: { status: Record<string, never> };
    }[];
  };
}

/** Where a kind lives in the API; structurally what src/kube's ResourceRef expects. */
export interface ApiResource {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly kind: string;
}

export function crdName(def: CrdDefinition): string {
  return `${def.plural}.${def.group}`;
}

export function renderCrd(def: CrdDefinition): CustomResourceDefinition {
  const names: CustomResourceDefinition['spec']['names'] = {
    kind: def.kind,
    listKind: `${def.kind}List`,
    plural: def.plural,
    singular: def.kind.toLowerCase(),
  };
  if (def.shortNames?.length) names.shortNames = [...def.shortNames];
  if (def.categories?.length) names.categories = [...def.categories];
  const metadata: CustomResourceDefinition['metadata'] = { name: crdName(def) };
  if (def.labels) metadata.labels = { ...def.labels };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: {
      group: def.group,
      names,
      scope: def.scope,
      versions: def.versions.map((v) => {
        const openAPIV3Schema: JsonSchema = {
          type: 'object',
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: { type: 'object' },
            ...structuredClone(v.properties),
          },
        };
        if (v.description) openAPIV3Schema.description = v.description;
        if (v.required?.length) openAPIV3Schema.required = [...v.required];
        const out: CustomResourceDefinition['spec']['versions'][number] = {
          name: v.name,
          served: v.served ?? true,
          storage: v.storage,
          schema: { openAPIV3Schema },
        };
        if (v.printerColumns?.length) out.additionalPrinterColumns = v.printerColumns.map((c) => ({ ...c }));
        if (v.statusSubresource) out.subresources = { status: {} };
        return out;
      }),
    },
  };
}

/** The storage version's location, which is what controllers read and write. */
export function resourceOf(def: CrdDefinition): ApiResource {
  const storage = def.versions.find((v) => v.storage);
  if (!storage) throw new Error(`${crdName(def)} has no storage version`);
  return Object.freeze({ group: def.group, version: storage.name, plural: def.plural, namespaced: def.scope === 'Namespaced', kind: def.kind });
}
